"""The emulator's AWS side in moto, and the AWS helper look-ups answered from moto's state."""

import boto3
import pytest

from palette_emulator.schema import validate_body

from .helpers import create_running, dynamic_eks, example

ACCOUNT = "6650a1b2c3d4e5f601234567"
OWNED = "tag:sigs.k8s.io/cluster-api-provider-aws/cluster/%s"


@pytest.fixture
def ec2(aws_env):
    return boto3.client("ec2", region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _owned(client_call, key, name):
    return client_call(Filters=[{"Name": OWNED % name, "Values": ["owned"]}])[key]


def test_dynamic_placement_creates_tagged_network_and_normal_delete_removes_it(clean_env, ec2, aws_env):
    uid, _ignored = create_running(clean_env, dynamic_eks("dyn-a"))
    vpcs = _owned(ec2.describe_vpcs, "Vpcs", "dyn-a")
    assert len(vpcs) == 1
    tags = {t["Key"]: t["Value"] for t in vpcs[0]["Tags"]}
    assert tags["Name"] == "dyn-a-vpc" and tags["sigs.k8s.io/cluster-api-provider-aws/role"] == "common"
    assert tags["spectro__ownerUid"]
    subnets = _owned(ec2.describe_subnets, "Subnets", "dyn-a")
    assert len(subnets) == 4 and {s["AvailabilityZone"] for s in subnets} == {"us-east-1a", "us-east-1b"}
    assert len(_owned(ec2.describe_nat_gateways, "NatGateways", "dyn-a")) == 2
    assert len(_owned(ec2.describe_addresses, "Addresses", "dyn-a")) == 2
    assert len(_owned(ec2.describe_internet_gateways, "InternetGateways", "dyn-a")) == 1
    assert len(_owned(ec2.describe_volumes, "Volumes", "dyn-a")) == 1
    lb_sg = ec2.describe_security_groups(Filters=[{"Name": "tag:kubernetes.io/cluster/dyn-a", "Values": ["owned"]}])
    assert [g["GroupName"] for g in lb_sg["SecurityGroups"]] == ["dyn-a-lb"]
    elb = boto3.client("elb", region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    assert [d["LoadBalancerName"] for d in elb.describe_load_balancers()["LoadBalancerDescriptions"]] == \
        ["dyn-a-apiserver"]
    # the helper look-up sees the same VPC with public/private subnets
    vpcs_api = clean_env.api("GET", "/v1/clouds/aws/regions/us-east-1/vpcs?cloudAccountUid=%s" % ACCOUNT)[1]
    assert validate_body("v1AwsVpcs", vpcs_api) == []
    mine = [v for v in vpcs_api["vpcs"] if v["name"] == "dyn-a-vpc"][0]
    private = {s["name"]: s["isPrivate"] for s in mine["subnets"]}
    assert private["dyn-a-subnet-public-us-east-1a"] is False and private["dyn-a-subnet-private-us-east-1a"] is True
    # normal delete removes everything
    clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)
    clean_env.advance_clock(5)
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["status"]["state"] == "Deleted"
    assert _owned(ec2.describe_vpcs, "Vpcs", "dyn-a") == []
    assert _owned(ec2.describe_subnets, "Subnets", "dyn-a") == []
    assert _owned(ec2.describe_volumes, "Volumes", "dyn-a") == []
    assert _owned(ec2.describe_addresses, "Addresses", "dyn-a") == []
    assert elb.describe_load_balancers()["LoadBalancerDescriptions"] == []
    assert clean_env.clusters("dyn-a")[0]["awsErrors"] == []


def test_force_delete_leaves_resources_behind(clean_env, ec2):
    uid, _ignored = create_running(clean_env, dynamic_eks("dyn-f"))
    clean_env.mark_stuck(uid)
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)[0] == 204
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)[0] == 400
    clean_env.advance_clock(901)
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)[0] == 204
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["status"]["state"] == "Deleted"
    assert len(_owned(ec2.describe_vpcs, "Vpcs", "dyn-f")) == 1
    assert len(_owned(ec2.describe_nat_gateways, "NatGateways", "dyn-f")) == 2
    assert len(_owned(ec2.describe_addresses, "Addresses", "dyn-f")) == 2
    assert len(_owned(ec2.describe_volumes, "Volumes", "dyn-f")) == 1
    assert _owned(ec2.describe_network_interfaces, "NetworkInterfaces", "dyn-f") == []


def test_static_placement_uses_the_given_vpc(clean_env, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    sa = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    sb = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    body = example("eks-create")
    body["spec"]["cloudConfig"]["vpcId"] = vpc
    for mp in body["spec"]["machinepoolconfig"]:
        mp["cloudConfig"]["subnets"] = [{"az": "us-east-1a", "id": sa}, {"az": "us-east-1b", "id": sb}]
    uid, _ignored = create_running(clean_env, body)
    assert _owned(ec2.describe_vpcs, "Vpcs", "eks-demo") == []
    groups = _owned(ec2.describe_security_groups, "SecurityGroups", "eks-demo")
    assert {g["VpcId"] for g in groups} == {vpc} and len(groups) == 5
    clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)
    clean_env.advance_clock(5)
    assert _owned(ec2.describe_security_groups, "SecurityGroups", "eks-demo") == []
    assert ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]


def test_helper_lookups_from_moto(clean_env, aws_env, ec2):
    q = "?cloudAccountUid=%s" % ACCOUNT
    ec2.create_key_pair(KeyName="my-key")
    regions = clean_env.api("GET", "/v1/clouds/aws/regions" + q)[1]
    assert "us-east-1" in [r["name"] for r in regions["regions"]]
    zones = clean_env.api("GET", "/v1/clouds/aws/regions/us-east-1/availabilityzones" + q)[1]
    assert "us-east-1a" in [z["name"] for z in zones["zones"]]
    assert clean_env.api("GET", "/v1/clouds/aws/regions/us-east-1/keypairs" + q)[1] == {"keyNames": ["my-key"]}
    assert clean_env.api("POST", "/v1/clouds/aws/regions/us-east-1/keypairs/my-key/validate" + q)[0] == 204
    assert clean_env.api("POST", "/v1/clouds/aws/regions/us-east-1/keypairs/nope/validate" + q)[0] == 404
    assert clean_env.api("GET", "/v1/clouds/aws/regions")[0] == 400           # cloudAccountUid required
    kms = boto3.client("kms", region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    good = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/eks", TargetKeyId=good["KeyId"])
    disabled = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    asym = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    keys = clean_env.api("GET", "/v1/clouds/aws/regions/us-east-1/kmskeys" + q)[1]
    assert validate_body("v1AwsKmsKeys", keys) == []
    assert {k["keyId"]: k["keyAlias"] for k in keys["kmsKeys"]}[good["KeyId"]] == "alias/eks"
    base = "/v1/clouds/aws/regions/us-east-1/kmskeys/validate" + q + "&keyArn="
    assert clean_env.api("GET", base + good["Arn"])[0] == 204
    assert clean_env.api("GET", base + disabled["Arn"])[1]["code"] == "KmsKeyDisabled"
    assert clean_env.api("GET", base + asym["Arn"])[1]["code"] == "InvalidKmsKey"
    missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    assert clean_env.api("GET", base + missing)[0] == 404
    key = clean_env.api("GET", "/v1/clouds/aws/regions/us-east-1/kms/%s" % good["KeyId"] + q)[1]
    assert key == {"keyId": good["KeyId"], "awsAccountId": "123456789012", "enabled": True}
    props = {"cloudAccountUid": ACCOUNT, "name": "x", "region": "us-east-1", "sshKeyName": "my-key",
             "subnets": [], "vpcId": ""}
    assert clean_env.api("POST", "/v1/clouds/eks/properties/validate", props)[0] == 204
    props["sshKeyName"] = "missing"
    assert clean_env.api("POST", "/v1/clouds/eks/properties/validate", props)[1]["code"] == "InvalidKeyPair"
    assert clean_env.api("POST", "/v1/clouds/aws/properties/validate",
                         {"region": "us-east-1", "sshKeyName": "my-key"})[0] == 204
