"""Cluster lifecycle, pools, machines, Fargate, search, delete/force delete, settings, admin drift."""

import copy

from palette_emulator.schema import validate_body

from .helpers import create_running, example


def _state(env, uid):
    return env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["status"]["state"]


def _search_name(name, op="eq", is_deleted=False):
    body = example("cluster-search-by-name")
    body["filter"]["filterGroups"][0]["filters"][1]["condition"]["bool"]["value"] = is_deleted
    cond = body["filter"]["filterGroups"][1]["filters"][0]["condition"]["string"]
    cond["operator"] = op
    cond["match"]["values"] = [name]
    return body


def test_state_machine_is_driven_by_the_clock(clean_env):
    clean_env.configure(pending_seconds=10, provision_seconds=100, autoscaler_live_nodes="size")
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    uid = out["uid"]
    assert _state(clean_env, uid) == "Pending"
    ov = clean_env.api("GET", "/v1/dashboard/spectroclusters/%s/overview" % uid)[1]
    assert ov["status"]["health"]["state"] != "Healthy"
    clean_env.advance_clock(11)
    assert _state(clean_env, uid) == "Provisioning"
    cfg = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["spec"]["cloudConfigRef"]["uid"]
    machines = clean_env.api("GET", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool/machines" % cfg)[1]
    assert [m["status"]["instanceState"] for m in machines["items"]] == ["Provisioning", "Provisioning"]
    clean_env.advance_clock(100)
    assert _state(clean_env, uid) == "Running"
    machines = clean_env.api("GET", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool/machines" % cfg)[1]
    assert [m["status"]["instanceState"] for m in machines["items"]] == ["Running", "Running"]
    assert validate_body("v1AwsMachines", machines) == []


def test_duplicate_name_and_name_validation(clean_env):
    create_running(clean_env, example("eks-create"))
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 409 and out["code"] == "ClusterNameAlreadyExists"
    assert clean_env.api("GET", "/v1/spectroclusters/validate/name?name=eks-demo")[0] == 409
    assert clean_env.api("GET", "/v1/spectroclusters/validate/name?name=other")[0] == 204
    assert clean_env.api("GET", "/v1/spectroclusters/validate/name?name=Bad_Name")[0] == 400


def test_validate_endpoint_reports_pool_errors(clean_env):
    body = example("eks-create")
    body["spec"]["machinepoolconfig"][1]["cloudConfig"]["instanceType"] = "t3.gigantic"
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks/validate", body)
    assert status == 200 and validate_body("v1SpectroClusterValidatorResponse", out) == []
    errors = {r["name"]: r["errors"] for r in out["machinePools"]["results"]}
    assert errors["cp-pool"] == []
    assert [e["code"] for e in errors["worker-pool"]] == ["InvalidInstanceType"]
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", body)
    assert status == 400 and "t3.gigantic" in out["message"]
    assert clean_env.writes()[-1]["status"] == 400


def test_wrong_profile_cloud_type_rejected(clean_env):
    body = example("eks-create")
    body["spec"]["profiles"][0]["uid"] = "6650a1b2c3d4e5f60000bbbb"   # the AWS IaaS profile
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", body)
    assert status == 400 and out["code"] == "InvalidClusterProfile"


def test_machine_pools_resize_add_delete(clean_env):
    clean_env.configure(autoscaler_live_nodes="size")     # machines follow size (autoscaler: test_live_counts.py)
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    base = "/v1/cloudconfigs/eks/%s/machinePools" % cfg
    upd = example("eks-machinepool-update")           # size 3, t3.xlarge
    assert clean_env.api("PUT", base + "/worker-pool", upd)[0] == 204
    states = [m["status"]["instanceState"] for m in clean_env.api("GET", base + "/worker-pool/machines")[1]["items"]]
    assert sorted(states) == ["Provisioning", "Running", "Running"]
    clean_env.advance_clock(2)
    states = [m["status"]["instanceState"] for m in clean_env.api("GET", base + "/worker-pool/machines")[1]["items"]]
    assert states == ["Running"] * 3
    pool = {p["name"]: p for p in clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["machinePoolConfig"]}
    assert pool["worker-pool"]["instanceType"] == "t3.xlarge" and pool["worker-pool"]["size"] == 3
    assert pool["worker-pool"]["updateStrategy"] == {"type": "OverrideScaling", "maxSurge": "1",
                                                     "maxUnavailable": "0"}
    # name in the body must match the path
    wrong = copy.deepcopy(upd)
    wrong["poolConfig"]["name"] = "other"
    assert clean_env.api("PUT", base + "/worker-pool", wrong)[0] == 400
    # add, duplicate, delete
    assert clean_env.api("POST", base, wrong)[1].keys() == {"uid"}
    assert clean_env.api("POST", base, wrong)[0] == 409
    assert clean_env.api("DELETE", base + "/other")[0] == 204
    assert clean_env.api("DELETE", base + "/other")[0] == 404
    assert clean_env.api("GET", base + "/other/machines")[0] == 404
    # downsize: extra machines go Deleting, then disappear
    small = copy.deepcopy(upd)
    small["poolConfig"].update(size=1, minSize=1)
    assert clean_env.api("PUT", base + "/worker-pool", small)[0] == 204
    states = [m["status"]["instanceState"] for m in clean_env.api("GET", base + "/worker-pool/machines")[1]["items"]]
    assert sorted(states) == ["Deleting", "Deleting", "Running"]
    clean_env.advance_clock(2)
    assert len(clean_env.api("GET", base + "/worker-pool/machines")[1]["items"]) == 1


def test_machines_pagination(clean_env):
    clean_env.configure(page_size=2, autoscaler_live_nodes="size")
    body = example("aws-create")
    body["spec"]["machinepoolconfig"][1]["poolConfig"].update(size=5, maxSize=6)
    uid, doc = create_running(clean_env, body, "aws")
    path = "/v1/cloudconfigs/aws/%s/machinePools/worker-pool/machines" % doc["spec"]["cloudConfigRef"]["uid"]
    seen, token = [], ""
    for _ignored in range(5):
        page = clean_env.api("GET", path + ("?continue=" + token if token else ""))[1]
        seen += [m["metadata"]["uid"] for m in page["items"]]
        token = page["listmeta"]["continue"]
        if not token:
            break
    assert len(seen) == 5 and len(set(seen)) == 5


def test_fargate_full_replacement_and_cluster_config(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    fg = example("eks-fargate-update")
    assert clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/fargateProfiles" % cfg, fg)[0] == 204
    got = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["fargateProfiles"]
    assert [p["name"] for p in got] == [p["name"] for p in fg["fargateProfiles"]]
    assert clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/fargateProfiles" % cfg, {"fargateProfiles": []})[0] == 204
    assert clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["fargateProfiles"] == []
    cc = example("eks-clusterconfig-update")
    assert clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/clusterConfig" % cfg, cc)[0] == 204
    got = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["clusterConfig"]
    assert got == cc["clusterConfig"]
    moved = copy.deepcopy(cc)
    moved["clusterConfig"]["region"] = "eu-west-1"
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/clusterConfig" % cfg, moved)
    assert status == 400 and out["code"] == "ImmutableField" and "region" in out["message"]


def test_search_by_name_excludes_deleted_and_supports_contains(clean_env):
    clean_env.configure(page_size=2)
    uids = {}
    for name in ("alpha-1", "alpha-2", "alpha-3", "beta-1"):
        body = example("eks-create")
        body["metadata"]["name"] = name
        uids[name] = clean_env.api("POST", "/v1/spectroclusters/eks", body)[1]["uid"]
    out = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", _search_name("alpha-2"))[1]
    assert [i["metadata"]["uid"] for i in out["items"]] == [uids["alpha-2"]]
    names, token = [], ""
    while True:
        path = "/v1/dashboard/spectroclusters/search" + ("?continue=" + token if token else "")
        out = clean_env.api("POST", path, _search_name("alpha", op="contains"))[1]
        names += [i["metadata"]["name"] for i in out["items"]]
        token = out["listmeta"]["continue"]
        if not token:
            break
    assert names == ["alpha-1", "alpha-2", "alpha-3"]
    clean_env.api("DELETE", "/v1/spectroclusters/%s" % uids["alpha-2"])
    clean_env.advance_clock(5)
    assert _state(clean_env, uids["alpha-2"]) == "Deleted"
    assert clean_env.api("POST", "/v1/dashboard/spectroclusters/search", _search_name("alpha-2"))[1]["items"] == []
    deleted = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", _search_name("alpha-2", is_deleted=True))
    assert [i["status"]["state"] for i in deleted[1]["items"]] == ["Deleted"]
    # a new cluster may reuse the name of a deleted one
    body = example("eks-create")
    body["metadata"]["name"] = "alpha-2"
    assert clean_env.api("POST", "/v1/spectroclusters/eks", body)[0] == 201
    meta = clean_env.api("GET", "/v1/dashboard/spectroclusters/meta")[1]
    assert validate_body("v1SpectroClustersMeta", meta) == []
    assert sorted(m["metadata"]["name"] for m in meta) == ["alpha-1", "alpha-2", "alpha-3", "beta-1"]


def test_search_by_tag(clean_env):
    create_running(clean_env, example("eks-create"))        # labels env=dev, owner=platform
    body = {"filter": {"conjunction": "and", "filterGroups": [{"conjunction": "and", "filters": [
        {"property": "tags", "type": "keyValue",
         "condition": {"keyValue": {"key": "owner", "operator": "eq", "match": {"values": ["platform"]}}}}]}]},
        "sort": [{"field": "clusterName", "order": "asc"}]}
    assert len(clean_env.api("POST", "/v1/dashboard/spectroclusters/search", body)[1]["items"]) == 1
    body["filter"]["filterGroups"][0]["filters"][0]["condition"]["keyValue"]["match"]["values"] = ["other"]
    assert clean_env.api("POST", "/v1/dashboard/spectroclusters/search", body)[1]["items"] == []
    body["filter"]["filterGroups"][0]["filters"][0]["property"] = "color"
    assert clean_env.api("POST", "/v1/dashboard/spectroclusters/search", body)[0] == 400


def test_delete_stuck_and_force_delete_window(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    status, out, _ignored = clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)
    assert status == 400 and out["code"] == "ClusterForceDeleteNotAllowed"   # still Running
    clean_env.mark_stuck(uid)
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)[0] == 204
    doc = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]
    assert doc["status"]["state"] == "Deleting" and not doc["metadata"]["deletionTimestamp"].startswith("0001")
    clean_env.advance_clock(600)
    assert _state(clean_env, uid) == "Deleting"                                # stuck
    status, out, _ignored = clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)
    assert status == 400 and "force delete is allowed after 900 seconds" in out["message"]
    clean_env.advance_clock(301)
    assert clean_env.api("DELETE", "/v1/spectroclusters/%s?forceDelete=true" % uid)[0] == 204
    assert _state(clean_env, uid) == "Deleted"
    clean_env.configure(deleted_retention_seconds=60)
    clean_env.advance_clock(61)
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[0] == 404


def test_stuck_by_name_in_config(clean_env):
    clean_env.configure(stuck_deletion_names=["eks-demo"])
    uid, _ignored = create_running(clean_env, example("eks-create"))
    clean_env.api("DELETE", "/v1/spectroclusters/%s" % uid)
    clean_env.advance_clock(3600)
    assert _state(clean_env, uid) == "Deleting"


def test_metadata_profiles_kubeconfig(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    patch = {"metadata": {"labels": {"env": "prod"}, "annotations": {"description": "new"}}}
    assert clean_env.api("PATCH", "/v1/spectroclusters/%s/metadata" % uid, patch)[0] == 204
    meta = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["metadata"]
    assert meta["labels"] == {"env": "prod"} and meta["annotations"]["description"] == "new"
    profs = clean_env.api("GET", "/v1/spectroclusters/%s/profiles" % uid)[1]
    assert validate_body("v1SpectroClusterProfileList", profs) == []
    assert [p["metadata"]["uid"] for p in profs["profiles"]] == ["6650a1b2c3d4e5f60000aaaa"]
    body = {"profiles": [{"uid": "6650a1b2c3d4e5f60000cccc", "packValues": None}],
            "spcApplySettings": {"actionType": "DownloadAndInstallLater"}}
    assert clean_env.api("PATCH", "/v1/spectroclusters/%s/profiles" % uid, body)[0] == 204
    doc = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]
    assert len(doc["spec"]["clusterProfileTemplates"]) == 2
    assert doc["status"]["spcApply"]["canBeApplied"] is False
    assert clean_env.api("POST", "/v1/spectroclusters/%s/status/spcApply" % uid)[0] == 202
    assert clean_env.api("GET", "/v1/spectroclusters/%s/status/spcApply" % uid)[1]["canBeApplied"] is True
    status, raw, hdrs = clean_env.api("GET", "/v1/spectroclusters/%s/assets/kubeconfig?frp=true" % uid)
    assert status == 200 and hdrs["Content-Type"] == "application/octet-stream"
    assert b"token: emu-" in raw and b"kind: Config" in raw and "attachment" in hdrs["Content-Disposition"]


def test_day2_settings(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    base = "/v1/spectroclusters/%s" % uid
    os_patch = {"osPatchConfig": {"schedule": "0 2 * * 0", "patchOnBoot": True, "rebootIfRequired": False}}
    assert clean_env.api("PATCH", base + "/clusterConfig/osPatch", os_patch)[0] == 204
    doc = clean_env.api("GET", base)[1]
    assert doc["spec"]["clusterConfig"]["machineManagementConfig"]["osPatchConfig"] == os_patch["osPatchConfig"]
    assert clean_env.api("GET", base + "/features/backup")[1]["code"] == "BackupNotConfigured"
    backup = {"backupLocationUid": "6650a1b2c3d4e5f6000bbbb1", "backupPrefix": "p", "durationInHours": 24,
              "includeAllDisks": False, "includeClusterResourceMode": "Auto", "namespaces": ["a"],
              "schedule": {"scheduledRunTime": "0 1 * * *"}}
    assert clean_env.api("PUT", base + "/features/backup", backup)[0] == 404
    assert clean_env.api("POST", base + "/features/backup", backup)[0] == 201
    got = clean_env.api("GET", base + "/features/backup")[1]
    assert got["spec"]["config"] == backup and validate_body("v1ClusterBackup", got) == []
    scan = {"kubeBench": {"schedule": {"scheduledRunTime": "0 3 * * *"}}}
    assert clean_env.api("GET", base + "/features/complianceScan")[0] == 404
    assert clean_env.api("POST", base + "/features/complianceScan", scan)[0] == 201
    got = clean_env.api("GET", base + "/features/complianceScan")[1]
    assert got["spec"]["driverSpec"]["kube-bench"]["config"]["schedule"]["scheduledRunTime"] == "0 3 * * *"
    assert clean_env.api("GET", base + "/config/rbacs")[1]["code"] == "ResourceNotFound"
    binding = {"type": "ClusterRoleBinding", "role": {"kind": "ClusterRole", "name": "admin"},
               "subjects": [{"type": "Group", "name": "ops"}]}
    rbac = {"rbacs": [{"spec": {"bindings": [binding]}}]}
    assert clean_env.api("PUT", base + "/config/rbacs", rbac)[0] == 404          # none yet: the SDK POSTs
    assert clean_env.api("POST", "/v1/workspaces/%s/clusterRbacs" % uid, {"spec": {"bindings": []}})[0] == 201
    assert clean_env.api("PUT", base + "/config/rbacs", rbac)[0] == 204
    got = clean_env.api("GET", base + "/config/rbacs")[1]
    assert validate_body("v1ClusterRbacs", got) == [] and got["items"][0]["spec"] == rbac["rbacs"][0]["spec"]
    ns = {"namespaces": [{"metadata": {"name": "team-a"}, "spec": {"isRegex": False}}]}
    assert clean_env.api("PUT", base + "/config/namespaces", ns)[0] == 204
    assert clean_env.api("GET", base + "/config/namespaces")[1]["items"][0]["metadata"]["name"] == "team-a"


def test_admin_drift_mutations(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    clean_env.mutate(uid, {"metadata": {"labels": {"owner": None, "drift": "yes"},
                                        "annotations": {"description": "changed in UI"}}})
    meta = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["metadata"]
    assert meta["labels"] == {"env": "dev", "drift": "yes"}
    assert meta["annotations"]["description"] == "changed in UI"
    clean_env.mutate(cfg, {"spec": {"clusterConfig": {"endpointAccess": {"publicCIDRs": ["0.0.0.0/0"]}}}})
    cc = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["clusterConfig"]
    assert cc["endpointAccess"]["publicCIDRs"] == ["0.0.0.0/0"] and cc["endpointAccess"]["private"] is True
    clean_env.mutate_pool(cfg, "worker-pool", {"size": 4, "maxSize": 4})
    machines = clean_env.api("GET", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool/machines" % cfg)[1]
    assert len(machines["items"]) == 4
    clean_env.delete_pool(cfg, "worker-pool")
    pools = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]["machinePoolConfig"]
    assert [p["name"] for p in pools] == ["cp-pool"]
    clean_env.set_cluster(uid, health="UnHealthy")
    ov = clean_env.api("GET", "/v1/dashboard/spectroclusters/%s/overview" % uid)[1]
    assert ov["status"]["health"]["state"] == "UnHealthy"
    # admin calls are not logged
    assert all(not e["path"].startswith("/_emulator") for e in clean_env.requests())
