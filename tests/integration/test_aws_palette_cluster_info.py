"""palette.aws.aws_palette_cluster_info through ansible-playbook against the Palette emulator."""

import os
import stat

from support import SEED_ACCOUNT_UID, SEED_EKS_PROFILE_UID, SEED_IAAS_PROFILE_UID, play, res, task

INFO = "palette.aws.aws_palette_cluster_info"
ACCOUNT = SEED_ACCOUNT_UID   # seed account aws-demo (project Default)
PROFILES = {"eks": SEED_EKS_PROFILE_UID, "aws": SEED_IAAS_PROFILE_UID}
VIEW_KEYS = {"uid", "name", "cloud_type", "state", "health", "region", "cloud_account_uid", "cloud_config_uid",
             "vpc_id", "endpoint_access", "tags", "node_pools", "fargate_profiles", "encryption", "api_endpoints"}


def info(name, args, **extra):
    return task(name, INFO, args, **extra)


def pool(name, size, control_plane=False, eks=True):
    cloud = {"instanceType": "t3.large", "capacityType": "on-demand", "azs": ["us-east-1a"]}
    if eks:
        cloud["amiType"] = "AL2023_x86_64_STANDARD"
    return {"cloudConfig": cloud,
            "poolConfig": {"name": name, "isControlPlane": control_plane, "size": size, "minSize": size,
                           "maxSize": size, "labels": ["control-plane" if control_plane else "worker"]}}


def create(emu, name, cloud_type="eks", labels=None):
    """A cluster made straight through the Palette API (only the info module is under test here)."""
    pools = [pool("workers", 2, eks=cloud_type == "eks")]
    if cloud_type == "aws":
        pools.insert(0, pool("cp", 1, control_plane=True, eks=False))
    config = {"region": "us-east-1"}
    if cloud_type == "eks":
        config["endpointAccess"] = {"public": True, "private": False, "publicCIDRs": ["0.0.0.0/0"]}
    body = {"metadata": {"name": name, "labels": labels or {}, "annotations": {}},
            "spec": {"cloudAccountUid": ACCOUNT, "cloudConfig": config, "machinepoolconfig": pools,
                     "profiles": [{"uid": PROFILES[cloud_type]}]}}
    status, out, _headers = emu.api("POST", "/v1/spectroclusters/%s" % cloud_type, body)
    assert status == 201, out
    return out["uid"]


def test_find_by_name_uid_tags_state(clean_env, run_playbook, tmp_path):
    emu = clean_env
    eks_uid = create(emu, "info-eks", labels={"env": "prod"})
    create(emu, "info-iaas", "aws", labels={"env": "dev"})
    emu.advance_clock(30)  # both Running, machines up
    gone_uid = create(emu, "info-gone")
    emu.api("DELETE", "/v1/spectroclusters/%s" % gone_uid)
    emu.advance_clock(30)  # info-gone is Deleted
    emu.clear_requests()
    result = run_playbook(play([
        info("all", {}),
        info("by name", {"name": "info-eks"}),
        info("by uid", {"uid": eks_uid}),
        info("by tags", {"tags": {"env": "dev"}}),
        info("by state", {"states": ["Running"], "tags": {"env": "prod"}}),
        info("deleted", {"states": ["Deleted"]}),
        info("none", {"name": "no-such-cluster"}),
    ]))
    assert result.rc == 0, result
    assert [c["name"] for c in res(result, "all")["clusters"]] == ["info-eks", "info-iaas"]
    one = res(result, "by name")["clusters"]
    assert len(one) == 1 and VIEW_KEYS <= set(one[0])
    cluster = one[0]
    assert (cluster["uid"], cluster["state"], cluster["health"]) == (eks_uid, "Running", "Healthy")
    endpoint = clean_env.api("GET", "/v1/spectroclusters/%s" % eks_uid)[1]["status"]["apiEndpoints"][0]
    assert cluster["api_endpoints"] == ["%s:%s" % (endpoint["host"], endpoint["port"])]
    assert cluster["tags"] == {"env": "prod"} and cluster["endpoint_access"] == "public"
    workers = cluster["node_pools"][0]
    assert workers["name"] == "workers" and workers["count"] == 2
    assert [m["state"] for m in workers["machines"]] == ["Running", "Running"]
    assert set(workers["machines"][0]) == {"name", "uid", "state", "health", "ready"}
    assert res(result, "by uid")["clusters"][0]["name"] == "info-eks"
    iaas = res(result, "by tags")["clusters"]
    assert [c["name"] for c in iaas] == ["info-iaas"]
    assert [(p["name"], p["control_plane"]) for p in iaas[0]["node_pools"]] == [("cp", True), ("workers", False)]
    assert [c["name"] for c in res(result, "by state")["clusters"]] == ["info-eks"]
    assert [c["name"] for c in res(result, "deleted")["clusters"]] == ["info-gone"]
    assert res(result, "none")["clusters"] == []
    assert all(s == "ok" for _t, s in result.statuses())
    assert emu.writes() == []


def test_kubeconfig_written_0600_never_returned(clean_env, run_playbook, tmp_path):
    emu = clean_env
    create(emu, "kube-a")
    create(emu, "kube-b")
    emu.advance_clock(30)
    emu.clear_requests()
    path = tmp_path / "kube" / "kube-a.yaml"
    args = {"name": "kube-a", "kubeconfig_path": str(path)}
    result = run_playbook(play([
        info("plan", args, check_mode=True),
        info("write", args),
        info("again", args),
        info("ambiguous", {"kubeconfig_path": str(tmp_path / "x.yaml")}, ignore_errors=True),
    ]), verbosity=3)
    assert res(result, "plan")["kubeconfig_written"] is False
    written = res(result, "write")
    assert written["kubeconfig_written"] is True and written["kubeconfig_path"] == str(path)
    assert res(result, "again")["kubeconfig_written"] is False
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    content = path.read_text()
    assert "kind: Config" in content
    token = [line.split("token:")[1].strip() for line in content.splitlines() if "token:" in line][0]
    assert token not in result.stdout and token not in result.stderr
    assert all(token not in str(e["result"]) for e in result.results)
    failed = result.result("ambiguous")
    assert failed["status"] == "failed" and "exactly one" in failed["result"]["msg"]
    assert not (tmp_path / "x.yaml").exists()
    assert emu.writes() == []


def test_one_cluster_reads_each_thing_once(clean_env, run_playbook):
    """Describing a cluster with two pools reads the project (the connection's lookup), the search, the cluster,
    its overview and cloud config once each, then one machines list per pool; nothing is written."""
    emu = clean_env
    uid = create(emu, "info-reads", "aws")
    emu.advance_clock(30)
    config_uid = emu.api("GET", "/v1/spectroclusters/%s" % uid)[1]["spec"]["cloudConfigRef"]["uid"]
    emu.clear_requests()
    result = run_playbook(play([info("one", {"name": "info-reads"})]))
    assert result.rc == 0, result
    assert [p["name"] for p in res(result, "one")["clusters"][0]["node_pools"]] == ["cp", "workers"]
    log = emu.requests()
    assert not any(e["write"] for e in log), log
    pools = "/v1/cloudconfigs/aws/%s/machinePools" % config_uid
    assert [(e["method"], e["path"]) for e in log] == [
        ("GET", "/v1/dashboard/projects/metadata"),
        ("POST", "/v1/dashboard/spectroclusters/search"),     # a read: the search endpoint
        ("GET", "/v1/spectroclusters/%s" % uid),
        ("GET", "/v1/dashboard/spectroclusters/%s/overview" % uid),
        ("GET", "/v1/cloudconfigs/aws/%s" % config_uid),
        ("GET", pools + "/cp/machines"),
        ("GET", pools + "/workers/machines"),
    ]
