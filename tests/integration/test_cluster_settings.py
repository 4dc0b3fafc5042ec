"""aws_palette_cluster's cluster settings (issue 13 item 3) end to end: ansible-playbook against the emulator.

Namespaces with quotas, the agent-upgrade lock, the time zone, the on-demand OS patch time, the host-cluster
setting, RBAC on a cluster without any (workspace POST), the profile apply setting with the spc-apply trigger.
Each: validated before any write, shown in --diff, check mode writes nothing, the re-run reads only.
"""

import datetime

from support import api, create_cluster, play, res

from palette_emulator.schema import validate_body

MOD = "palette.aws.aws_palette_cluster"
FUTURE = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
SETTINGS = dict(
    timezone="Europe/Paris",
    pause_agent_upgrades=True,
    os_patch={"patch_after": FUTURE},
    namespaces=[{"name": "web", "cpu_cores": 2, "memory_mib": 2048}, {"name": "/^team-.*/"}],
    host_cluster={"enabled": True, "endpoint_type": "Ingress", "ingress_host": "vc.example.com"},
)
# setting -> (method, path suffix, body definition) of its day-2 write
WRITES = {
    "timezone": ("PATCH", "/clusterConfig/timezone", "v1TimezoneUpdateEntity"),
    "pause_agent_upgrades": ("POST", "/upgrade/settings", "v1ClusterUpgradeSettingsEntity"),
    "os_patch": ("PATCH", "/clusterConfig/osPatch", "v1OsPatchEntity"),
    "namespaces": ("PUT", "/config/namespaces", "v1ClusterNamespaceResourcesUpdateEntity"),
    "host_cluster": ("PATCH", "/clusterConfig/hostCluster", "v1HostClusterConfigEntity"),
}


def task(name, args, **extra):
    entry = {"name": name, MOD: dict(args, wait=False), "register": name.replace(" ", "_")}
    entry.update(extra)
    return entry


def statuses(result):
    return [s for _t, s in result.statuses()]


def test_settings_check_diff_apply_then_reads_only(clean_env, run_playbook):
    emu = clean_env
    uid, _cfg = create_cluster(emu, "set-eks")
    args = dict(SETTINGS, cluster="set-eks")
    emu.clear_requests()

    check = run_playbook(play([task("check", args)]), check=True, diff=True)
    assert check.rc == 0, check
    assert emu.writes() == []
    out = res(check, "check")
    assert out["changed"] is True
    before, after = out["diff"]["before"], out["diff"]["after"]
    assert before.get("timezone") is None and after["timezone"] == "Europe/Paris"
    assert before["pause_agent_upgrades"] is False and after["pause_agent_upgrades"] is True
    assert before["os_patch"].get("patch_after") is None and after["os_patch"]["patch_after"] == FUTURE
    assert before.get("namespaces") in (None, []) and [n["name"] for n in after["namespaces"]] == ["/^team-.*/", "web"]
    assert before["host_cluster"]["enabled"] is False and after["host_cluster"]["ingress_host"] == "vc.example.com"

    result = run_playbook(play([task("apply", args), task("again", args)]), diff=True)
    assert result.rc == 0, result
    assert statuses(result) == ["changed", "ok"]
    writes = [e for e in emu.writes() if e["path"].startswith("/v1/spectroclusters/%s/" % uid)]
    for key, (method, suffix, definition) in WRITES.items():
        sent = [e for e in writes if (e["method"], e["path"]) == (method, "/v1/spectroclusters/%s%s" % (uid, suffix))]
        assert len(sent) == 1, (key, writes)
        assert validate_body(definition, sent[0]["body"]) == [], key
    assert len(writes) == len(WRITES)  # the converged re-run wrote nothing
    cluster = api(emu, "GET", "/v1/spectroclusters/%s" % uid)
    assert cluster["spec"]["clusterConfig"]["timezone"] == "Europe/Paris"
    assert cluster["metadata"]["annotations"]["spectroComponentsUpgradeForbidden"] == "true"
    assert cluster["spec"]["clusterConfig"]["hostClusterConfig"]["isHostCluster"] is True
    namespaces = api(emu, "GET", "/v1/spectroclusters/%s/config/namespaces" % uid)["items"]
    web = [n for n in namespaces if n["metadata"]["name"] == "web"][0]
    assert web["spec"]["resourceAllocation"] == {"cpuCores": 2.0, "memoryMiB": 2048}
    view = res(result, "again")["cluster"]
    assert view["timezone"] == "Europe/Paris" and view["pause_agent_upgrades"] is True


def test_settings_at_create_go_in_the_create_entity(clean_env, run_playbook):
    emu = clean_env
    args = dict(SETTINGS, cluster="set-new", cloud_type="eks", cloud_account="aws-demo", region="us-east-1",
                cluster_profiles=[{"name": "eks-infra", "version": "1.0.0"}],
                node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 1, "azs": ["us-east-1a"]}])
    result = run_playbook(play([task("create", args), task("again", args)]))
    assert result.rc == 0, result
    assert statuses(result) == ["changed", "ok"]
    post = [e for e in emu.writes() if e["path"] == "/v1/spectroclusters/eks"][0]["body"]
    config = post["spec"]["clusterConfig"]
    assert config["timezone"] == "Europe/Paris"
    assert config["hostClusterConfig"]["clusterEndpoint"] == {"type": "Ingress", "config": {
        "ingressConfig": {"host": "vc.example.com"}}}
    assert [n["metadata"]["name"] for n in config["resources"]["namespaces"]] == ["/^team-.*/", "web"]
    assert config["machineManagementConfig"]["osPatchConfig"]["onDemandPatchAfter"] == FUTURE
    # the create entity has no agent-upgrade lock: it is written right after the create, once
    uid = res(result, "create")["cluster"]["uid"]
    locks = [e for e in emu.writes() if e["path"] == "/v1/spectroclusters/%s/upgrade/settings" % uid]
    assert [e["body"] for e in locks] == [{"spectroComponents": "lock"}]
    assert res(result, "create")["cluster"]["pause_agent_upgrades"] is True


BAD = [
    ({"timezone": "Mars/Olympus"}, "timezone: 'Mars/Olympus' is not a known IANA time zone"),
    ({"namespaces": [{"name": "Bad_NS"}]}, "namespaces[0].name"),
    ({"namespaces": [{"name": "web", "cpu_cores": 0}]}, "namespaces[0].cpu_cores: must be more than 0"),
    ({"namespaces": [{"name": "web"}, {"name": "web"}]}, "namespaces: the namespace web is listed more than once"),
    ({"os_patch": {"patch_after": "2001-01-01T00:00:00Z"}}, "os_patch.patch_after: 2001-01-01T00:00:00Z is more than"),
    ({"os_patch": {"patch_after": "next week"}}, "os_patch.patch_after: 'next week' is not an RFC 3339 date-time"),
    ({"host_cluster": {"enabled": True, "endpoint_type": "LoadBalancer", "ingress_host": "x"}},
     "host_cluster.ingress_host: only with endpoint_type Ingress"),
    ({"cluster_profiles": [{"name": "eks-infra", "version": "1.0.0",
                            "pack_values": [{"name": "kubernetes-eks", "values": "a: [1"}]}]},
     "cluster_profiles[0].pack_values[0].values: the values of pack kubernetes-eks are not valid YAML"),
    ({"cluster_profiles": [{"name": "eks-infra", "version": "1.1.0", "pack_values": [{"name": "nope", "values": "a: 1"}]}]},
     "cluster_profiles[0].pack_values: profile eks-infra 1.1.0 has no pack 'nope'"),
    ({"cluster_profiles": [{"name": ""}]}, "cluster_profiles[0]: give the profile uid, or its name"),
    ({"cluster_profiles": [{"name": "eks-infra", "version": " "}]}, "cluster_profiles[0].version: empty"),
]


def test_bad_settings_fail_before_any_write(clean_env, run_playbook):
    emu = clean_env
    create_cluster(emu, "set-bad")
    emu.clear_requests()
    tasks = [task("bad %d" % i, dict(args, cluster="set-bad", timezone=args.get("timezone", "UTC")),
                  ignore_errors=True) for i, (args, _msg) in enumerate(BAD)]
    result = run_playbook(play(tasks))
    for index, (_args, msg) in enumerate(BAD):
        failed = result.result("bad %d" % index)
        assert failed["status"] == "failed", (index, failed)
        assert msg in failed["result"]["msg"], (msg, failed["result"]["msg"])
    assert emu.writes() == []


def test_rbac_on_a_cluster_without_any_is_posted_to_the_workspace_then_put(clean_env, run_playbook):
    emu = clean_env
    uid, _cfg = create_cluster(emu, "set-rbac")
    first = {"cluster_role_bindings": [{"role": "view", "subjects": [{"type": "User", "name": "alice"}]}]}
    second = dict(first, role_bindings=[{"namespace": "web", "role": "edit",
                                         "subjects": [{"type": "Group", "name": "devs"}]}])
    emu.clear_requests()
    result = run_playbook(play([task("create rbac", {"cluster": "set-rbac", "rbac": first}),
                                task("same", {"cluster": "set-rbac", "rbac": first}),
                                task("change", {"cluster": "set-rbac", "rbac": second})]))
    assert result.rc == 0, result
    assert statuses(result) == ["changed", "ok", "changed"]
    writes = [(e["method"], e["path"]) for e in emu.writes()]
    assert writes == [("POST", "/v1/workspaces/%s/clusterRbacs" % uid), ("PUT", "/v1/spectroclusters/%s/config/rbacs" % uid)]
    posted = emu.writes()[0]["body"]
    assert validate_body("v1ClusterRbac", posted) == []
    assert res(result, "change")["cluster"]["rbac"]["role_bindings"][0]["namespace"] == "web"


def test_profile_change_later_then_install_trigger(clean_env, run_playbook):
    emu = clean_env
    uid, _cfg = create_cluster(emu, "set-spc")
    emu.clear_requests()
    newer = [{"name": "eks-infra", "version": "1.1.0"}]
    result = run_playbook(play([
        task("later", {"cluster": "set-spc", "cluster_profiles": newer, "apply_setting": "DownloadAndInstallLater"}),
        task("install check", {"cluster": "set-spc", "install_profile_changes": True}, check_mode=True),
        task("install", {"cluster": "set-spc", "install_profile_changes": True}),
        task("again", {"cluster": "set-spc", "cluster_profiles": newer, "install_profile_changes": True}),
    ]), diff=True)
    assert result.rc == 0, result
    assert statuses(result) == ["changed", "changed", "changed", "ok"]
    later = res(result, "later")
    assert later["profile_changes_pending"] is True
    assert any("install_profile_changes" in w for w in later["warnings"])
    puts = [e for e in emu.writes() if e["path"] == "/v1/spectroclusters/%s/profiles" % uid]
    assert len(puts) == 1
    assert puts[0]["query"].get("resolveNotification") in ("true", ["true"], True)
    assert puts[0]["body"]["spcApplySettings"] == {"actionType": "DownloadAndInstallLater"}
    check = res(result, "install check")["diff"]
    assert (check["before"]["install_profile_changes"], check["after"]["install_profile_changes"]) == (False, True)
    triggers = [e for e in emu.writes() if e["path"] == "/v1/spectroclusters/%s/status/spcApply" % uid]
    assert [e["status"] for e in triggers] == [202]
    assert api(emu, "GET", "/v1/spectroclusters/%s" % uid)["status"]["spcApply"]["canBeApplied"] is True


def test_profile_change_waits_until_palette_can_apply_it(clean_env, run_playbook):
    emu = clean_env
    emu.configure(spc_apply_seconds=2)
    uid, _cfg = create_cluster(emu, "set-wait")
    args = {"cluster": "set-wait", "cluster_profiles": [{"name": "eks-infra", "version": "1.1.0"}],
            "wait": True, "wait_sleep": 1, "wait_timeout": 120}
    result = run_playbook(play([{"name": "change", MOD: args, "register": "change"}]))
    assert result.rc == 0, result
    out = res(result, "change")
    assert out["changed"] is True and "profile_changes_pending" not in out
    assert api(emu, "GET", "/v1/spectroclusters/%s" % uid)["status"]["spcApply"]["canBeApplied"] is True
    polls = [e for e in emu.requests(method="GET") if e["path"] == "/v1/spectroclusters/%s" % uid]
    assert len(polls) >= 2  # it polled the spc apply state after the PUT
