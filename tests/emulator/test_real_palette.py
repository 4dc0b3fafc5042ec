"""Real-Palette behaviours the emulator imitates (REFERENCE.md section 11, issue 11), at the HTTP level."""

import copy

import boto3
import pytest

from palette_emulator.schema import validate_body

from .helpers import create_running, dynamic_eks, example

KARPENTER = "spectrocloud.com/managed-by:karpenter"


@pytest.fixture
def ec2(aws_env):
    return boto3.client("ec2", region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _cfg(doc):
    return doc["spec"]["cloudConfigRef"]["uid"]


def _pools(env, cfg, kind="eks"):
    return {p["name"]: p for p in env.api("GET", "/v1/cloudconfigs/%s/%s" % (kind, cfg))[1]["spec"]["machinePoolConfig"]}


def _machines(env, cfg, pool, kind="eks"):
    return env.api("GET", "/v1/cloudconfigs/%s/%s/machinePools/%s/machines" % (kind, cfg, pool))[1]["items"]


# ---------------------------------------------------------------------- 11.1 subnet pairs
def test_zone_with_a_joined_subnet_pair_reads_back_joined_and_provisions(clean_env, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    pub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    priv = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    body = example("eks-create")
    body["spec"]["cloudConfig"]["vpcId"] = vpc
    for ent in body["spec"]["machinepoolconfig"]:
        ent["cloudConfig"]["azs"] = ["us-east-1a"]
        ent["cloudConfig"]["subnets"] = [{"az": "us-east-1a", "id": "%s,%s" % (pub, priv)}]
    body["spec"]["fargateProfiles"] = None
    uid, doc = create_running(clean_env, body)
    pools = _pools(clean_env, _cfg(doc))
    assert pools["cp-pool"]["subnetIds"] == {"us-east-1a": "%s,%s" % (pub, priv)}
    assert pools["worker-pool"]["azs"] == ["us-east-1a"]
    internal = clean_env.clusters(name="eks-demo")[0]
    assert internal["awsErrors"] == [] and internal["aws"]["enis"]
    assert {m["spec"]["subnetId"] for m in _machines(clean_env, _cfg(doc), "worker-pool")} == {priv}


def test_each_id_of_a_pair_is_checked_against_the_vpc(clean_env, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    good = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    body = example("eks-create")
    body["spec"]["cloudConfig"]["vpcId"] = vpc
    for ent in body["spec"]["machinepoolconfig"]:
        ent["cloudConfig"]["subnets"] = [{"az": "us-east-1a", "id": "%s,subnet-0notinthevpc0000" % good}]
        ent["cloudConfig"]["azs"] = ["us-east-1a"]
    body["spec"]["fargateProfiles"] = None
    create_running(clean_env, body)
    errors = clean_env.clusters(name="eks-demo")[0]["awsErrors"]
    assert errors == ["provision: subnet subnet-0notinthevpc0000 (zone us-east-1a) is not in VPC %s" % vpc]


def test_properties_validate_accepts_joined_pairs_and_checks_each_id(clean_env, ec2):
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    props = {"cloudAccountUid": "6650a1b2c3d4e5f601234567", "name": "x", "region": "us-east-1", "sshKeyName": "",
             "vpcId": vpc, "subnets": ["%s,%s" % (a, b)]}
    assert clean_env.api("POST", "/v1/clouds/eks/properties/validate", props)[0] == 204
    props["subnets"] = ["%s,subnet-0missing000000000" % a]
    assert clean_env.api("POST", "/v1/clouds/eks/properties/validate", props)[1]["code"] == "InvalidSubnet"


# ---------------------------------------------------------------------- 11.2 encryption at creation only
def test_secrets_encryption_keeps_its_creation_value(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))          # created with a KMS key
    path = "/v1/cloudconfigs/eks/%s" % _cfg(doc)
    upd = example("eks-clusterconfig-update")
    created = clean_env.api("GET", path)[1]["spec"]["clusterConfig"]["encryptionConfig"]
    upd["clusterConfig"]["encryptionConfig"] = {"isEnabled": True, "provider": "arn:aws:kms:us-east-1:1:key/other"}
    assert clean_env.api("PUT", path + "/clusterConfig", upd)[0] == 204
    assert clean_env.api("GET", path)[1]["spec"]["clusterConfig"]["encryptionConfig"] == created
    # a cluster created without encryption does not get it by a PUT
    uid2, doc2 = create_running(clean_env, dynamic_eks("plain"))
    path2 = "/v1/cloudconfigs/eks/%s" % _cfg(doc2)
    upd2 = {"clusterConfig": dict(clean_env.api("GET", path2)[1]["spec"]["clusterConfig"],
                                  encryptionConfig={"isEnabled": True, "provider": "arn:aws:kms:us-east-1:1:key/k"})}
    assert clean_env.api("PUT", path2 + "/clusterConfig", upd2)[0] == 204
    assert "encryptionConfig" not in clean_env.api("GET", path2)[1]["spec"]["clusterConfig"]


# ---------------------------------------------------------------------- 11.3 / 11.4 autoscaled pools
def test_autoscaled_eks_pool_persists_size_min_and_runs_a_different_count(clean_env):
    body = example("eks-create")
    body["spec"]["machinepoolconfig"][1]["poolConfig"].update(size=3, minSize=2, maxSize=4)
    uid, doc = create_running(clean_env, body)
    cfg = _cfg(doc)
    assert _pools(clean_env, cfg)["worker-pool"]["size"] == 2                     # size = minSize
    clean_env.advance_clock(5)
    running = [m for m in _machines(clean_env, cfg, "worker-pool") if m["status"]["instanceState"] == "Running"]
    assert len(running) == 4                                                      # default "away": maxSize
    upd = example("eks-machinepool-update")                                       # size 3, min 3, max 5
    upd["poolConfig"]["size"] = 4
    assert clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool" % cfg, upd)[0] == 204
    assert _pools(clean_env, cfg)["worker-pool"]["size"] == 3
    clean_env.advance_clock(5)
    assert len(_machines(clean_env, cfg, "worker-pool")) == 5
    # per-pool override of the live count (admin), back to the rule with null
    clean_env.set_cluster(uid, live_nodes={"worker-pool": 3})
    clean_env.advance_clock(5)
    assert len(_machines(clean_env, cfg, "worker-pool")) == 3
    clean_env.set_cluster(uid, live_nodes={"worker-pool": None})
    clean_env.advance_clock(5)
    assert len(_machines(clean_env, cfg, "worker-pool")) == 5


def test_live_count_modes_and_iaas_pools(clean_env):
    clean_env.configure(autoscaler_live_nodes="min")
    body = example("aws-create")                      # worker-pool size 3, min 3, max 6 (IaaS keeps size)
    uid, doc = create_running(clean_env, body, "aws")
    cfg = _cfg(doc)
    assert _pools(clean_env, cfg, "aws")["worker-pool"]["size"] == 3
    assert len(_machines(clean_env, cfg, "worker-pool", "aws")) == 3
    assert clean_env.admin("PATCH", "/config", {"autoscaler_live_nodes": "away"})["autoscaler_live_nodes"] == "away"
    clean_env.mutate_pool(cfg, "worker-pool", {"size": 3})         # re-reconcile under the new rule
    assert len(_machines(clean_env, cfg, "worker-pool", "aws")) == 6
    assert len(_machines(clean_env, cfg, "cp-pool", "aws")) == 1   # control plane never autoscaled


# ---------------------------------------------------------------------- 11.5 health
def test_health_values_and_spelling(clean_env):
    clean_env.configure(health_settle_seconds=60)
    uid, _ignored = create_running(clean_env, example("eks-create"))
    ov = "/v1/dashboard/spectroclusters/%s/overview" % uid
    assert clean_env.api("GET", ov)[1]["status"]["health"]["state"] == "Unknown"   # Running, not yet Healthy
    clean_env.advance_clock(61)
    assert clean_env.api("GET", ov)[1]["status"]["health"]["state"] == "Healthy"
    clean_env.configure(running_health="UnHealthy")
    assert clean_env.api("GET", ov)[1]["status"]["health"]["state"] == "UnHealthy"
    status, _ignored, _h = clean_env._http("POST", "/_emulator/clusters/%s" % uid, {"health": "Unhealthy"})
    assert status == 400                                                          # Palette spells it UnHealthy
    clean_env.set_cluster(uid, health="Unknown")
    assert clean_env.api("GET", ov)[1]["status"]["health"]["state"] == "Unknown"
    search = {"filter": {"conjunction": "and", "filterGroups": [{"conjunction": "and", "filters": [
        {"property": "healthState", "type": "string",
         "condition": {"string": {"operator": "eq", "match": {"conjunction": "or", "values": ["Unknown"]}}}}]}]}}
    items = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", search)[1]["items"]
    assert [(i["status"]["state"], i["status"]["health"]["state"]) for i in items] == [("Running", "Unknown")]


# ---------------------------------------------------------------------- 11.6 force delete
def test_premature_force_delete_is_a_4xx_other_than_409_401_403_404(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    clean_env.mark_stuck(uid)
    clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)
    status, out, _ignored = clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)
    assert 400 <= status < 500 and status not in (401, 403, 404, 409)
    assert out["code"] == "ClusterForceDeleteNotAllowed"
    clean_env.advance_clock(901)
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)[0] == 204


# ---------------------------------------------------------------------- 11.7 AMI type
def test_ami_type_cannot_change_and_custom_ami_keeps_it(clean_env):
    body = example("eks-create")
    worker = body["spec"]["machinepoolconfig"][1]["cloudConfig"]
    worker.pop("amiType")
    custom = copy.deepcopy(body["spec"]["machinepoolconfig"][1])
    custom["poolConfig"]["name"] = "custom-ami"
    custom["cloudConfig"].update(amiType="AL2023_ARM_64_STANDARD", instanceType="t4g.large",
                                 enableAwsLaunchTemplate=True, awsLaunchTemplate={"ami": {"id": "ami-0123456789abcdef0"}})
    body["spec"]["machinepoolconfig"].append(custom)
    uid, doc = create_running(clean_env, body)
    cfg = _cfg(doc)
    pools = _pools(clean_env, cfg)
    assert pools["worker-pool"]["amiType"] == "AL2023_x86_64_STANDARD"            # documented default
    assert pools["custom-ami"]["amiType"] == "AL2023_ARM_64_STANDARD"
    assert pools["custom-ami"]["awsLaunchTemplate"]["ami"]["id"] == "ami-0123456789abcdef0"
    upd = example("eks-machinepool-update")
    upd["cloudConfig"]["amiType"] = "AL2_x86_64"
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool" % cfg, upd)
    assert status == 400 and out["code"] == "ImmutableField" and "amiType" in out["message"]
    upd["cloudConfig"]["amiType"] = "AL2023_x86_64_STANDARD"
    assert clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool" % cfg, upd)[0] == 204


# ---------------------------------------------------------------------- 11.8 fields newer than the spec
def test_newer_fields_are_returned_accepted_and_reset_by_a_put_without_them(clean_env):
    body = example("eks-create")
    body["spec"]["cloudConfig"]["overrideClusterAPIConfig"] = "AWSManagedControlPlane:\n  spec: {}\n"
    uid, doc = create_running(clean_env, body)
    cfg = _cfg(doc)
    path = "/v1/cloudconfigs/eks/%s" % cfg
    read = clean_env.api("GET", path)[1]["spec"]
    assert read["clusterConfig"]["overrideClusterAPIConfig"].startswith("AWSManagedControlPlane")
    # set on a pool out of band (as the UI / a newer Terraform would), read back
    clean_env.mutate_pool(cfg, "worker-pool", {"overrideHealthCheckConfiguration": "maxUnhealthy: 40%"})
    assert _pools(clean_env, cfg)["worker-pool"]["overrideHealthCheckConfiguration"] == "maxUnhealthy: 40%"
    # a PUT that carries them keeps them ...
    upd = example("eks-machinepool-update")
    upd["poolConfig"]["overrideHealthCheckConfiguration"] = "maxUnhealthy: 40%"
    assert clean_env.api("PUT", path + "/machinePools/worker-pool", upd)[0] == 204
    assert _pools(clean_env, cfg)["worker-pool"]["overrideHealthCheckConfiguration"] == "maxUnhealthy: 40%"
    # ... one built from a fixed field list resets them (replacement semantics)
    assert clean_env.api("PUT", path + "/machinePools/worker-pool", example("eks-machinepool-update"))[0] == 204
    assert "overrideHealthCheckConfiguration" not in _pools(clean_env, cfg)["worker-pool"]
    assert clean_env.api("PUT", path + "/clusterConfig", example("eks-clusterconfig-update"))[0] == 204
    assert "overrideClusterAPIConfig" not in clean_env.api("GET", path)[1]["spec"]["clusterConfig"]
    # the allow-list is explicit: other unknown fields stay unknown
    upd["poolConfig"]["overrideEverything"] = "x"
    status, out, _ignored = clean_env.api("PUT", path + "/machinePools/worker-pool", upd)
    assert status == 400 and "poolConfig.overrideEverything: unknown field" in out["message"]
    assert validate_body("v1EksMachinePoolConfig", {"isControlPlane": False, "overrideClusterAPIConfig": "a: 1"}) == []


# ---------------------------------------------------------------------- 11.9 RBAC on a cluster without RBAC
def test_rbac_without_any_is_404_and_created_through_the_workspace_endpoint(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    base = "/v1/spectroclusters/%s/config/rbacs" % uid
    status, out, _ignored = clean_env.api("GET", base)
    assert status == 404 and out["code"] == "ResourceNotFound"
    binding = {"type": "RoleBinding", "namespace": "team-a", "role": {"kind": "Role", "name": "edit"},
               "subjects": [{"type": "User", "name": "ann"}]}
    assert clean_env.api("PUT", base, {"rbacs": [{"spec": {"bindings": [binding]}}]})[0] == 404
    wrong = {"spec": {"bindings": [dict(binding, type="Binding")]}}
    assert clean_env.api("POST", "/v1/workspaces/%s/clusterRbacs" % uid, wrong)[0] == 400     # spec-validated
    status, out, hdrs = clean_env.api("POST", "/v1/workspaces/%s/clusterRbacs" % uid, {"spec": {"bindings": [binding]}})
    assert status == 201 and set(out) == {"uid"} and hdrs.get("AuditUid")
    got = clean_env.api("GET", base)[1]
    assert validate_body("v1ClusterRbacs", got) == [] and got["items"][0]["spec"]["bindings"] == [binding]
    path = "/v1/workspaces/%s/clusterRbacs/%s" % (uid, out["uid"])
    assert clean_env.api("PUT", path, {"spec": {"bindings": []}})[0] == 204
    assert clean_env.api("GET", base)[1]["items"][0]["spec"]["bindings"] == []
    assert clean_env.api("DELETE", path)[0] == 204
    assert clean_env.api("GET", base)[0] == 404
    assert clean_env.api("POST", "/v1/workspaces/000000000000000000000000/clusterRbacs", {"spec": {}})[0] == 404


# ---------------------------------------------------------------------- 11.10 Karpenter pools
def test_karpenter_pool_moves_by_itself(clean_env):
    clean_env.configure(karpenter_step_seconds=30)
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = _cfg(doc)
    clean_env.add_pool(cfg, {"name": "karpenter", "labels": ["worker", KARPENTER], "minSize": 0, "maxSize": 3,
                             "instanceType": "t3.large", "amiType": "AL2023_x86_64_STANDARD"})
    assert _pools(clean_env, cfg)["karpenter"]["size"] == 0
    sizes = []
    for _ignored in range(4):
        clean_env.advance_clock(30)
        sizes.append(_pools(clean_env, cfg)["karpenter"]["size"])
    assert sizes == [1, 2, 3, 0]
    clean_env.advance_clock(60)
    assert len(_machines(clean_env, cfg, "karpenter")) == _pools(clean_env, cfg)["karpenter"]["size"] == 2
    assert clean_env.clusters(name="eks-demo")[0]["karpenterPools"] == ["karpenter"]


# ---------------------------------------------------------------------- 11.11 profile changes
def _profiles_put(env, uid, query, action=None):
    body = {"profiles": [{"uid": "6650a1b2c3d4e5f60000aaab", "packValues": []}]}
    if action:
        body["spcApplySettings"] = {"actionType": action}
    return env.api("PUT", "/v1/spectroclusters/%s/profiles%s" % (uid, query), body)[0]


def _can_apply(env, uid):
    spc = env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["status"]["spcApply"]
    assert spc == env.api("GET", "/v1/spectroclusters/%s/status/spcApply" % uid)[1]
    assert validate_body("v1SpcApply", spc) == []
    return spc["canBeApplied"]


def test_profile_change_is_applicable_after_a_delay_with_resolve_notification(clean_env):
    clean_env.configure(spc_apply_seconds=30)
    uid, _ignored = create_running(clean_env, example("eks-create"))
    assert _profiles_put(clean_env, uid, "?resolveNotification=true") == 204
    assert _can_apply(clean_env, uid) is False
    clean_env.advance_clock(31)
    assert _can_apply(clean_env, uid) is True
    # without resolveNotification the change waits (an unresolved notification) until spcApply is POSTed
    assert _profiles_put(clean_env, uid, "") == 204
    clean_env.advance_clock(3600)
    assert _can_apply(clean_env, uid) is False
    summary = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", {})[1]["items"][0]
    assert summary["status"]["notifications"]["isAvailable"] is True
    assert clean_env.api("POST", "/v1/spectroclusters/%s/status/spcApply" % uid)[0] == 202
    assert _can_apply(clean_env, uid) is True


def test_download_and_install_later_waits_for_spc_apply(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    assert _profiles_put(clean_env, uid, "?resolveNotification=true", "DownloadAndInstallLater") == 204
    clean_env.advance_clock(3600)
    assert _can_apply(clean_env, uid) is False
    assert clean_env.api("POST", "/v1/spectroclusters/%s/status/spcApply" % uid)[0] == 202
    assert _can_apply(clean_env, uid) is True
