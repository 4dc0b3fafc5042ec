"""Issue 12 on pools and Fargate: a whole-list write never trusts an empty or truncated read, and no update is
lost to another writer (the emulator's partial-answer and concurrent-writer faults)."""

import pytest
from day2_support import create_cluster, fargate_by_name, play, pools_by_name, res, task

FP = "palette.aws.fargate_profile"
NP = "palette.aws.node_pool"
OTHER = {"name": "fp-other", "subnetIds": [], "additionalTags": {}, "selectors": [{"namespace": "other"}]}
KEEP = {"name": "fp-keep", "subnetIds": [], "additionalTags": {}, "selectors": [{"namespace": "keep"}]}


def fp_task(name, profile, **args):
    extra = {"ignore_errors": args.pop("ignore_errors", None)}
    args.update(cluster="race-fp", name=profile, validate_subnets=False)
    args.setdefault("selectors", [{"namespace": "web"}])
    return task(name, FP, args, **extra)


def config_path(cfg):
    return "^/v1/cloudconfigs/eks/%s$" % cfg


@pytest.mark.parametrize("kind", ["empty", "truncated", "shape"])
def test_fargate_change_refuses_an_empty_or_broken_cloud_config_read(clean_env, run_playbook, kind):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-fp", fargate=[KEEP])
    emu.clear_requests()
    emu.fault_response(config_path(cfg), kind, method="GET", **({"body": {"spec": {}}} if kind == "shape" else {}))
    result = run_playbook(play([fp_task("add", "fp-web", ignore_errors=True)]))
    assert [s for _t, s in result.statuses()] == ["failed"]
    assert emu.writes() == []
    assert set(fargate_by_name(emu, cfg)) == {"fp-keep"}


def test_fargate_profile_added_meanwhile_survives(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-fp", fargate=[KEEP])
    # another writer adds fp-other right after this run's first read of the cloud config
    emu.concurrent_writer(config_path(cfg), [{"fargate": {"config_uid": cfg, "add": [OTHER]}}], method="GET",
                          when="after")
    result = run_playbook(play([fp_task("add", "fp-web")]))
    assert result.rc == 0, result
    assert set(fargate_by_name(emu, cfg)) == {"fp-keep", "fp-other", "fp-web"}
    assert len([e for e in emu.writes() if e["method"] == "PUT"]) == 1


def test_fargate_write_replaced_by_another_writer_is_merged_again(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-fp", fargate=[KEEP])
    # right after our PUT another writer's PUT (built from an older read) drops our profile once
    emu.concurrent_writer("/fargateProfiles$", [{"fargate": {"config_uid": cfg, "remove": ["fp-web"]}}],
                          method="PUT", when="after")
    result = run_playbook(play([fp_task("add", "fp-web")]))
    assert result.rc == 0, result
    assert res(result, "add")["changed"] is True
    assert set(fargate_by_name(emu, cfg)) == {"fp-keep", "fp-web"}
    assert len([e for e in emu.writes() if e["method"] == "PUT"]) == 2
    assert any("merging again" in w for w in res(result, "add")["warnings"])


def test_fargate_endless_conflict_fails_clearly(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-fp", fargate=[KEEP])
    emu.concurrent_writer("/fargateProfiles$", [{"fargate": {"config_uid": cfg, "remove": ["fp-web"]}}],
                          method="PUT", when="after", count=None)
    result = run_playbook(play([fp_task("add", "fp-web", ignore_errors=True)]))
    assert [s for _t, s in result.statuses()] == ["failed"]
    assert res(result, "add")["msg"].startswith("conflict: the Fargate profiles of cluster race-fp were changed")
    assert len([e for e in emu.writes() if e["method"] == "PUT"]) == 3


def test_pool_update_keeps_a_label_change_made_meanwhile(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-np")
    emu.concurrent_writer(config_path(cfg), [{"patch_pool": {"config_uid": cfg, "name": "workers", "patch": {
        "additionalLabels": {"owner": "team-b"}}}}], method="GET", when="after")
    result = run_playbook(play([task("type", NP, {"cluster": "race-np", "name": "workers",
                                                  "instance_type": "m5.large", "wait": False})]))
    assert result.rc == 0, result
    pool = pools_by_name(emu, "eks", cfg)["workers"]
    assert pool["instanceType"] == "m5.large" and pool["additionalLabels"] == {"owner": "team-b"}


def test_pool_create_that_meets_already_exists_adopts_the_pool(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-np")
    other = {"name": "extra", "size": 1, "minSize": 1, "maxSize": 1, "instanceType": "t3.large",
             "azs": ["us-east-1a"], "capacityType": "on-demand", "amiType": "AL2023_x86_64_STANDARD"}
    emu.concurrent_writer("/machinePools$", [{"add_pool": {"config_uid": cfg, "pool": other}}], method="POST")
    result = run_playbook(play([task("create", NP, {"cluster": "race-np", "name": "extra", "instance_type": "t3.large",
                                                    "count": 1, "azs": ["us-east-1a"], "labels": {"a": "b"},
                                                    "wait": False})]))
    assert result.rc == 0, result
    out = res(result, "create")
    assert out["changed"] is True and any("adopted" in w for w in out["warnings"])
    assert pools_by_name(emu, "eks", cfg)["extra"]["additionalLabels"] == {"a": "b"}


@pytest.mark.parametrize("kind", ["empty", "truncated"])
def test_cluster_fargate_list_refuses_an_empty_or_truncated_read(clean_env, run_playbook, kind):
    """The same guard on aws_palette_cluster's inline fargate_profiles: nothing written, nothing dropped."""
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-fp", fargate=[KEEP])
    emu.clear_requests()
    emu.fault_response(config_path(cfg), kind, method="GET", count=None)
    args = {"cluster": "race-fp", "wait": False,
            "fargate_profiles": [{"name": "fp-web", "selectors": [{"namespace": "web"}]}]}
    result = run_playbook(play([task("add", "palette.aws.aws_palette_cluster", args, ignore_errors=True)]))
    assert [s for _t, s in result.statuses()] == ["failed"]
    assert emu.writes() == []
    emu.clear_faults()
    assert set(fargate_by_name(emu, cfg)) == {"fp-keep"}


def test_pool_change_refuses_an_empty_cloud_config_read(clean_env, run_playbook):
    """An empty read must not look like "no such pool" (a create of an existing pool) or "no pools"."""
    emu = clean_env
    _uid, cfg = create_cluster(emu, "race-np")
    emu.clear_requests()
    emu.fault_response(config_path(cfg), "empty", method="GET")
    result = run_playbook(play([task("type", NP, {"cluster": "race-np", "name": "workers", "count": 3,
                                                  "instance_type": "t3.large", "azs": ["us-east-1a"],
                                                  "wait": False}, ignore_errors=True)]))
    assert [s for _t, s in result.statuses()] == ["failed"]
    assert "cloud config" in res(result, "type")["msg"]
    assert emu.writes() == []
