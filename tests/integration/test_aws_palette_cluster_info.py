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
        info("by tags", {"tags": {"env": "dev"}, "details": "full"}),
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
    result = run_playbook(play([info("one", {"cluster": "info-reads"})]))
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


# ---------------------------------------------------------------------------------------------- tenant scale
SEARCH = ("POST", "/v1/dashboard/spectroclusters/search")
META = ("GET", "/v1/dashboard/spectroclusters/meta")
PROJECTS = ("GET", "/v1/dashboard/projects/metadata")


def bulk(emu, count, prefix="bulk", **body):
    out = emu.admin("POST", "/clusters/bulk", dict(body, count=count, prefix=prefix))
    return out


def calls(emu):
    return [(e["method"], e["path"]) for e in emu.requests()]


def test_summary_listing_is_one_request_per_page(clean_env, run_playbook):
    """100 clusters: a listing reads 2 search pages and 1 meta list (regions), no per-cluster request; the full view
    is read only for the clusters asked for (cluster, overview, cloud config, one machines list per pool)."""
    emu = clean_env
    bulk(emu, 97, tags={"env": "prod"})
    bulk(emu, 2, prefix="iaas", cloud_type="aws", region="eu-west-1")
    bulk(emu, 1, prefix="sick", health="UnHealthy")
    emu.clear_requests()
    result = run_playbook(play([info("all", {})]))
    assert result.rc == 0, result
    assert calls(emu) == [PROJECTS, SEARCH, SEARCH, META]
    clusters = res(result, "all")["clusters"]
    assert len(clusters) == 100 and all(c["details"] == "summary" for c in clusters)
    by_name = dict((c["name"], c) for c in clusters)
    one = by_name["bulk-7"]
    assert (one["state"], one["health"], one["cloud_type"], one["region"]) == ("Running", "Healthy", "eks", "us-east-1")
    assert one["tags"] == {"env": "prod"} and one["project"] == "Default" and one["cloud_account_name"] == "aws-demo"
    assert (one["machines_ready"], one["machines_wanted"]) == (2, 2)
    assert by_name["iaas-1"]["region"] == "eu-west-1" and by_name["iaas-1"]["machines_wanted"] == 3
    assert by_name["sick-1"]["health"] == "UnHealthy"
    assert "node_pools" not in one

    emu.clear_requests()
    result = run_playbook(play([
        info("unhealthy eks", {"cloud_types": ["eks"], "states": ["Running"], "tags": {"env": "prod"}}),
        info("two in full", {"clusters": ["bulk-3", "iaas-2"], "details": "full"}),
    ]))
    assert result.rc == 0, result
    assert len(res(result, "unhealthy eks")["clusters"]) == 97
    full = res(result, "two in full")["clusters"]
    assert [c["name"] for c in full] == ["bulk-3", "iaas-2"]
    assert [[p["name"] for p in c["node_pools"]] for c in full] == [["worker-pool"], ["cp-pool", "worker-pool"]]
    assert full[0]["details"] == "full" and full[0]["project"] == "Default" and full[1]["region"] == "eu-west-1"
    log = calls(emu)
    # listing: project lookup + 2 pages + meta; two in full: project lookup + 1 search (by the two names) + reads
    assert log[:4] == [PROJECTS, SEARCH, SEARCH, META]
    rest = log[4:]
    assert rest[:2] == [PROJECTS, SEARCH]
    per_cluster = rest[2:]
    assert len(per_cluster) == 4 + 5  # eks: cluster, overview, cloud config, 1 pool; aws: 2 pools
    assert all(not path.startswith("/v1/dashboard/spectroclusters/search") for _m, path in per_cluster)
    names_filter = emu.requests()[5]["body"]["filter"]["filterGroups"][1]["filters"][0]
    assert names_filter["condition"]["string"]["match"]["values"] == ["bulk-3", "iaas-2"]


def test_options_fail_before_any_request(clean_env, run_playbook):
    emu = clean_env
    emu.clear_requests()
    result = run_playbook(play([
        info("wait without names", {"wait_for": "running"}, ignore_errors=True),
        info("empty name", {"clusters": ["a", " "]}, ignore_errors=True),
        info("type without path", {"cluster": "a", "kubeconfig_type": "admin"}, ignore_errors=True),
        info("negative timeout", {"cluster": "a", "wait_for": "running", "wait_timeout": -1}, ignore_errors=True),
        info("no pause", {"cluster": "a", "wait_for": "running", "wait_sleep": 0}, ignore_errors=True),
    ]))
    assert "wait_timeout" in result.result("negative timeout")["result"]["msg"]
    assert "wait_sleep" in result.result("no pause")["result"]["msg"]
    assert "wait_for: name the clusters" in result.result("wait without names")["result"]["msg"]
    assert "clusters[1]: a cluster name or uid is required" in result.result("empty name")["result"]["msg"]
    assert "kubeconfig_type: set kubeconfig_path" in result.result("type without path")["result"]["msg"]
    assert emu.requests() == []


# ---------------------------------------------------------------------------------------------- kubeconfig files
def test_kubeconfig_dirs_private_whatever_the_umask_and_mode_fix_is_a_change(clean_env, run_playbook, tmp_path):
    emu = clean_env
    create(emu, "kube-c")
    emu.advance_clock(30)
    path = tmp_path / "a" / "b" / "kube-c.yaml"
    admin_path = tmp_path / "admin" / "kube-c.yaml"
    args = {"cluster": "kube-c", "kubeconfig_path": str(path)}
    old = os.umask(0)  # the module inherits it: makedirs' mode alone would give 0777 directories
    try:
        first = run_playbook(play([
            info("plan", args, check_mode=True),
            info("write", args),
            info("admin", {"cluster": "kube-c", "kubeconfig_path": str(admin_path), "kubeconfig_type": "admin"}),
        ]))
        assert first.rc == 0, first
        for directory in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "admin"):
            assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700, directory
        plan = first.result("plan")  # check mode predicts the write, and writes nothing
        assert plan["status"] == "changed" and plan["result"]["kubeconfig_written"] is False
        assert first.result("write")["status"] == "changed"
        assert "kube-c-admin" in admin_path.read_text() and "kube-c-admin" not in path.read_text()
        os.chmod(path, 0o644)
        second = run_playbook(play([info("plan fix", args, check_mode=True), info("fix", args), info("again", args)]))
    finally:
        os.umask(old)
    assert second.result("plan fix")["status"] == "changed"
    fixed = second.result("fix")
    assert fixed["status"] == "changed" and fixed["result"]["kubeconfig_written"] is True
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert second.result("again")["status"] == "ok"
    paths = [e["path"] for e in emu.requests() if "/assets/" in e["path"]]
    assert any(p.endswith("/assets/adminKubeconfig") for p in paths)


def test_kubeconfig_client_endpoint(clean_env, run_playbook, tmp_path):
    """kubeconfig_type client reads /assets/kubeconfigclient; when Palette has none it fails naming what is missing."""
    emu = clean_env
    create(emu, "kube-d")
    emu.advance_clock(30)
    emu.faults(responses=[{"method": "GET", "path_regex": "/assets/kubeconfigclient$", "kind": "shape", "status": 404,
                           "body": {"code": "ResourceNotFound", "message": "no kubeconfig client"}, "count": None}])
    emu.clear_requests()
    target = tmp_path / "client.yaml"
    result = run_playbook(play([info("client", {"cluster": "kube-d", "kubeconfig_path": str(target),
                                                "kubeconfig_type": "client"}, ignore_errors=True)]))
    failed = result.result("client")
    assert failed["status"] == "failed"
    assert "client kubeconfig of cluster kube-d is not available" in failed["result"]["msg"]
    assert "Traceback" not in result.stdout + result.stderr
    assert [e["path"] for e in emu.requests() if "/assets/" in e["path"]][-1].endswith("/assets/kubeconfigclient")
    assert not target.exists()


# ---------------------------------------------------------------------------------------------- wait_for
def test_wait_for_many_clusters_one_search_per_poll_one_line_per_poll(clean_env, run_playbook):
    emu = clean_env
    emu.configure(provision_seconds=6.0, machine_provision_seconds=1.0)
    names = ["wait-a", "wait-b", "wait-c"]
    for name in names:
        create(emu, name)
    emu.clear_requests()
    result = run_playbook(play([info("wait", {"clusters": names, "wait_for": "running", "wait_sleep": 1})]))
    assert result.rc == 0, result
    waited = res(result, "wait")
    assert waited["wait"]["done"] is True and sorted(waited["wait"]["ready"]) == names
    assert waited["wait"]["pending"] == [] and waited["wait"]["polls"] >= 2
    assert [c["state"] for c in waited["clusters"]] == ["Running"] * 3
    searches = [e for e in emu.requests() if (e["method"], e["path"]) == SEARCH]
    # one search request per poll, for all three clusters at once; nothing else but the project lookups
    assert len(searches) == waited["wait"]["polls"]
    assert all(e["body"]["filter"]["filterGroups"][1]["filters"][0]["condition"]["string"]["match"]["values"]
               == names for e in searches)
    assert set((e["method"], e["path"]) for e in emu.requests()) == {SEARCH, PROJECTS}
    lines = [line for line in result.stdout.splitlines() if "palette wait_for running:" in line]
    assert len(lines) == waited["wait"]["polls"]
    assert "/3 Running and Healthy" in lines[0] and "Provisioning/" in lines[0]
    assert lines[-1].startswith("[localhost] palette wait_for running: 3/3 Running and Healthy")
    assert result.stdout.count("TASK [") == 1


def test_wait_for_stops_at_once_and_times_out_with_what_is_pending(clean_env, run_playbook):
    emu = clean_env
    emu.configure(provision_seconds=600.0, delete_seconds=600.0)
    create(emu, "slow-a")
    gone = create(emu, "going-b")
    emu.api("DELETE", "/v1/spectroclusters/%s" % gone)
    result = run_playbook(play([
        info("stopped", {"clusters": ["slow-a", "going-b"], "wait_for": "running", "wait_timeout": 10, "wait_sleep": 1},
             ignore_errors=True),
        info("stopped alone", {"cluster": "going-b", "wait_for": "running"}, ignore_errors=True),
        info("timeout", {"cluster": "slow-a", "wait_for": "running", "wait_timeout": 3, "wait_sleep": 1},
             ignore_errors=True),
        info("missing", {"cluster": "no-such", "wait_for": "running"}, ignore_errors=True),
        info("check mode", {"cluster": "slow-a", "wait_for": "running"}, check_mode=True),
    ]))
    # a fleet goes on waiting for the others when one cluster fails; the failure names both (the timeout leaves room
    # for a second poll even when a poll, one module run, takes seconds on a loaded machine)
    stopped = result.result("stopped")["result"]
    assert result.result("stopped")["status"] == "failed" and stopped["wait"]["stopped"] == ["going-b went Deleting"]
    assert stopped["wait"]["pending"] == ["slow-a"] and stopped["wait"]["polls"] >= 2
    alone = result.result("stopped alone")["result"]
    assert alone["wait"]["stopped"] == ["going-b went Deleting"] and alone["wait"]["polls"] == 1
    assert "stopped waiting for going-b" in alone["msg"]
    timeout = result.result("timeout")["result"]
    assert result.result("timeout")["status"] == "failed" and "timed out after 3 s" in timeout["msg"]
    assert timeout["wait"]["pending"] == ["slow-a"] and "slow-a: Provisioning" in timeout["msg"]
    assert result.result("missing")["result"]["wait"]["stopped"] == ["no-such does not exist"]
    check = res(result, "check mode")
    assert check["wait"]["done"] is False and check["wait"]["polls"] == 1
    emu.advance_clock(700)  # going-b is Deleted now, slow-a Running
    result = run_playbook(play([info("deleted", {"clusters": ["going-b", "never-was"], "wait_for": "deleted"}),
                                info("went", {"cluster": "going-b", "wait_for": "running"}, ignore_errors=True)]))
    deleted = res(result, "deleted")
    assert deleted["wait"]["done"] is True and deleted["wait"]["ready"] == ["going-b", "never-was"]
    assert [c["state"] for c in deleted["clusters"]] == ["Deleted"]
    assert result.result("went")["result"]["wait"]["stopped"] == ["going-b went Deleted"]


def test_cost_estimate_of_an_existing_cluster(clean_env, run_playbook):
    """Issue 13 item 4: Palette's rate of an existing cluster, hourly and monthly, only when asked for."""
    uid = create(clean_env, "info-cost")
    clean_env.advance_clock(30)
    clean_env.clear_requests()
    result = run_playbook(play([
        info("plain", {"cluster": "info-cost", "details": "summary"}),
        info("priced", {"cluster": "info-cost", "details": "summary", "cost_estimate": True}),
    ]))
    assert result.rc == 0, result
    assert "cost_estimate" not in res(result, "plain")["clusters"][0]
    cost = res(result, "priced")["clusters"][0]["cost_estimate"]
    assert cost["hourly"]["total"] > 0 and cost["monthly"]["total"] > cost["hourly"]["total"]
    assert [p["name"] for p in cost["pools"]] == ["workers"] and cost["pools"][0]["nodes"] == 2
    rates = clean_env.requests(path_prefix="/v1/spectroclusters/%s/rate" % uid)
    assert len(rates) == 2  # one per period, and none without cost_estimate
