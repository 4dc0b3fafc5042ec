"""palette.aws.aws_palette_cluster through ansible-playbook against the Palette emulator (backed by moto)."""

import copy

from support import REGION, aws, play, res

from palette_emulator.schema import validate_body

MOD = "palette.aws.aws_palette_cluster"
RESULT_KEYS = {"uid", "name", "cloud_type", "state", "health", "region", "cloud_account_uid", "cloud_config_uid",
               "vpc_id", "endpoint_access", "tags", "node_pools", "fargate_profiles", "encryption"}
KMS_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


# ------------------------------------------------------------------------------------------ helpers

def task(name, args, **extra):
    entry = {"name": name, MOD: args, "register": "out"}
    entry.update(extra)
    return entry


def statuses(result):
    return [s for _t, s in result.statuses()]


def failures(result):
    """(task, message) of every failed task, for assertion messages."""
    return [(t["task"], (t.get("result") or {}).get("msg")) for t in result.results if t.get("status") == "failed"]


def ec2(moto_url, region=REGION):
    return aws(moto_url, "ec2", region)


def make_vpc(moto_url, region=REGION, zones=("a", "b")):
    """A VPC with one subnet per zone in moto; returns (vpc id, [{az, subnet_id}])."""
    client = ec2(moto_url, region)
    vpc = client.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = []
    for index, zone in enumerate(zones):
        az = region + zone
        sid = client.create_subnet(VpcId=vpc, CidrBlock="10.20.%d.0/24" % index, AvailabilityZone=az)["Subnet"]["SubnetId"]
        subnets.append({"az": az, "subnet_id": sid})
    return vpc, subnets


def eks_dynamic(name, **over):
    args = dict(name=name, cloud_type="eks", cloud_account="aws-demo", region=REGION, wait_sleep=1,
                cluster_profiles=[{"name": "eks-infra", "version": "1.0.0"}],
                endpoint_access="public", public_access_cidrs=["0.0.0.0/0"], tags={"env": "dev"},
                node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 2,
                             "azs": ["us-east-1a", "us-east-1b"]}])
    args.update(over)
    return args


def create_body(emu, kind):
    posts = [e for e in emu.requests(method="POST", path_prefix="/v1/spectroclusters/%s" % kind)
             if e["path"] == "/v1/spectroclusters/%s" % kind]
    assert len(posts) == 1, posts
    return posts[0]["body"]


# ------------------------------------------------------------------------------------------ create

def test_eks_dynamic_create_then_converged(clean_env, run_playbook, moto_server):
    emu = clean_env
    result = run_playbook(play([task("create", eks_dynamic("eks-dyn"))]), diff=True)
    assert result.rc == 0, result
    out = res(result, "create")
    assert out["changed"] is True
    cluster = out["cluster"]
    assert RESULT_KEYS <= set(cluster)
    assert (cluster["state"], cluster["health"], cluster["cloud_type"]) == ("Running", "Healthy", "eks")
    assert cluster["endpoint_access"] == "public" and cluster["vpc_id"] is None
    assert cluster["tags"] == {"env": "dev"}
    assert [p["name"] for p in cluster["node_pools"]] == ["workers"]
    assert out["states_seen"][-1] == {"state": "Running", "health": "Healthy", "elapsed": out["elapsed"]}
    assert out["diff"]["before"] == {} and out["diff"]["after"]["name"] == "eks-dyn"
    body = create_body(emu, "eks")
    assert validate_body("v1SpectroEksClusterEntity", body) == []
    assert "vpcId" not in body["spec"]["cloudConfig"]
    assert [p["poolConfig"]["name"] for p in body["spec"]["machinepoolconfig"]] == ["workers"]
    # dynamic placement: Palette (the emulator) built a VPC in moto for it
    vpcs = ec2(moto_server).describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["sigs.k8s.io/cluster-api-provider-aws/cluster/eks-dyn"]}])
    assert len(vpcs["Vpcs"]) == 1

    emu.clear_requests()
    again = run_playbook(play([task("again", eks_dynamic("eks-dyn"))]))
    assert again.rc == 0, again
    assert res(again, "again")["changed"] is False
    # a converged re-run only reads, each thing once: the project (the connection's lookup), the cluster
    # (search, GET), its cloud config and its overview (health); the profile and account names match what
    # the cluster runs, so they are not looked up
    log = emu.requests()
    assert not any(e["write"] for e in log), log
    uid, config_uid = cluster["uid"], cluster["cloud_config_uid"]
    assert [(e["method"], e["path"]) for e in log] == [
        ("GET", "/v1/dashboard/projects/metadata"),
        ("POST", "/v1/dashboard/spectroclusters/search"),     # a read: the search endpoint
        ("GET", "/v1/spectroclusters/%s" % uid),
        ("GET", "/v1/cloudconfigs/eks/%s" % config_uid),
        ("GET", "/v1/dashboard/spectroclusters/%s/overview" % uid),
    ]


def test_check_mode_create_uses_validate_and_writes_nothing(clean_env, run_playbook):
    emu = clean_env
    result = run_playbook(play([task("plan", eks_dynamic("eks-plan"))]), check=True, diff=True)
    assert result.rc == 0, result
    out = res(result, "plan")
    assert out["changed"] is True
    assert out["cluster"]["name"] == "eks-plan" and out["cluster"]["uid"] is None
    assert out["cluster"]["node_pools"][0]["count"] == 2
    assert out["diff"]["after"]["node_pools"][0]["name"] == "workers"
    assert emu.writes() == []
    assert [e["path"] for e in emu.requests(method="POST")].count("/v1/spectroclusters/eks/validate") == 1
    assert emu.clusters(name="eks-plan") == []


def kms_key(moto_url):
    """A symmetric, enabled key in moto (the create runs the key checks before its POST)."""
    return aws(moto_url, "kms").create_key(Description="eks secrets")["KeyMetadata"]["Arn"]


def test_eks_static_full_create_body(clean_env, run_playbook, moto_server):
    emu = clean_env
    vpc, subnets = make_vpc(moto_server)
    key_arn = kms_key(moto_server)
    ec2(moto_server).create_key_pair(KeyName="my-ec2-keypair")   # the create checks the key pair exists
    args = dict(
        name="eks-static", cloud_type="eks", cloud_account="aws-demo", region=REGION, vpc_id=vpc,
        ssh_key_name="my-ec2-keypair", control_plane_subnets=subnets, endpoint_access="private_and_public",
        public_access_cidrs=["0.0.0.0/0", "203.0.113.0/24"], private_access_cidrs=["10.20.0.0/16"],
        encryption_kms_key_arn=key_arn, accept_unverified_key=True, update_worker_pools_in_parallel=True,
        description="static EKS",
        tags={"env": "dev", "owner": "platform"}, wait_sleep=1,
        os_patch={"schedule": "0 2 * * 0", "reboot_if_required": True},
        cluster_profiles=[{"name": "eks-infra", "version": "1.0.0", "pack_values": [
            {"name": "kubernetes-eks", "values": "managedControlPlane:\n  logging:\n    apiServer: true\n"}]}],
        node_pools=[
            {"name": "general", "instance_type": "t3.large", "count": 2, "min_size": 2, "max_size": 4,
             "subnets": subnets, "labels": {"workload": "general"}},
            {"name": "batch", "instance_type": "m5.large", "capacity_type": "spot", "max_price": "0.08", "count": 1,
             "subnets": subnets[:1], "taints": [{"key": "workload", "value": "batch", "effect": "NoSchedule"}]},
        ],
        fargate_profiles=[{"name": "fp-web", "subnets": [s["subnet_id"] for s in subnets],
                           "additional_tags": {"team": "web"},
                           "selectors": [{"namespace": "web", "labels": {"app": "frontend"}}]}],
    )
    result = run_playbook(play([task("create", args), task("again", args)]))
    assert result.rc == 0, failures(result)
    assert statuses(result) == ["changed", "ok"]
    body = create_body(emu, "eks")
    assert validate_body("v1SpectroEksClusterEntity", body) == []
    spec = body["spec"]
    assert spec["cloudConfig"]["vpcId"] == vpc
    assert spec["cloudConfig"]["endpointAccess"] == {"public": True, "private": True,
                                                     "publicCIDRs": ["0.0.0.0/0", "203.0.113.0/24"],
                                                     "privateCIDRs": ["10.20.0.0/16"]}
    assert spec["cloudConfig"]["encryptionConfig"] == {"isEnabled": True, "provider": key_arn}
    pools = dict((p["poolConfig"]["name"], p) for p in spec["machinepoolconfig"])
    assert set(pools) == {"cp-pool", "general", "batch"}
    assert pools["cp-pool"]["poolConfig"]["isControlPlane"] is True
    assert pools["cp-pool"]["cloudConfig"]["subnets"] == [{"az": s["az"], "id": s["subnet_id"]} for s in subnets]
    assert pools["batch"]["cloudConfig"]["capacityType"] == "spot"
    assert pools["batch"]["cloudConfig"]["spotMarketOptions"] == {"maxPrice": "0.08"}
    assert pools["batch"]["poolConfig"]["taints"] == [{"key": "workload", "value": "batch", "effect": "NoSchedule"}]
    assert spec["fargateProfiles"][0]["selectors"] == [{"namespace": "web", "labels": {"app": "frontend"}}]
    assert spec["clusterConfig"]["updateWorkerPoolsInParallel"] is True
    assert spec["clusterConfig"]["machineManagementConfig"]["osPatchConfig"] == {
        "schedule": "0 2 * * 0", "patchOnBoot": False, "rebootIfRequired": True}
    assert spec["profiles"][0]["packValues"][0]["name"] == "kubernetes-eks"
    assert body["metadata"]["annotations"] == {"description": "static EKS"}
    cluster = res(result, "again")["cluster"]
    assert cluster["control_plane_subnets"] == sorted(subnets, key=lambda s: s["az"])
    assert cluster["encryption"] == {"enabled": True, "kms_key_arn": key_arn}
    assert [p["name"] for p in cluster["fargate_profiles"]] == ["fp-web"]


def test_iaas_static_control_plane_spot_internal_lb(clean_env, run_playbook, moto_server):
    emu = clean_env
    vpc, subnets = make_vpc(moto_server, zones=("a",))
    ec2(moto_server).create_key_pair(KeyName="my-ec2-keypair")
    args = dict(name="iaas-static", cloud_type="aws", cloud_account="aws-demo", region=REGION, vpc_id=vpc,
                ssh_key_name="my-ec2-keypair", control_plane_load_balancer="internal", wait_sleep=1,
                cluster_profiles=[{"name": "aws-iaas-infra"}],
                node_pools=[
                    {"name": "cp", "control_plane": True, "count": 3, "instance_type": "m5.xlarge", "subnets": subnets},
                    {"name": "workers", "instance_type": "m5.large", "capacity_type": "spot", "count": 2,
                     "disk_size_gb": 80, "subnets": subnets,
                     "taints": [{"key": "gpu", "value": "true", "effect": "NoSchedule"}]}])
    result = run_playbook(play([task("create", args)]))
    assert result.rc == 0, failures(result)
    body = create_body(emu, "aws")
    assert validate_body("v1SpectroAwsClusterEntity", body) == []
    assert body["spec"]["cloudConfig"]["controlPlaneLoadBalancer"] == "internal"
    assert body["spec"]["clusterType"] == "PureManage"
    first, second = body["spec"]["machinepoolconfig"]
    assert (first["poolConfig"]["isControlPlane"], first["poolConfig"]["size"]) == (True, 3)
    assert second["cloudConfig"]["spotMarketOptions"] == {"maxPrice": "0.0"}
    cluster = res(result, "create")["cluster"]
    assert cluster["control_plane_load_balancer"] == "internal"
    assert [(p["name"], p["control_plane"], p["count"]) for p in cluster["node_pools"]] == [
        ("cp", True, 3), ("workers", False, 2)]
    elb = aws(moto_server, "elb")
    schemes = [lb["Scheme"] for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"]]
    assert schemes == ["internal"]


def test_lost_create_answer_is_adopted_not_duplicated(clean_env, run_playbook):
    emu = clean_env
    emu.faults(lose=[{"method": "POST", "path_prefix": "/v1/spectroclusters/eks", "mode": "drop", "count": 1}])
    result = run_playbook(play([task("create", eks_dynamic("eks-lost")), task("again", eks_dynamic("eks-lost"))]))
    assert result.rc == 0, result
    assert statuses(result) == ["changed", "ok"]
    assert any("adopted" in w for w in res(result, "create")["warnings"])
    assert len(emu.clusters(name="eks-lost")) == 1
    assert len([e for e in emu.writes() if e["path"] == "/v1/spectroclusters/eks"]) == 1


def test_wait_false_then_timeout_reports_last_state(clean_env, run_playbook):
    emu = clean_env
    emu.configure(provision_seconds=120)
    result = run_playbook(play([task("start", eks_dynamic("eks-slow", wait=False)),
                                task("wait", eks_dynamic("eks-slow", wait_timeout=2), ignore_errors=True)]))
    started = res(result, "start")
    assert started["changed"] is True and started["cluster"]["state"] in ("Pending", "Provisioning")
    assert started["states_seen"] == [] and started["elapsed"] == 0.0
    failed = result.result("wait")
    assert failed["status"] == "failed"
    out = failed["result"]
    assert out["last_state"] == "Provisioning" and "timed out" in out["msg"]
    assert out["states_seen"][-1]["state"] == "Provisioning"
    assert any("Provisioning" in e for e in out["recent_events"])


# ------------------------------------------------------------------------------------------ validation

INVALID = [
    ("cidr", {"public_access_cidrs": ["10.0.0.300/8"]}, ["public_access_cidrs[0]"]),
    ("endpoint-mode", {"endpoint_access": "private", "public_access_cidrs": ["0.0.0.0/0"]},
     ["public_access_cidrs", "endpoint_access"]),
    ("sizes-disk", {"node_pools": [{"name": "w", "instance_type": "t3.large", "count": 5, "min_size": 1, "max_size": 3,
                                    "azs": ["us-east-1a"], "disk_size_gb": 3000}]},
     ["node_pools[0].count", "node_pools[0].disk_size_gb"]),
    ("spot-price", {"node_pools": [{"name": "w", "instance_type": "t3.large", "count": 1, "max_price": "0.1",
                                    "azs": ["us-east-1a"]}]}, ["node_pools[0].max_price"]),
    ("no-worker", {"node_pools": []}, ["node_pools", "worker pool"]),
    ("fargate-selectors", {"fargate_profiles": [{"name": "fp", "selectors": [{"namespace": "ns%d" % i} for i in range(6)]}]},
     ["fargate_profiles[0].selectors", "at most 5"]),
    ("placement-mix", {"vpc_id": "vpc-0a1b2c3d4e5f67890",
                       "control_plane_subnets": [{"az": "us-east-1a", "subnet_id": "subnet-0aaa1111bbbb2222c"},
                                                 {"az": "us-east-1b", "subnet_id": "subnet-0ddd3333eeee4444f"}]},
     ["node_pools[0].azs", "static placement"]),
    ("name", {"name": "Bad_Name"}, ["cluster: 'Bad_Name' is not a valid cluster name"]),
    ("wait-timeout", {"wait_timeout": -1}, ["wait_timeout: -1 is too small; give 0 or more"]),
    ("wait-sleep", {"wait_sleep": 0}, ["wait_sleep: 0 is too small; give 1 or more"]),
    ("profile-uid", {"cluster_profiles": [{"uid": "0123456789abcdef01234567"}]},
     ["cluster_profiles[0].uid: no cluster profile with uid '0123456789abcdef01234567'", "eks-infra"]),
    ("profile-version", {"cluster_profiles": [{"name": "eks-infra", "version": "9.9.9"}]},
     ["cluster_profiles[0].version: cluster profile 'eks-infra' has no version '9.9.9'", "1.0.0"]),
]


def test_invalid_options_fail_before_any_request(clean_env, run_playbook):
    emu = clean_env
    tasks = []
    for label, over, _words in INVALID:
        args = eks_dynamic("eks-bad")
        args.update(over)
        tasks.append(task(label, args, ignore_errors=True))
    iaas = dict(name="iaas-bad", cloud_type="aws", cloud_account="aws-demo", region=REGION,
                cluster_profiles=[{"name": "aws-iaas-infra"}],
                fargate_profiles=[{"name": "fp", "selectors": [{"namespace": "web"}]}],
                node_pools=[{"name": "cp", "control_plane": True, "count": 2, "instance_type": "m5.large",
                             "azs": ["us-east-1a"]},
                            {"name": "w", "instance_type": "m5.large", "count": 1, "azs": ["us-east-1a"]}])
    tasks.append(task("iaas", iaas, ignore_errors=True))
    tasks.append(task("account", eks_dynamic("eks-acct", cloud_account="nope"), ignore_errors=True))
    tasks.append(task("profile", eks_dynamic("eks-prof", cluster_profiles=[{"name": "nope"}]), ignore_errors=True))
    # the docs' caution: a public endpoint without 0.0.0.0/0 (check mode: the plan is enough)
    tasks.append(task("warn", eks_dynamic("eks-warn", public_access_cidrs=["203.0.113.0/24"]), check_mode=True))
    result = run_playbook(play(tasks))
    msg = res(result, "iaas")["msg"]
    assert "node_pools[0].count" in msg and "1, 3 or 5" in msg
    assert "fargate_profiles" in msg and "cloud_type" in msg
    assert any("0.0.0.0/0" in w for w in res(result, "warn")["warnings"])
    # names that match nothing: the message lists what exists
    assert res(result, "account")["msg"].startswith("cloud_account: no AWS cloud account named 'nope'")
    assert "existing: aws-demo" in res(result, "account")["msg"]
    assert res(result, "profile")["msg"].startswith("cluster_profiles[0].name: no cluster profile named 'nope'")
    assert "eks-infra" in res(result, "profile")["msg"]
    assert emu.writes() == []
    for label, _over, words in INVALID:
        entry = result.result(label)
        assert entry["status"] == "failed", (label, entry)
        for word in words:
            assert word in entry["result"]["msg"], (label, entry["result"]["msg"])
    # only reads reached Palette: the project, the cluster search (the check-mode task also resolves, validates
    # and asks for the rate estimate)
    paths = set(e["path"] for e in emu.requests())
    assert paths - {"/v1/spectroclusters/eks/validate", "/v1/cloudaccounts/aws", "/v1/dashboard/clusterprofiles/metadata",
                    "/v1/spectroclusters/eks/rate"} \
        == {"/v1/dashboard/projects/metadata", "/v1/dashboard/spectroclusters/search"}, paths


# ------------------------------------------------------------------------------------------ day 2

def test_day2_check_diff_apply_converge(clean_env, run_playbook):
    emu = clean_env
    pools = [{"name": "workers", "instance_type": "t3.large", "count": 2, "azs": ["us-east-1a", "us-east-1b"]},
             {"name": "batch", "instance_type": "m5.large", "capacity_type": "spot", "count": 1, "azs": ["us-east-1a"],
              "taints": [{"key": "workload", "value": "batch", "effect": "NoSchedule"}]}]
    base = eks_dynamic("eks-day2", endpoint_access="private_and_public", node_pools=pools,
                       public_access_cidrs=["0.0.0.0/0"], tags={"env": "dev", "owner": "platform"})
    created = run_playbook(play([task("create", base)]))
    assert created.rc == 0, created
    config_uid = res(created, "create")["cluster"]["cloud_config_uid"]

    changed = copy.deepcopy(base)
    changed.update(tags={"env": "prod"}, public_access_cidrs=["0.0.0.0/0", "198.51.100.0/24"],
                   private_access_cidrs=["10.0.0.0/16"], os_patch={"schedule": "0 3 * * 1", "patch_on_boot": True},
                   cluster_profiles=[{"name": "eks-infra", "version": "1.0.0", "pack_values": [
                       {"name": "kubernetes-eks", "values": "managedControlPlane:\n  logging:\n    apiServer: true\n"}]}])
    changed["node_pools"][0]["count"] = 3
    changed["node_pools"][1]["taints"] = [{"key": "workload", "value": "batch", "effect": "NoExecute"}]

    emu.clear_requests()
    plan = run_playbook(play([task("plan", changed)]), check=True, diff=True)
    assert plan.rc == 0, plan
    out = res(plan, "plan")
    assert out["changed"] is True
    assert emu.writes() == []
    before, after = out["diff"]["before"], out["diff"]["after"]
    assert (before["tags"], after["tags"]) == ({"env": "dev", "owner": "platform"}, {"env": "prod"})
    assert after["public_access_cidrs"] == ["0.0.0.0/0", "198.51.100.0/24"]
    assert after["private_access_cidrs"] == ["10.0.0.0/16"]
    pools_after = dict((p["name"], p) for p in after["node_pools"])
    assert pools_after["workers"]["count"] == 3
    assert pools_after["batch"]["taints"][0]["effect"] == "NoExecute"
    assert out["cluster"]["tags"] == {"env": "prod"}
    assert (before["os_patch"].get("schedule"), after["os_patch"]["schedule"]) == (None, "0 3 * * 1")
    packs = after["cluster_profiles"][0]["pack_values"]
    assert packs == [{"name": "kubernetes-eks", "values": "managedControlPlane:\n  logging:\n    apiServer: true"}]
    assert "apiServer: false" in before["cluster_profiles"][0]["pack_values"][0]["values"]

    emu.clear_requests()
    applied = run_playbook(play([task("apply", changed), task("again", changed)]), diff=True)
    assert applied.rc == 0, applied
    assert statuses(applied) == ["changed", "ok"]
    uid = res(applied, "apply")["cluster"]["uid"]
    # Terraform's order: cloud config, pools, metadata, settings, profiles; nothing else, and once
    assert [(e["method"], e["path"]) for e in emu.writes()] == [
        ("PUT", "/v1/cloudconfigs/eks/%s/clusterConfig" % config_uid),
        ("PUT", "/v1/cloudconfigs/eks/%s/machinePools/workers" % config_uid),
        ("PUT", "/v1/cloudconfigs/eks/%s/machinePools/batch" % config_uid),
        ("PATCH", "/v1/spectroclusters/%s/metadata" % uid),
        ("PATCH", "/v1/spectroclusters/%s/clusterConfig/osPatch" % uid),
        ("PUT", "/v1/spectroclusters/%s/profiles" % uid),
    ]
    real = res(applied, "apply")
    assert real["diff"]["after"]["tags"] == after["tags"]
    assert real["diff"]["after"]["public_access_cidrs"] == after["public_access_cidrs"]
    cluster = res(applied, "again")["cluster"]
    workers = [p for p in cluster["node_pools"] if p["name"] == "workers"][0]
    assert workers["count"] == 3 and cluster["tags"] == {"env": "prod"}


def test_immutable_change_fails_without_write(clean_env, run_playbook):
    emu = clean_env
    created = run_playbook(play([task("create", eks_dynamic("eks-imm", wait=False))]))
    assert created.rc == 0, created
    emu.clear_requests()
    args = eks_dynamic("eks-imm", region="us-west-2", endpoint_access="private", public_access_cidrs=None,
                       ssh_key_name="other-key", encryption_kms_key_arn=KMS_ARN.replace("us-east-1", "us-west-2"),
                       update_worker_pools_in_parallel=True, tags={"env": "prod"}, wait=False,
                       node_pools=[{"name": "workers", "count": 3}])
    result = run_playbook(play([task("immutable", args, ignore_errors=True)]), verbosity=3, diff=True)
    assert result.result("immutable")["status"] == "failed"
    # the API key (from the environment) never shows, not even at -vvv
    assert emu.api_key not in result.stdout and emu.api_key not in result.stderr
    out = res(result, "immutable")
    for field in ("region", "endpoint_access", "ssh_key_name", "update_worker_pools_in_parallel"):
        assert field in out["msg"], out["msg"]
    assert "nothing was changed" in out["msg"]
    assert emu.writes() == []


def test_day2_name_lookups_fail_before_any_write(clean_env, run_playbook):
    """On an existing cluster the names a later step sends (backup location, a new profile, another account) are
    looked up before the first write: a miss fails naming the option while the earlier steps (here the tags
    PATCH) have not been sent."""
    emu = clean_env
    created = run_playbook(play([task("create", eks_dynamic("eks-look", wait=False))]))
    assert created.rc == 0, created
    emu.clear_requests()
    backup = {"location": "no-such-location", "prefix": "daily", "schedule": "0 1 * * *", "expiry_hours": 24}
    result = run_playbook(play([
        task("backup", eks_dynamic("eks-look", wait=False, tags={"env": "prod"}, backup=backup), ignore_errors=True),
        task("profile", eks_dynamic("eks-look", wait=False, tags={"env": "prod"},
                                    cluster_profiles=[{"name": "eks-infra", "version": "9.9.9"}]), ignore_errors=True),
        task("account", eks_dynamic("eks-look", wait=False, tags={"env": "prod"}, cloud_account="nope"),
             ignore_errors=True),
    ]))
    assert statuses(result) == ["failed"] * 3, result
    assert res(result, "backup")["msg"].startswith("backup.location: backup location 'no-such-location' not found")
    assert res(result, "profile")["msg"].startswith("cluster_profiles[0].version:")
    assert "cloud_account: no AWS cloud account named 'nope'" in res(result, "account")["msg"]
    assert emu.writes() == []


# ------------------------------------------------------------------------------------------ delete

def test_delete_force_delete_and_absent_again(clean_env, run_playbook):
    emu = clean_env
    created = run_playbook(play([task("create", eks_dynamic("eks-del", wait=False)),
                                 task("create2", eks_dynamic("eks-stuck", wait=False))]))
    assert created.rc == 0, created
    stuck_uid = res(created, "create2")["cluster"]["uid"]
    emu.mark_stuck(stuck_uid)
    emu.configure(force_delete_after_seconds=3)
    emu.clear_requests()
    absent = {"state": "absent", "wait_sleep": 1}
    result = run_playbook(play([
        task("check", dict(absent, name="eks-del"), check_mode=True),
        task("delete", dict(absent, name="eks-del")),
        task("stuck", dict(absent, name="eks-stuck", wait_timeout=2), ignore_errors=True),
        task("force", dict(absent, name="eks-stuck", force_delete=True, force_delete_after=0, wait_timeout=60)),
        task("again", dict(absent, name="eks-stuck")),
        task("again2", dict(absent, name="eks-del")),
    ]))
    assert statuses(result) == ["changed", "changed", "failed", "changed", "ok", "ok"], result
    deleted = res(result, "delete")
    assert deleted["cluster"]["state"] == "Deleted" and deleted["cluster"]["force_deleted"] is False
    assert deleted["states_seen"][-1]["state"] == "Deleted"
    stuck = res(result, "stuck")
    assert stuck["last_state"] == "Deleting" and "force_delete" in stuck["msg"]
    forced = res(result, "force")
    assert forced["cluster"]["force_deleted"] is True
    assert any("orphaned_resources" in w for w in forced["warnings"])
    assert [s["state"] for s in forced["states_seen"]][-2:] == ["Deleting", "Deleted"]
    deletes = [(e["path"], e.get("query"), e["status"]) for e in emu.writes() if e["method"] == "DELETE"]
    # one normal delete each, then force deletes (the first may be refused until the window passed)
    assert len([d for d in deletes if not (d[1] or {}).get("forceDelete")]) == 2
    assert [d[2] for d in deletes if (d[1] or {}).get("forceDelete")][-1] == 204
    assert [c["state"] for c in emu.clusters(name="eks-stuck")] == ["Deleted"]
