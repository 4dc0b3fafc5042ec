"""preflight_info through ansible-playbook against the Palette emulator and moto (quotas from a file)."""

import json
from pathlib import Path

import pytest
import support
from support import aws, internet_route_table

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "palette_examples"
GENEROUS = {
    "ec2": {"L-1216C47A": 64, "L-34B43A08": 32, "L-0263D0A3": 5},
    "vpc": {"L-F678F1CE": 5, "L-A4707A72": 5, "L-FE5A380F": 5},
    "elasticloadbalancing": {"L-E9E9831D": 20},
}
POOLS = [
    {"name": "workers", "instance_type": "t3.large", "count": 2, "azs": ["us-east-1a", "us-east-1b"]},
    {"name": "spot", "instance_type": "m5.large", "capacity_type": "spot", "min_size": 1, "max_size": 3},
]
CHECK_KEYS = {"name", "status", "detail"}
QUOTA_KEYS = CHECK_KEYS | {"limit", "used", "needed"}


def play(*tasks):
    return support.play(tasks)


def preflight(title, **options):
    options.setdefault("cloud_type", "eks")
    options.setdefault("region", "us-east-1")
    return support.task(title, "palette.aws.preflight_info", options)


def client(aws_env, service):
    return aws(aws_env["AWS_ENDPOINT_URL"], service)


def by_name(checks):
    out = {}
    for item in checks:
        out.setdefault(item["name"], []).append(item)
    return out


@pytest.fixture
def prepared(clean_env, aws_env, quotas_file):
    """Key pair, a KMS key and the IAM role Palette would use, generous quotas."""
    quotas_file(GENEROUS)
    client(aws_env, "ec2").create_key_pair(KeyName="palette-key")
    key_arn = client(aws_env, "kms").create_key(Description="eks secrets")["KeyMetadata"]["Arn"]
    iam = client(aws_env, "iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::067724333888:root"}}]}
    role_arn = iam.create_role(RoleName="PaletteRole", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    kms_policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
    iam.put_role_policy(RoleName="PaletteRole", PolicyName="kms", PolicyDocument=json.dumps(kms_policy))
    return {"key_arn": key_arn, "role_arn": role_arn}


def test_green_on_a_prepared_account(prepared, run_playbook, clean_env):
    result = run_playbook(play(preflight(
        "Preflight", cluster_name="new-eks", cloud_account="aws-demo", ssh_key_name="palette-key",
        node_pools=POOLS, kms_key_arn=prepared["key_arn"], principal_arn=prepared["role_arn"])), check=True)
    assert result.rc == 0, result
    res = result.result("Preflight")["result"]
    checks = by_name(res["checks"])
    not_ok = [(c["name"], c["status"], c["detail"]) for c in res["checks"] if c["status"] != "ok"]
    assert not_ok == []
    assert res["ready"] is True and res["failed_checks"] == [] and res["unknown_checks"] == [] and res["changed"] is False
    expected = {"identity", "region", "cloud_account", "key_pair", "palette_key_pair", "cluster_name",
                "eks_cluster_name", "on_demand_vcpus", "spot_vcpus", "vpcs", "internet_gateways",
                "nat_gateways_per_az", "elastic_ips", "kms_principal", "kms_key_exists",
                "kms_key_enabled", "kms_key_spec", "kms_key_usage", "kms_key_policy", "kms_iam_permissions",
                "kms_palette_validation", "classic_load_balancers"}
    assert set(checks) == expected
    # EKS counts the classic ELB of its first Service of type LoadBalancer, as IaaS counts its API server's
    assert checks["classic_load_balancers"][0]["needed"] == 1
    # Palette's rate estimate of the planned pools (issue 13 item 4), from a read-only POST per period
    cost = res["cost"]
    assert cost["hourly"]["total"] > 0 and cost["monthly"]["total"] > cost["hourly"]["total"]
    assert sorted(p["name"] for p in cost["pools"]) == ["spot", "workers"]
    rate = clean_env.requests(method="POST", path_prefix="/v1/spectroclusters/eks/rate")
    assert [e["query"].get("periodType") for e in rate] == ["hourly", "monthly"]
    assert res["plan"] == [{"cluster": "new-eks", "cloud_type": "eks", "exists": False, "counted": "everything"}]
    assert all(set(c) == CHECK_KEYS for c in res["checks"] if c["name"] not in {q["name"] for q in res["quotas"]})
    assert len(checks["nat_gateways_per_az"]) == 2  # one per planned AZ
    # vCPUs from DescribeInstanceTypes: 2 x t3.large (2 vCPUs) on demand, 1 x m5.large (2) spot
    assert checks["on_demand_vcpus"][0]["needed"] == 4 and checks["on_demand_vcpus"][0]["limit"] == 64
    assert checks["spot_vcpus"][0]["needed"] == 2
    assert checks["elastic_ips"][0]["needed"] == 2
    assert all(set(q) == QUOTA_KEYS for q in res["quotas"])
    # EKS: no API-server load balancer, but its Services' one counts as IaaS's (see the static placement test)
    assert {q["name"] for q in res["quotas"]} == {"on_demand_vcpus", "spot_vcpus", "vpcs", "internet_gateways",
                                                  "nat_gateways_per_az", "elastic_ips", "classic_load_balancers"}
    assert res["identity"]["account"] == "123456789012" and res["region"] == "us-east-1"
    assert clean_env.writes() == []


def test_lowered_quotas_missing_key_pair_and_unknown_quota(prepared, run_playbook, clean_env, quotas_file, aws_env):
    quotas_file({
        "ec2": {"L-1216C47A": 2, "L-0263D0A3": 1},  # spot vCPU quota left out: AWS cannot answer it
        "vpc": {"L-F678F1CE": 1, "L-A4707A72": 5, "L-FE5A380F": 5},
        "elasticloadbalancing": {"L-E9E9831D": 20},
    })
    result = run_playbook(play(preflight(
        "Preflight", cluster_name="new-eks", cloud_account="aws-demo", ssh_key_name="missing-key",
        node_pools=POOLS)))
    assert result.rc == 0, result
    res = result.result("Preflight")["result"]
    checks = by_name(res["checks"])
    assert res["ready"] is False
    # moto's default VPC already uses the one VPC allowed
    assert sorted(res["failed_checks"]) == ["elastic_ips", "key_pair", "on_demand_vcpus", "palette_key_pair", "vpcs"]
    assert res["unknown_checks"] == ["spot_vcpus"]
    spot = checks["spot_vcpus"][0]
    assert spot["status"] == "unknown" and spot["limit"] is None and spot["needed"] == 2 and "L-34B43A08" in spot["detail"]
    vcpus = checks["on_demand_vcpus"][0]
    assert (vcpus["limit"], vcpus["used"], vcpus["needed"]) == (2, 0, 4) and "4 needed" in vcpus["detail"]
    assert "missing-key" in checks["key_pair"][0]["detail"]
    assert checks["vpcs"][0]["used"] == 1 and checks["vpcs"][0]["limit"] == 1
    assert checks["internet_gateways"][0]["status"] == "ok"


def test_static_placement_checks_vpc_and_subnet_tags(prepared, run_playbook, clean_env, aws_env):
    ec2 = client(aws_env, "ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    _igw, table = internet_route_table(ec2, vpc_id)
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.40.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    result = run_playbook(play(
        preflight("Untagged", cloud_type="aws", cluster_name="aws-iaas", vpc_id=vpc_id, node_pools=POOLS[:1]),
        {"name": "Tag", "palette.aws.subnet_tagging": {"vpc_id": vpc_id, "cluster_name": "aws-iaas"}},
        preflight("Tagged", cloud_type="aws", cluster_name="aws-iaas", vpc_id=vpc_id, node_pools=POOLS[:1]),
        preflight("No such VPC", cloud_type="aws", vpc_id="vpc-00000000000000bad"),
    ))
    assert result.rc == 0, result
    untagged = result.result("Untagged")["result"]
    checks = by_name(untagged["checks"])
    assert untagged["ready"] is False and untagged["failed_checks"] == ["subnet_tags"]
    assert subnet in checks["subnet_tags"][0]["detail"] and "subnet_tagging" in checks["subnet_tags"][0]["detail"]
    # static placement: no VPC, gateway or EIP quota checks
    assert not set(checks) & {"vpcs", "internet_gateways", "nat_gateways_per_az", "elastic_ips"}
    assert "classic_load_balancers" in checks
    tagged = result.result("Tagged")["result"]
    assert tagged["ready"] is True and by_name(tagged["checks"])["subnet_tags"][0]["status"] == "ok"
    missing = result.result("No such VPC")["result"]
    assert missing["failed_checks"] == ["vpc"] and "vpc-00000000000000bad" in by_name(missing["checks"])["vpc"][0]["detail"]


def test_taken_cluster_name_and_unknown_account(prepared, run_playbook, clean_env):
    with open(EXAMPLES / "aws-create.json") as fh:
        entity = json.load(fh)
    entity["metadata"]["name"] = "taken"
    entity["spec"]["cloudConfig"].pop("vpcId", None)  # dynamic placement: no VPC needed in moto
    for pool in entity["spec"]["machinepoolconfig"]:
        pool["cloudConfig"].pop("subnets", None)
    status, body, dummy = clean_env.api("POST", "/v1/spectroclusters/aws", entity)
    assert status == 201, body
    clean_env.clear_requests()
    grown = [{"name": "cp-pool", "control_plane": True, "instance_type": "m5.xlarge", "count": 1},
             {"name": "worker-pool", "instance_type": "m5.large", "capacity_type": "spot", "count": 5},
             {"name": "extra", "instance_type": "t3.large", "count": 1}]
    result = run_playbook(play(
        preflight("Preflight", cloud_type="aws", cluster_name="taken", cloud_account="no-such-account"),
        preflight("Grow", cloud_type="aws", cluster="taken", node_pools=grown),
        preflight("Fleet", cloud_type="aws", cluster="taken", node_pools=grown, load_balancers=0,
                  clusters=[{"cluster": "fresh-a", "node_pools": [{"name": "w", "instance_type": "t3.large",
                                                                   "count": 2}]},
                            {"cluster": "fresh-b", "cloud_type": "eks", "load_balancers": 2}]),
    ))
    assert result.rc == 0, result
    res = result.result("Preflight")["result"]
    # the cluster exists in this scope: its name is not "taken" by another, its added capacity is what counts
    assert sorted(res["failed_checks"]) == ["cloud_account"]
    assert "Cluster taken exists" in by_name(res["checks"])["cluster_exists"][0]["detail"]
    assert res["plan"] == [{"cluster": "taken", "cloud_type": "aws", "exists": True, "counted": "added capacity"}]
    # issue 13 item 6: an existing cluster counts only what the change adds: 2 more spot m5.large, 1 new t3.large
    grow = by_name(result.result("Grow")["result"]["checks"])
    assert grow["spot_vcpus"][0]["needed"] == 2 * 2 and grow["on_demand_vcpus"][0]["needed"] == 2
    assert not set(grow) & {"vpcs", "internet_gateways", "elastic_ips", "classic_load_balancers", "cluster_name"}
    # a fleet: the new clusters' needs are added to the existing one's
    fleet = result.result("Fleet")["result"]
    quotas = by_name(fleet["quotas"])
    assert quotas["on_demand_vcpus"][0]["needed"] == 2 + 2 * 2 and quotas["vpcs"][0]["needed"] == 2
    assert quotas["elastic_ips"][0]["needed"] == 1 + 2 and quotas["classic_load_balancers"][0]["needed"] == 1 + 2
    assert [(p["cluster"], p["exists"]) for p in fleet["plan"]] == [("taken", True), ("fresh-a", False),
                                                                    ("fresh-b", False)]
    assert [c["detail"] for c in fleet["checks"] if c["name"] == "cluster_name"] == [
        "No Palette cluster is named fresh-a in this scope", "No Palette cluster is named fresh-b in this scope"]
    assert clean_env.writes() == []


def test_invalid_node_pools_fail_before_any_call(run_playbook, clean_env):
    pools = [
        {"name": "Workers", "instance_type": "t3.large", "count": 9, "max_size": 3, "azs": ["us-west-2a"]},
        {"name": "spot", "instance_type": "large", "capacity_type": "on-demand", "max_price": "0.1"},
        {"name": "spot", "min_size": 1},
    ]
    result = run_playbook(play(preflight("Preflight", node_pools=pools)),
                          # AWS unreachable: the module must fail on the pools before it calls AWS
                          env={"AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    entry = result.result("Preflight")
    assert entry["status"] == "failed"
    msg = entry["result"]["msg"]
    for part in ("node_pools[0].name: 'Workers' is not a valid node pool name",
                 "node_pools[0].count: 9 is above max_size 3",
                 "node_pools[0].azs: availability zone us-west-2a is not in region us-east-1",
                 "node_pools[1].instance_type: 'large' is not an EC2 instance type",
                 "node_pools[1].max_price: a maximum price applies to spot instances only",
                 "node_pools: the name spot is used twice"):
        assert part in msg, (part, msg)
    # options left out are not required of a planned pool (node_pools[2] has no instance type or zones)
    assert "node_pools[2]" not in msg
    assert clean_env.requests() == []
