"""No lost update on the cluster path (issue 12 item 3): another writer changes the cluster between this run's read
and its write (the emulator's "concurrent writer" fault, fired on a request the run sends after its first read).
The run re-reads right before its write, so both changes survive; a create that meets "already exists" adopts."""

from support import api, create_cluster, play, res

MOD = "palette.aws.aws_palette_cluster"


def task(name, args, **extra):
    entry = {"name": name, MOD: dict(args, wait=False), "register": name.replace(" ", "_")}
    entry.update(extra)
    return entry


def _after_first_read(cfg):
    """The cloud-config read: sent after the run read the cluster, before any write."""
    return "^/v1/cloudconfigs/eks/%s$" % cfg


def test_tag_merge_keeps_a_tag_another_writer_added_meanwhile(clean_env, run_playbook):
    emu = clean_env
    uid, cfg = create_cluster(emu, "race-tags")
    api(emu, "PATCH", "/v1/spectroclusters/%s/metadata" % uid, {"metadata": {"name": "race-tags",
                                                                             "labels": {"env": "dev"}}})
    emu.concurrent_writer(_after_first_read(cfg), [{"tags": {"uid": uid, "set": {"owner": "team-b"}}}], method="GET")
    result = run_playbook(play([task("merge", {"cluster": "race-tags", "tags": {"team": "a"}, "purge_tags": False})]))
    assert result.rc == 0, result
    labels = api(emu, "GET", "/v1/spectroclusters/%s" % uid)["metadata"]["labels"]
    assert labels == {"env": "dev", "owner": "team-b", "team": "a"}
    assert res(result, "merge")["cluster"]["tags"] == {"env": "dev", "owner": "team-b", "team": "a"}


def test_os_patch_change_keeps_what_another_writer_set_meanwhile(clean_env, run_playbook):
    emu = clean_env
    uid, cfg = create_cluster(emu, "race-patch")
    other = {"spec": {"clusterConfig": {"machineManagementConfig": {"osPatchConfig": {
        "schedule": "0 3 * * 1", "patchOnBoot": False, "rebootIfRequired": False}}}}}
    emu.concurrent_writer(_after_first_read(cfg), [{"patch_object": {"uid": uid, "patch": other}}], method="GET")
    result = run_playbook(play([task("patch", {"cluster": "race-patch", "os_patch": {"patch_on_boot": True}})]))
    assert result.rc == 0, result
    config = api(emu, "GET", "/v1/spectroclusters/%s" % uid)["spec"]["clusterConfig"]
    patch = config["machineManagementConfig"]["osPatchConfig"]
    assert patch["schedule"] == "0 3 * * 1" and patch["patchOnBoot"] is True


def test_create_that_meets_already_exists_adopts_the_cluster(clean_env, run_playbook):
    emu = clean_env
    uid, _cfg = create_cluster(emu, "race-new")
    # this run's lookup misses the cluster another run has just created (its search answer predates it)
    emu.fault_response("^/v1/dashboard/spectroclusters/search$", "shape", method="POST",
                       body={"items": [], "listmeta": {"continue": "", "count": 0, "limit": 50, "offset": 0}})
    args = {"cluster": "race-new", "cloud_type": "eks", "cloud_account": "aws-demo", "region": "us-east-1",
            "cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}], "tags": {"run": "second"},
            "node_pools": [{"name": "workers", "instance_type": "t3.large", "count": 2, "azs": ["us-east-1a"]}]}
    result = run_playbook(play([task("create", args)]))
    assert result.rc == 0, result
    out = res(result, "create")
    assert out["cluster"]["uid"] == uid
    assert any("adopted" in w for w in out["warnings"])
    assert len(emu.clusters(name="race-new")) == 1
    assert api(emu, "GET", "/v1/spectroclusters/%s" % uid)["metadata"]["labels"] == {"run": "second"}
