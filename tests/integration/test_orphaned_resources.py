"""orphaned_resources(_info) through ansible-playbook: a force delete in the emulator leaves AWS resources in moto."""

import json
from pathlib import Path

import pytest
import support
from support import aws, res

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "palette_examples"
CLUSTER = "orphan-demo"
CAPA = "sigs.k8s.io/cluster-api-provider-aws/cluster/%s"
K8S = "kubernetes.io/cluster/%s"
TYPES = {"vpcs", "subnets", "route_tables", "security_groups", "internet_gateways", "nat_gateways", "elastic_ips",
         "network_interfaces", "load_balancers", "volumes"}


def play(*tasks):
    return support.play(tasks)


def info(title, cluster=CLUSTER):
    return support.task(title, "palette.aws.orphaned_resources_info", {"cluster_name": cluster})


def purge(title, cluster=CLUSTER, check_mode=None, ignore_errors=None, **options):
    return support.task(title, "palette.aws.orphaned_resources", dict(cluster_name=cluster, state="absent", **options),
                        drop_none=True, check_mode=check_mode, ignore_errors=ignore_errors)


def ids(found, rtype):
    return sorted(item["id"] for item in found["resources"][rtype])


def create_cluster(emu, name):
    """A dynamic-placement IaaS cluster, provisioned in moto; returns its uid."""
    with open(EXAMPLES / "aws-create.json") as fh:
        entity = json.load(fh)
    entity["metadata"]["name"] = name
    entity["spec"]["cloudConfig"].pop("vpcId", None)
    entity["spec"]["cloudConfig"]["region"] = "us-east-1"
    for pool in entity["spec"]["machinepoolconfig"]:
        pool["cloudConfig"].pop("subnets", None)
        pool["cloudConfig"]["azs"] = ["us-east-1a"]
    status, body, dummy = emu.api("POST", "/v1/spectroclusters/aws", entity)
    assert status == 201, body
    emu.advance_clock(30)
    assert emu.clusters(name)[0]["state"] == "Running"
    return body["uid"]


def force_delete(emu, uid):
    emu.mark_stuck(uid)
    assert emu.api("DELETE", "/v1/spectroclusters/%s" % uid)[0] == 204
    emu.advance_clock(901)
    status, body, dummy = emu.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)
    assert status == 204, body


@pytest.fixture
def ec2(aws_env):
    return aws(aws_env["AWS_ENDPOINT_URL"], "ec2")


def tag_list(tags):
    return [{"Key": k, "Value": v} for k, v in tags.items()]


@pytest.fixture
def decoys(ec2):
    """Another cluster's VPC, and a user VPC whose subnets carry our cluster's tags as the docs ask for."""
    other = ec2.create_vpc(CidrBlock="10.50.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tag_list(
        {CAPA % "other-cluster": "owned", "Name": "other-cluster-vpc"})}])["Vpc"]["VpcId"]
    other_subnet = ec2.create_subnet(VpcId=other, CidrBlock="10.50.1.0/24", TagSpecifications=[
        {"ResourceType": "subnet", "Tags": tag_list({CAPA % "other-cluster": "owned"})}])["Subnet"]["SubnetId"]
    user = ec2.create_vpc(CidrBlock="10.60.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tag_list(
        {"Name": "user-vpc"})}])["Vpc"]["VpcId"]
    user_subnet = ec2.create_subnet(VpcId=user, CidrBlock="10.60.1.0/24", TagSpecifications=[
        {"ResourceType": "subnet", "Tags": tag_list({CAPA % CLUSTER: "owned", K8S % CLUSTER: "shared",
                                                     "kubernetes.io/role/elb": "1"})}])["Subnet"]["SubnetId"]
    user_sg = ec2.create_security_group(GroupName="user-sg", Description="user", VpcId=user, TagSpecifications=[
        {"ResourceType": "security-group", "Tags": tag_list({CAPA % CLUSTER: "owned"})}])["GroupId"]
    return {"vpcs": [other, user], "subnets": [other_subnet, user_subnet], "user_sg": user_sg, "user_vpc": user}


def test_report_then_purge_leaves_decoys(clean_env, run_playbook, ec2, decoys):
    uid = create_cluster(clean_env, CLUSTER)
    left = clean_env.clusters(CLUSTER)[0]
    force_delete(clean_env, uid)
    result = run_playbook(play(
        info("Report"),
        purge("Preview", check_mode=True),
        purge("Purge"),
        info("After purge"),
        purge("Volumes too", include_volumes=True),
        info("After volumes"),
        purge("Again", include_volumes=True),
    ))
    assert result.rc == 0, result
    report = res(result, "Report")
    assert set(report["resources"]) == TYPES and report["changed"] is False
    # the report lists what the force delete left behind, by type
    for rtype in ("vpcs", "internet_gateways", "nat_gateways", "elastic_ips", "load_balancers", "volumes", "subnets"):
        assert report["resources"][rtype], rtype
    assert report["count"] == sum(len(v) for v in report["resources"].values())
    vpc_id = ids(report, "vpcs")[0]
    assert ids(report, "vpcs") == [vpc_id] and vpc_id not in decoys["vpcs"]
    assert report["resources"]["load_balancers"][0]["kind"] == "classic"
    assert all(item["reason"] for rtype in TYPES for item in report["resources"][rtype])
    # decoys are not reported; the user VPC's tagged subnet and SG are named as skipped
    reported = set(i["id"] for rtype in TYPES for i in report["resources"][rtype])
    assert not reported & set(decoys["vpcs"] + decoys["subnets"] + [decoys["user_sg"]])
    skipped = dict((s["id"], s["reason"]) for s in report["left_alone"])
    assert decoys["subnets"][1] in skipped and decoys["user_sg"] in skipped
    assert json.dumps(left)  # the emulator's own record of the cluster's AWS ids exists

    preview = res(result, "Preview")
    assert preview["changed"] is True and preview["deleted"]["vpcs"] == [vpc_id] and preview["deleted"]["volumes"] == []
    purged = res(result, "Purge")
    assert purged["changed"] is True and not any(purged["failures"].values())
    assert purged["deleted"]["vpcs"] == [vpc_id] and purged["deleted"]["volumes"] == []
    assert any("include_volumes" in s["reason"] for s in purged["left_alone"])
    after = res(result, "After purge")
    assert after["count"] == len(after["resources"]["volumes"]) == len(report["resources"]["volumes"])
    assert res(result, "Volumes too")["deleted"]["volumes"] == ids(report, "volumes")
    assert res(result, "After volumes")["count"] == 0
    assert res(result, "Again")["changed"] is False

    # AWS agrees: the cluster's VPC is gone, the decoys are intact
    vpcs = set(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"])
    assert vpc_id not in vpcs and set(decoys["vpcs"]) <= vpcs
    assert set(decoys["subnets"]) <= set(s["SubnetId"] for s in ec2.describe_subnets()["Subnets"])
    assert ec2.describe_security_groups(GroupIds=[decoys["user_sg"]])["SecurityGroups"]
    assert not ec2.describe_addresses(Filters=[{"Name": "tag:" + CAPA % CLUSTER, "Values": ["owned"]}])["Addresses"]
    assert not [n for n in ec2.describe_nat_gateways()["NatGateways"] if n["State"] not in ("deleted", "deleting")]


def test_check_mode_deletes_nothing(clean_env, run_playbook, ec2):
    force_delete(clean_env, create_cluster(clean_env, CLUSTER))
    before = len(ec2.describe_vpcs()["Vpcs"])
    result = run_playbook(play(purge("Preview", include_volumes=True)), check=True)
    preview = res(result, "Preview")
    assert result.rc == 0 and preview["changed"] is True and preview["deleted"]["volumes"]
    assert len(ec2.describe_vpcs()["Vpcs"]) == before


def test_refuses_while_the_cluster_exists(clean_env, run_playbook, ec2):
    create_cluster(clean_env, "still-running")
    vpcs = len(ec2.describe_vpcs()["Vpcs"])
    clean_env.clear_requests()
    result = run_playbook(play(
        purge("Purge live", cluster="still-running", ignore_errors=True),
        info("Report live", cluster="still-running"),
    ))
    failed = result.result("Purge live")
    assert failed["status"] == "failed"
    assert "still exists in Palette" in failed["result"]["msg"] and failed["result"]["cluster_state"] == "Running"
    assert res(result, "Report live")["count"] > 0
    assert len(ec2.describe_vpcs()["Vpcs"]) == vpcs
    assert clean_env.writes() == []


TEAM_B_ACCOUNT = "6650a1b2c3d4e5f601234568"  # seed.json: the STS cloud account of project Team-B
TEAM_B_EKS_PROFILE = "6650a1b2c3d4e5f60000dddd"


def test_never_purges_a_running_cluster_of_another_project(clean_env, run_playbook, ec2):
    """Issue 12 item 1: palette_project is Default, the cluster runs in Team-B: the purge must find it there."""
    entity = {"metadata": {"name": "team-b-live", "labels": {}, "annotations": {}},
              "spec": {"cloudAccountUid": TEAM_B_ACCOUNT, "profiles": [{"uid": TEAM_B_EKS_PROFILE}],
                       "cloudConfig": {"region": "us-east-1", "endpointAccess": {"public": True, "private": True}},
                       "machinepoolconfig": [support.pool_entity("workers", azs=["us-east-1a", "us-east-1b"])]}}
    status, body, dummy = clean_env.api("POST", "/v1/spectroclusters/eks", entity, project="Team-B")
    assert status == 201, body
    clean_env.advance_clock(30)
    assert clean_env.clusters("team-b-live")[0]["state"] == "Running"
    vpcs = sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"])
    clean_env.clear_requests()
    result = run_playbook(play(
        support.task("Purge", "palette.aws.orphaned_resources", {"cluster": "team-b-live", "state": "absent"},
                     ignore_errors=True),
        support.task("Preview", "palette.aws.orphaned_resources", {"cluster": "team-b-live", "state": "absent"},
                     ignore_errors=True, check_mode=True),
    ))
    for name in ("Purge", "Preview"):
        failed = result.result(name)
        assert failed["status"] == "failed", failed
        assert "still exists in Palette: project Team-B (state Running" in failed["result"]["msg"]
        scopes = [(s["scope"], s["name"]) for s in failed["result"]["cluster_search"]["scopes"]]
        assert scopes == [("project", "Default"), ("project", "Team-B"), ("tenant", None)]
    assert sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]) == vpcs
    # each project was searched with its own ProjectUid, the tenant scope without one
    searched = [e["project"] for e in clean_env.requests(method="POST", path_prefix="/v1/dashboard/spectroclusters/search")]
    assert set(searched) == {clean_env.project_uid("Default"), clean_env.project_uid("Team-B"), None}
    assert clean_env.writes() == []


@pytest.mark.parametrize("kind, body", [("empty", None), ("shape", {}), ("shape", []), ("truncated", None)])
def test_a_search_answer_that_proves_nothing_stops_the_purge(clean_env, run_playbook, ec2, kind, body):
    """An empty 200 (or a wrongly shaped or cut answer) from the cluster search is no evidence: nothing is deleted."""
    force_delete(clean_env, create_cluster(clean_env, CLUSTER))
    vpcs = sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"])
    extra = {} if body is None else {"body": body}
    clean_env.fault_response("^/v1/dashboard/spectroclusters/search$", kind, method="POST", count=1, **extra)
    result = run_playbook(play(purge("Purge", ignore_errors=True)))
    failed = result.result("Purge")
    assert failed["status"] == "failed", failed
    msg = failed["result"]["msg"]
    assert msg.startswith("cannot prove that cluster is gone, so nothing was deleted: "), msg
    assert "require_cluster_deleted=false" in msg
    assert sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]) == vpcs
    # and with a good answer the same purge goes through, saying where it looked
    clean_env.clear_faults()
    result = run_playbook(play(purge("Purge")))
    done = res(result, "Purge")
    assert result.rc == 0 and done["deleted"]["vpcs"]
    assert [s["clusters_named"] for s in done["cluster_search"]["scopes"]] == [0, 0, 0]


def test_an_empty_project_list_stops_the_purge(clean_env, run_playbook, ec2):
    force_delete(clean_env, create_cluster(clean_env, CLUSTER))
    vpcs = len(ec2.describe_vpcs()["Vpcs"])
    # the first GET of the project list resolves palette_project; answer the purge's own listing empty
    clean_env.faults(responses=[{"method": "GET", "path_regex": "^/v1/dashboard/projects/metadata$", "kind": "shape",
                                 "body": {"items": []}, "count": 2}])
    result = run_playbook(play(purge("Purge", ignore_errors=True)), env={"PALETTE_PROJECT": ""})
    failed = result.result("Purge")
    assert failed["status"] == "failed" and "project list" in failed["result"]["msg"], failed
    assert len(ec2.describe_vpcs()["Vpcs"]) == vpcs
