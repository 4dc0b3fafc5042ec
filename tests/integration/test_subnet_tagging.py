"""subnet_tagging through ansible-playbook against moto."""

import pytest
import support
from support import aws, internet_route_table, res

CLUSTER = "eks-demo"
DISCOVERY = {
    "kubernetes.io/role/elb": "1",
    "sigs.k8s.io/cluster-api-provider-aws/role": "public",
    "kubernetes.io/cluster/%s" % CLUSTER: "shared",
    "sigs.k8s.io/cluster-api-provider-aws/cluster/%s" % CLUSTER: "owned",
}
CLUSTER_KEYS = ["kubernetes.io/cluster/%s" % CLUSTER, "sigs.k8s.io/cluster-api-provider-aws/cluster/%s" % CLUSTER]


def play(*tasks):
    return support.play(tasks)


def task(title, check_mode=None, diff=None, ignore_errors=None, **options):
    options.setdefault("cluster_name", CLUSTER)
    return support.task(title, "palette.aws.subnet_tagging", options, drop_none=True, check_mode=check_mode, diff=diff,
                        ignore_errors=ignore_errors)


def tags_of(ec2, subnet_id):
    subnet = ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]
    return dict((t["Key"], t["Value"]) for t in subnet.get("Tags", []))


@pytest.fixture
def vpc(clean_env, aws_env):
    """A user VPC: two public subnets (one half-tagged already, one with a tag of its own), one private."""
    ec2 = aws(aws_env["AWS_ENDPOINT_URL"], "ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    _igw, public_rt = internet_route_table(ec2, vpc_id)
    ids = {}
    for name, cidr, az in (("public-a", "10.20.1.0/24", "us-east-1a"), ("public-b", "10.20.2.0/24", "us-east-1b"),
                           ("private-a", "10.20.3.0/24", "us-east-1a")):
        ids[name] = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"]
        ec2.create_tags(Resources=[ids[name]], Tags=[{"Key": "Name", "Value": name}])
    for name in ("public-a", "public-b"):
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=ids[name])
    ec2.create_tags(Resources=[ids["public-a"]], Tags=[{"Key": "kubernetes.io/role/elb", "Value": "1"},
                                                       {"Key": "team", "Value": "net"}])
    return {"ec2": ec2, "vpc_id": vpc_id, **ids}


def test_tags_public_subnets_idempotent_and_absent_removes_only_its_tags(vpc, run_playbook):
    ec2, vpc_id = vpc["ec2"], vpc["vpc_id"]
    result = run_playbook(play(
        task("Preview", check_mode=True, diff=True, vpc_id=vpc_id),
        task("Tag", vpc_id=vpc_id),
        task("Again", vpc_id=vpc_id),
    ))
    assert result.rc == 0, result
    preview = res(result, "Preview")
    assert preview["changed"] is True and preview["api_calls"] == 0
    assert sorted(s["subnet_id"] for s in preview["subnets"]) == sorted([vpc["public-a"], vpc["public-b"]])
    assert set(preview["diff"]["after"]) == {vpc["public-a"], vpc["public-b"]}
    tagged = res(result, "Tag")
    assert tagged["changed"] is True
    # both subnets in one batched CreateTags, although they missed different tags
    assert tagged["api_calls"] == 1
    by_id = dict((s["subnet_id"], s) for s in tagged["subnets"])
    assert by_id[vpc["public-a"]]["public"] is True and by_id[vpc["public-a"]]["availability_zone"] == "us-east-1a"
    assert by_id[vpc["public-a"]]["vpc_id"] == vpc_id
    assert by_id[vpc["public-a"]]["tags"] == dict(DISCOVERY, Name="public-a", team="net")
    assert sorted(c["subnet_id"] for c in tagged["changes"]) == sorted(by_id)
    again = res(result, "Again")
    assert again["changed"] is False and again["api_calls"] == 0 and again["changes"] == []

    assert tags_of(ec2, vpc["public-a"]) == dict(DISCOVERY, Name="public-a", team="net")
    assert tags_of(ec2, vpc["public-b"]) == dict(DISCOVERY, Name="public-b")
    assert tags_of(ec2, vpc["private-a"]) == {"Name": "private-a"}

    removed = run_playbook(play(
        task("Remove", diff=True, vpc_id=vpc_id, state="absent"),
        task("Remove again", vpc_id=vpc_id, state="absent"),
    ))
    assert removed.rc == 0, removed
    assert res(removed, "Remove")["changed"] is True and res(removed, "Remove")["api_calls"] == 1
    assert res(removed, "Remove again")["changed"] is False
    generic = dict((k, v) for k, v in DISCOVERY.items() if k not in CLUSTER_KEYS)
    assert tags_of(ec2, vpc["public-a"]) == dict(generic, Name="public-a", team="net")
    assert tags_of(ec2, vpc["public-b"]) == dict(generic, Name="public-b")
    assert tags_of(ec2, vpc["private-a"]) == {"Name": "private-a"}


def test_check_mode_writes_nothing(vpc, run_playbook):
    result = run_playbook(play(task("Preview", vpc_id=vpc["vpc_id"])), check=True)
    assert res(result, "Preview")["changed"] is True
    assert tags_of(vpc["ec2"], vpc["public-b"]) == {"Name": "public-b"}


def test_absent_keeps_a_value_someone_else_set(vpc, run_playbook):
    ec2 = vpc["ec2"]
    ec2.create_tags(Resources=[vpc["public-b"]], Tags=[{"Key": CLUSTER_KEYS[0], "Value": "owned"}])
    result = run_playbook(play(task("Remove", subnet_ids=[vpc["public-b"]], state="absent")))
    assert res(result, "Remove")["changed"] is False
    assert tags_of(ec2, vpc["public-b"])[CLUSTER_KEYS[0]] == "owned"


def test_given_subnets_and_errors(vpc, run_playbook):
    ec2 = vpc["ec2"]
    other_vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    outside = ec2.create_subnet(VpcId=other_vpc, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
    result = run_playbook(play(
        task("Given", subnet_ids=[vpc["private-a"]]),
        task("Outside", ignore_errors=True, vpc_id=vpc["vpc_id"], subnet_ids=[outside]),
        task("Missing subnet", ignore_errors=True, subnet_ids=["subnet-0000000000000dead"]),
        task("Missing VPC", ignore_errors=True, vpc_id="vpc-0000000000000dead"),
        task("Missing VPC, absent", vpc_id="vpc-0000000000000dead", state="absent"),
        task("Neither", ignore_errors=True),
    ))
    given = res(result, "Given")
    assert given["changed"] is True and [s["public"] for s in given["subnets"]] == [False]
    assert tags_of(ec2, vpc["private-a"]) == dict(DISCOVERY, Name="private-a")
    assert "not in VPC" in res(result, "Outside")["msg"] and outside in res(result, "Outside")["msg"]
    assert "subnet-0000000000000dead" in res(result, "Missing subnet")["msg"]
    assert "vpc-0000000000000dead" in res(result, "Missing VPC")["msg"]
    assert result.result("Missing VPC")["status"] == "failed"
    # removing the tags of a VPC that is gone reaches the goal: ok, unchanged, said in a warning (delete is idempotent)
    gone = result.result("Missing VPC, absent")
    assert gone["status"] == "ok" and gone["result"]["changed"] is False
    assert any("vpc-0000000000000dead" in w for w in gone["result"].get("warnings") or [])
    assert "vpc_id" in res(result, "Neither")["msg"] and result.result("Neither")["status"] == "failed"
    assert tags_of(ec2, outside) == {}


def test_bad_options_fail_before_aws_naming_the_option(vpc, run_playbook):
    ec2 = vpc["ec2"]
    result = run_playbook(play(
        task("Upper-case cluster name", ignore_errors=True, cluster_name="EKS_Demo", vpc_id=vpc["vpc_id"]),
        task("Bad name on absent", ignore_errors=True, cluster_name="bad name", vpc_id=vpc["vpc_id"], state="absent"),
        task("Malformed ids", ignore_errors=True, vpc_id="vpc-12", subnet_ids=[vpc["public-a"], "subnet-xyz"]),
        task("Unknown subnet", ignore_errors=True, subnet_ids=["subnet-0000000000000dead"]),
        task("Unknown VPC", ignore_errors=True, vpc_id="vpc-0000000000000dead"),
    ))
    for title in ("Upper-case cluster name", "Bad name on absent", "Malformed ids", "Unknown subnet", "Unknown VPC"):
        assert result.result(title)["status"] == "failed", title
    assert res(result, "Upper-case cluster name")["msg"].startswith("cluster: 'EKS_Demo' is not a valid cluster name")
    assert res(result, "Bad name on absent")["msg"].startswith("cluster:")
    malformed = res(result, "Malformed ids")["msg"]
    assert "vpc_id: 'vpc-12' is not a vpc id" in malformed and "subnet_ids[1]: 'subnet-xyz' is not a subnet id" in malformed
    unknown = res(result, "Unknown subnet")["msg"]
    assert unknown.startswith("subnet_ids: subnet(s) not found in region us-east-1") and "subnet-0000000000000dead" in unknown
    assert res(result, "Unknown VPC")["msg"].startswith("vpc_id: VPC vpc-0000000000000dead not found in region us-east-1")
    assert tags_of(ec2, vpc["public-b"]) == {"Name": "public-b"}
