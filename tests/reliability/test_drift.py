"""Drift: out-of-band changes are reported by --check --diff without writing, corrected by a run, and the next
run changes nothing.

A cluster is deployed with palette.aws.aws_palette_cluster, then fourteen kinds of change are made behind the
module's back through the emulator's admin API (as someone clicking in the Palette UI would): pool size,
instance type, disk size, labels, taints, a deleted pool, Fargate selectors, endpoint CIDRs, tags,
description, and the cluster settings time zone, agent-upgrade lock, namespaces and host cluster.
The scheduled-drift-check pattern then runs: ``--check --diff`` (must report every change and write nothing),
a normal run (corrects them), and a re-run (changes nothing, writes nothing).
"""

import copy

from helpers import FAST, REGION, api, cloud_config, eks_cluster, failures, play, res, task

NAME = "drift"
DESIRED = eks_cluster(
    NAME, description="managed by ansible", tags={"env": "dev", "team": "a"},
    public_access_cidrs=["10.0.0.0/8", "192.168.0.0/16"],
    node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 2, "azs": [REGION + "a"],
                 "disk_size_gb": 60, "labels": {"tier": "web"},
                 "taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]},
                {"name": "batch", "instance_type": "m5.large", "count": 1, "azs": [REGION + "a"]}],
    fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web", "labels": {"app": "front"}}]}],
    timezone="Europe/Paris", pause_agent_upgrades=True, namespaces=[{"name": "web", "cpu_cores": 2}],
    host_cluster={"enabled": True, "ingress_host": "vc.example.com"})
# settings are in the results of aws_palette_cluster only (not of aws_palette_cluster_info)
SETTINGS = ("timezone", "agent upgrades", "namespaces", "host cluster")


def _pool(view, name):
    return next((p for p in view.get("node_pools") or [] if p["name"] == name), None)


def _selectors(view):
    profiles = [p for p in view.get("fargate_profiles") or [] if p["name"] == "fp-web"]
    return profiles[0].get("selectors") if profiles else None


# kind -> (how to read it from a cluster view or diff side, its value after the out-of-band change)
KINDS = {
    "pool size": (lambda v: (_pool(v, "workers") or {}).get("count"), 4),
    "instance type": (lambda v: (_pool(v, "workers") or {}).get("instance_type"), "m5.xlarge"),
    "disk size": (lambda v: (_pool(v, "workers") or {}).get("disk_size_gb"), 100),
    "labels": (lambda v: (_pool(v, "workers") or {}).get("labels") or {}, {"tier": "hacked", "extra": "1"}),
    "taints": (lambda v: (_pool(v, "workers") or {}).get("taints") or [],
               [{"key": "dedicated", "value": "web", "effect": "NoExecute"}]),
    "deleted pool": (lambda v: _pool(v, "batch") is not None, False),
    "fargate selectors": (_selectors, [{"namespace": "other"}]),
    "endpoint CIDRs": (lambda v: v.get("public_access_cidrs"), ["0.0.0.0/0"]),
    "tags": (lambda v: v.get("tags") or {}, {"env": "hacked"}),
    "description": (lambda v: v.get("description"), "changed in the UI"),
    "timezone": (lambda v: v.get("timezone"), "UTC"),
    "agent upgrades": (lambda v: bool(v.get("pause_agent_upgrades")), False),
    "namespaces": (lambda v: [(n["name"], n.get("cpu_cores")) for n in v.get("namespaces") or []], [("other", 1.0)]),
    "host cluster": (lambda v: bool((v.get("host_cluster") or {}).get("enabled")), False),
}


def _drift(emu, cluster_uid, config_uid):
    """Make every kind of out-of-band change through the emulator's admin API."""
    emu.mutate_pool(config_uid, "workers", {"size": 4, "minSize": 4, "maxSize": 4, "instanceType": "m5.xlarge",
                                            "rootDeviceSize": 100,
                                            "additionalLabels": {"tier": "hacked", "extra": "1"},
                                            "taints": [{"key": "dedicated", "value": "web", "effect": "NoExecute"}]})
    emu.delete_pool(config_uid, "batch")
    spec = cloud_config(emu, "eks", config_uid)["spec"]
    profiles = copy.deepcopy(spec["fargateProfiles"])
    profiles[0]["selectors"] = [{"namespace": "other"}]
    emu.mutate(config_uid, {"spec": {"fargateProfiles": profiles,
                                     "clusterConfig": {"endpointAccess": {"publicCIDRs": ["0.0.0.0/0"]}}}})
    emu.mutate(cluster_uid, {"metadata": {"labels": {"env": "hacked", "team": None},
                                          "annotations": {"description": "changed in the UI",
                                                          "spectroComponentsUpgradeForbidden": "false"}},
                             "spec": {"clusterConfig": {"timezone": "UTC", "hostClusterConfig": {"isHostCluster": False}}}})
    api(emu, "PUT", "/v1/spectroclusters/%s/config/namespaces" % cluster_uid, {"namespaces": [
        {"metadata": {"name": "other"}, "spec": {"isRegex": False, "resourceAllocation": {"cpuCores": 1}}}]})


def _admin_uri(emu, name, method, path):
    return task(name, "ansible.builtin.uri", {"url": emu.url + "/_emulator" + path, "method": method,
                                              "status_code": [200, 204]}, register=name.replace(" ", "_").replace("-", "_"))


def test_out_of_band_changes_are_reported_corrected_then_stable(clean_env, run_playbook):
    emu = clean_env
    emu.configure(**FAST)
    deploy = task("deploy", "aws_palette_cluster", DESIRED)
    created = run_playbook(play([deploy]))
    assert created.rc == 0, failures(created)
    cluster = res(created, "deploy")["cluster"]
    for kind, (read, drifted) in KINDS.items():
        assert read(cluster) != drifted, kind       # each change really differs from the desired state
    _drift(emu, cluster["uid"], cluster["cloud_config_uid"])
    emu.clear_requests()

    check = run_playbook(play([task("drift check", "aws_palette_cluster", DESIRED)]), check=True, diff=True)

    assert check.rc == 0, failures(check)
    assert emu.writes() == []
    reported = res(check, "drift check")
    assert reported["changed"] is True
    before, after = reported["diff"]["before"], reported["diff"]["after"]
    missed = dict((kind, (read(before), read(after))) for kind, (read, drifted) in KINDS.items()
                  if read(before) != drifted or read(after) != read(cluster))
    assert not missed, "drift not reported as (current -> desired): %s" % missed
    assert cloud_config(emu, "eks", cluster["cloud_config_uid"])["spec"]["fargateProfiles"][0]["selectors"] == \
        [{"namespace": "other"}]

    fix = run_playbook(play([
        task("correct", "aws_palette_cluster", DESIRED),
        _admin_uri(emu, "clear log", "DELETE", "/requests"),
        task("rerun", "aws_palette_cluster", DESIRED),
        _admin_uri(emu, "log of rerun", "GET", "/requests?writes=true"),
        task("info", "aws_palette_cluster_info", {"name": NAME}),
    ]))

    assert fix.rc == 0, failures(fix)
    assert [s for _t, s in fix.statuses()] == ["changed", "ok", "ok", "ok", "ok"]
    assert res(fix, "log of rerun")["json"]["items"] == []
    corrected = res(fix, "info")["clusters"][0]
    rerun = res(fix, "rerun")["cluster"]
    wrong = dict((kind, read(rerun if kind in SETTINGS else corrected)) for kind, (read, _drifted) in KINDS.items()
                 if read(rerun if kind in SETTINGS else corrected) != read(cluster))
    assert not wrong, "not corrected: %s" % wrong
