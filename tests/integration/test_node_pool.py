"""palette.aws.node_pool through ansible-playbook against the Palette emulator (+ moto)."""

from day2_support import create_cluster, make_vpc, play, pools_by_name, res, task, worker_entity

NP = "palette.aws.node_pool"
POOL_KEYS = {"name", "cluster_uid", "control_plane", "count", "min_size", "max_size", "instance_type",
             "capacity_type", "azs", "disk_size_gb", "ami_type", "update_strategy"}


def np_task(name, cluster, pool, ignore_errors=None, **args):
    args.update(cluster=cluster, name=pool)
    return task(name, NP, args, ignore_errors=ignore_errors)


def put_bodies(emu, config_uid, pool):
    return [e for e in emu.requests(method="PUT") if e["path"].endswith("/%s/machinePools/%s" % (config_uid, pool))]


def test_add_change_remove_pool_eks(clean_env, run_playbook):
    emu = clean_env
    emu.configure(provision_seconds=0, machine_provision_seconds=0)
    _uid, cfg = create_cluster(emu, "np-life")
    emu.clear_requests()
    base = dict(instance_type="t3.large", count=2, azs=["us-east-1a"], labels={"tier": "batch"},
                taints=[{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}])
    tasks = [
        np_task("add", "np-life", "batch", **base),
        np_task("add again", "np-life", "batch", **base),
        np_task("instance type", "np-life", "batch", instance_type="t3.xlarge"),
        np_task("labels", "np-life", "batch", labels={"tier": "batch", "team": "data"}),
        np_task("taints", "np-life", "batch", taints=[{"key": "dedicated", "value": "batch", "effect": "NoExecute"}]),
        np_task("size", "np-life", "batch", count=3),
        np_task("size again", "np-life", "batch", count=3, instance_type="t3.xlarge",
                labels={"team": "data", "tier": "batch"}),
        task("read", "ansible.builtin.uri", {
            "url": "{{ lookup('env', 'PALETTE_HOST') }}/v1/cloudconfigs/eks/%s" % cfg,
            "headers": {"ApiKey": "{{ lookup('env', 'PALETTE_API_KEY') }}",
                        "ProjectUid": emu.project_uid("Default")}}),
        np_task("remove", "np-life", "batch", state="absent"),
        np_task("remove again", "np-life", "batch", state="absent"),
    ]
    result = run_playbook(play(tasks), diff=True)
    assert result.rc == 0, [(e["task"], e["result"].get("msg")) for e in result.results]
    expected = ["changed", "ok", "changed", "changed", "changed", "changed", "ok", "ok", "changed", "ok"]
    assert [s for _t, s in result.statuses()] == expected

    added = res(result, "add")["node_pool"]
    assert POOL_KEYS <= set(added)
    assert added["count"] == 2 and added["labels"] == {"tier": "batch"}
    assert added["taints"] == [{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}]
    assert [m["state"] for m in added["machines"]] == ["Running", "Running"]
    assert res(result, "add")["diff"]["before"] == {}
    assert res(result, "instance type")["diff"]["before"]["instance_type"] == "t3.large"
    assert res(result, "instance type")["node_pool"]["labels"] == {"tier": "batch"}   # unset = kept

    pool = dict((p["name"], p) for p in res(result, "read")["json"]["spec"]["machinePoolConfig"])["batch"]
    assert pool["instanceType"] == "t3.xlarge"
    assert pool["additionalLabels"] == {"tier": "batch", "team": "data"}
    assert pool["taints"] == [{"key": "dedicated", "value": "batch", "effect": "NoExecute"}]
    assert (pool["size"], pool["minSize"], pool["maxSize"]) == (3, 3, 3)
    sized = res(result, "size")
    assert sized["diff"]["before"]["count"] == 2 and sized["diff"]["after"]["count"] == 3
    assert len(sized["node_pool"]["machines"]) == 3

    assert res(result, "remove")["node_pool"] == {}
    assert set(pools_by_name(emu, "eks", cfg)) == {"workers"}
    pools_path = "/v1/cloudconfigs/eks/%s/machinePools" % cfg
    # the unchanged re-runs wrote nothing: one create, four updates, one delete
    assert [(e["method"], e["path"]) for e in emu.writes()] == (
        [("POST", pools_path)] + [("PUT", pools_path + "/batch")] * 4 + [("DELETE", pools_path + "/batch")])


def test_check_mode_writes_nothing_and_input_errors(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "np-check", pools=[worker_entity("workers"), worker_entity("spare")])
    emu.clear_requests()
    tasks = [
        np_task("create", "np-check", "extra", instance_type="t3.large", count=1, azs=["us-east-1a"]),
        np_task("update", "np-check", "workers", instance_type="m5.large", count=4),
        np_task("delete", "np-check", "workers", state="absent"),
        np_task("no type", "np-check", "new", count=1, azs=["us-east-1a"], ignore_errors=True),
        np_task("bounds", "np-check", "workers", count=9, max_size=4, ignore_errors=True),
        np_task("no cluster yet", "np-missing", "workers", count=1, instance_type="t3.large"),
    ]
    result = run_playbook(play(tasks), check=True, diff=True)
    assert [s for _t, s in result.statuses()] == ["changed", "changed", "changed", "failed", "failed", "changed"]
    assert emu.writes() == []
    assert "instance_type: required to create node pool 'new'" in res(result, "no type")["msg"]
    assert "count: 9 is above max_size 4" in res(result, "bounds")["msg"]
    # a dry run of a deploy play: the cluster does not exist yet, so the pool is predicted
    assert res(result, "no cluster yet")["node_pool"] == {"name": "workers", "count": 1, "instance_type": "t3.large",
                                                          "cluster_uid": None}
    assert "check mode predicts the node pool" in res(result, "no cluster yet")["warnings"][0]
    predicted = res(result, "create")["node_pool"]
    assert predicted["name"] == "extra" and predicted["count"] == 1 and "machines" not in predicted
    updated = res(result, "update")["node_pool"]
    assert updated["instance_type"] == "m5.large" and updated["count"] == 4 and updated["max_size"] == 4
    assert set(pools_by_name(emu, "eks", cfg)) == {"workers", "spare"}
    assert pools_by_name(emu, "eks", cfg)["workers"]["instanceType"] == "t3.large"


def test_autoscaled_eks_pool_keeps_size_at_min_and_waits_on_the_live_range(clean_env, run_playbook):
    """REFERENCE.md 11.3/11.4: Palette keeps size = min_size; the autoscaler runs anywhere in [min, max] machines
    (the emulator's live count is never the size). count must equal min_size; a converged re-run writes nothing."""
    emu = clean_env
    emu.configure(provision_seconds=0, machine_provision_seconds=0)
    _uid, cfg = create_cluster(emu, "np-auto", pools=[worker_entity("auto", size=1, min_size=1, max_size=6)])
    emu.clear_requests()
    result = run_playbook(play([
        np_task("labels only", "np-auto", "auto", labels={"role": "auto"}, wait_timeout=30, wait_sleep=1),
        np_task("same labels", "np-auto", "auto", labels={"role": "auto"}, count=1, min_size=1, max_size=6,
                wait_timeout=30, wait_sleep=1),
        np_task("count above min", "np-auto", "auto", count=3, min_size=1, max_size=6, ignore_errors=True),
        np_task("narrow bounds", "np-auto", "auto", min_size=2, max_size=4, wait=False),
        np_task("narrow again", "np-auto", "auto", count=2, min_size=2, max_size=4, wait=False),
    ]))
    statuses = [s for _t, s in result.statuses()]
    assert statuses == ["changed", "ok", "failed", "changed", "ok"], [
        (e["task"], e["result"].get("msg")) for e in result.results]
    running = [m for m in res(result, "labels only")["node_pool"]["machines"] if m["state"] == "Running"]
    assert len(running) != 1 and 1 <= len(running) <= 6     # ready although the live count is not the size
    msg = res(result, "count above min")["msg"]
    assert msg.startswith("count: 3, but an autoscaled EKS pool") and "set count to 1" in msg
    puts = put_bodies(emu, cfg, "auto")
    assert len(puts) == 2
    assert [(b["body"]["poolConfig"]["size"], b["body"]["poolConfig"]["minSize"]) for b in puts] == [(1, 1), (2, 2)]
    pool = pools_by_name(emu, "eks", cfg)["auto"]
    assert (pool["size"], pool["minSize"], pool["maxSize"]) == (2, 2, 4)
    assert res(result, "narrow bounds")["node_pool"]["count"] == 2


def test_iaas_control_plane_rules(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "np-iaas", cloud_type="aws")
    emu.clear_requests()
    result = run_playbook(play([
        np_task("even", "np-iaas", "cp-pool", control_plane=True, count=2, ignore_errors=True),
        np_task("delete cp", "np-iaas", "cp-pool", state="absent", ignore_errors=True),
        np_task("three", "np-iaas", "cp-pool", control_plane=True, count=3),
        np_task("no cluster", "np-missing", "workers", count=1, ignore_errors=True),
        np_task("absent with its cluster", "np-missing", "workers", state="absent"),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed", "failed", "changed", "failed", "ok"]
    assert "cluster 'np-missing' not found" in res(result, "no cluster")["msg"]
    assert "1, 3 or 5" in res(result, "even")["msg"]
    assert "is the control plane; it cannot be deleted" in res(result, "delete cp")["msg"]
    node_pool = res(result, "three")["node_pool"]
    assert node_pool["control_plane"] is True and node_pool["count"] == 3
    assert [m["state"] for m in node_pool["machines"]] == ["Running"] * 3
    assert pools_by_name(emu, "aws", cfg)["cp-pool"]["size"] == 3
    assert [(e["method"], e["path"]) for e in emu.writes()] == [
        ("PUT", "/v1/cloudconfigs/aws/%s/machinePools/cp-pool" % cfg)]


def test_wait_timeout_reports_machine_states(clean_env, run_playbook):
    emu = clean_env
    create_cluster(emu, "np-slow")
    emu.configure(machine_provision_seconds=600)
    result = run_playbook(play([np_task("slow", "np-slow", "slow", instance_type="t3.large", count=2,
                                        azs=["us-east-1a"], wait_timeout=3, wait_sleep=1)]))
    assert result.rc != 0
    failed = res(result, "slow")
    assert "timed out" in failed["msg"] and "2 Provisioning of 2 wanted" in failed["msg"]
    assert [m["state"] for m in failed["machines"]] == ["Provisioning", "Provisioning"]


def test_secrets_stay_out_of_verbose_output(clean_env, run_playbook):
    emu = clean_env
    create_cluster(emu, "np-secret")
    result = run_playbook(play([np_task("secret", "np-secret", "workers", count=2, palette_api_key=emu.api_key)]),
                          verbosity=3, diff=True)
    assert result.rc == 0, [(e["task"], e["result"].get("msg")) for e in result.results]
    assert emu.api_key not in result.stdout + result.stderr


def test_every_option_reaches_the_spec_and_reads_back(clean_env, moto_server, run_playbook):
    emu = clean_env
    emu.configure(provision_seconds=0, machine_provision_seconds=0)
    vpc = make_vpc(moto_server)
    subnets = [{"az": "us-east-1a", "subnet_id": vpc["private"][0]}, {"az": "us-east-1b", "subnet_id": vpc["private"][1]}]
    _uid, cfg = create_cluster(emu, "np-all", vpc_id=vpc["vpc"], pools=[worker_entity(
        subnets=[(s["az"], s["subnet_id"]) for s in subnets])])
    _iaas_uid, iaas_cfg = create_cluster(emu, "np-all-iaas", cloud_type="aws")
    eks = dict(instance_type="m5.large", count=1, min_size=1, max_size=5, capacity_type="spot", max_price="0.12",
               subnets=subnets, disk_size_gb=80, ami_id="ami-0123456789abcdef0", labels={"a": "1"},
               taints=[{"key": "k", "value": "v", "effect": "PreferNoSchedule"}], additional_tags={"team": "x"},
               update_strategy="OverrideScaling", max_surge="1", max_unavailable="0")
    iaas = dict(instance_type="m5.large", count=1, azs=["us-east-1a"], node_repave_interval=120,
                update_strategy="RollingUpdateScaleIn")
    emu.clear_requests()
    result = run_playbook(play([
        np_task("eks", "np-all", "full", **eks),
        np_task("eks again", "np-all", "full", **eks),
        np_task("iaas", "np-all-iaas", "full", **iaas),
        np_task("iaas again", "np-all-iaas", "full", **iaas),
    ]))
    assert result.rc == 0, [(e["task"], e["result"].get("msg")) for e in result.results]
    assert [s for _t, s in result.statuses()] == ["changed", "ok", "changed", "ok"]
    read = pools_by_name(emu, "eks", cfg)["full"]
    assert read["subnetIds"] == {"us-east-1a": vpc["private"][0], "us-east-1b": vpc["private"][1]}
    assert (read["capacityType"], read["spotMarketOptions"]) == ("spot", {"maxPrice": "0.12"})
    assert (read["size"], read["minSize"], read["maxSize"], read["rootDeviceSize"]) == (1, 1, 5, 80)
    assert read["enableAwsLaunchTemplate"] is True and read["awsLaunchTemplate"]["ami"]["id"] == "ami-0123456789abcdef0"
    assert read["amiType"] == "AL2023_x86_64_STANDARD"   # sent with the custom AMI (REFERENCE.md 11.7)
    assert read["updateStrategy"] == {"type": "OverrideScaling", "maxSurge": "1", "maxUnavailable": "0"}
    assert (read["additionalLabels"], read["additionalTags"]) == ({"a": "1"}, {"team": "x"})
    returned = res(result, "eks again")["node_pool"]
    assert returned["subnets"] == subnets and returned["ami_id"] == "ami-0123456789abcdef0"
    iaas_read = pools_by_name(emu, "aws", iaas_cfg)["full"]
    assert iaas_read["nodeRepaveInterval"] == 120 and iaas_read["updateStrategy"]["type"] == "RollingUpdateScaleIn"
    posts = [e for e in emu.writes() if e["method"] == "POST"]
    assert len(posts) == 2 and len(emu.writes()) == 2


def test_converged_rerun_reads_the_cloud_config_once(clean_env, run_playbook):
    """A re-run that changes nothing only reads, and each thing once: the project (the connection's lookup), the
    cluster (search, GET), its cloud config, then the pool's machines for the wait."""
    emu = clean_env
    emu.configure(provision_seconds=0, machine_provision_seconds=0)
    uid, cfg = create_cluster(emu, "np-reads")
    args = dict(instance_type="t3.large", count=1, azs=["us-east-1a"], wait_sleep=1)
    converge = run_playbook(play([np_task("converge", "np-reads", "extra", **args)]))
    assert converge.rc == 0, converge
    emu.clear_requests()
    again = run_playbook(play([np_task("again", "np-reads", "extra", **args)]))
    assert again.rc == 0, again
    assert res(again, "again")["changed"] is False
    assert [m["state"] for m in res(again, "again")["node_pool"]["machines"]] == ["Running"]
    log = emu.requests()
    assert not any(e["write"] for e in log), log
    assert [(e["method"], e["path"]) for e in log] == [
        ("GET", "/v1/dashboard/projects/metadata"),
        ("POST", "/v1/dashboard/spectroclusters/search"),     # a read: the search endpoint
        ("GET", "/v1/spectroclusters/%s" % uid),
        ("GET", "/v1/cloudconfigs/eks/%s" % cfg),
        ("GET", "/v1/cloudconfigs/eks/%s/machinePools/extra/machines" % cfg),
    ]


def test_bad_wait_options_and_placement_fail_before_any_write(clean_env, moto_server, run_playbook):
    emu = clean_env
    vpc = make_vpc(moto_server)
    create_cluster(emu, "np-dyn")
    emu.clear_requests()
    pool = dict(instance_type="t3.large", count=1, azs=["us-east-1a"])
    result = run_playbook(play([
        np_task("timeout", "np-dyn", "extra", wait_timeout=-1, ignore_errors=True, **pool),
        np_task("sleep", "np-dyn", "extra", wait_sleep=0, ignore_errors=True, **pool),
        np_task("sleep absent", "np-dyn", "workers", state="absent", wait_sleep=-3, ignore_errors=True),
        # the cluster has no vpc_id (dynamic placement): subnets are refused, as aws_palette_cluster refuses them
        np_task("subnets", "np-dyn", "extra", instance_type="t3.large", count=1, ignore_errors=True,
                subnets=[{"az": "us-east-1a", "subnet_id": vpc["private"][0]}]),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed"] * 4
    assert res(result, "timeout")["msg"].startswith("wait_timeout: -1 is too small; give 0 or more")
    assert res(result, "sleep")["msg"].startswith("wait_sleep: 0 is too small; give 1 or more")
    assert res(result, "sleep absent")["msg"].startswith("wait_sleep:")
    assert res(result, "subnets")["msg"].startswith("subnets: the cluster uses dynamic placement")
    assert emu.writes() == []
    # the wait options are checked before the first request; the placement once the cluster is read
    assert len(emu.requests()) == 4, emu.requests()
