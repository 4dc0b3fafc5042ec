"""Pool options of issue 13 item 1 and the real-Palette pool behaviours of issue 11, through ansible-playbook
against the emulator: each option reaches the spec'd body, shows in --diff, a converged re-run only reads, check
mode writes nothing, bad values fail before any write."""

from day2_support import create_cluster, make_vpc, play, pools_by_name, res, task, worker_entity

NP = "palette.aws.node_pool"
SG1, SG2 = "sg-0123456789abcdef0", "sg-0fedcba9876543210"
KUBEADM = "kubeletExtraArgs:\n  max-pods: '110'\npreKubeadmCommands:\n  - echo hi\n"


def np_task(name, cluster, pool, ignore_errors=None, check_mode=None, **args):
    args.update(cluster=cluster, name=pool, wait=False)
    return task(name, NP, args, ignore_errors=ignore_errors, check_mode=check_mode)


def msgs(result):
    return [(e["task"], e["result"].get("msg")) for e in result.results]


def test_eks_launch_template_options_and_annotations(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "po-eks")
    emu.clear_requests()
    opts = dict(instance_type="m5.large", count=1, azs=["us-east-1a"], ami_id="ami-0123456789abcdef0",
                additional_security_groups=[SG2, SG1], root_volume_type="gp3", root_volume_iops=4000,
                root_volume_throughput=250, annotations={"example.com/owner": "platform"})
    result = run_playbook(play([
        np_task("check", "po-eks", "lt", check_mode=True, **opts),
        np_task("create", "po-eks", "lt", **opts),
        np_task("again", "po-eks", "lt", **opts),
        np_task("throughput", "po-eks", "lt", root_volume_throughput=500),
        np_task("one group", "po-eks", "lt", additional_security_groups=[SG1]),
    ]), diff=True)
    assert [s for _t, s in result.statuses()] == ["changed", "changed", "ok", "changed", "changed"], msgs(result)
    pools = "/v1/cloudconfigs/eks/%s/machinePools" % cfg
    writes = [(e["method"], e["path"]) for e in emu.writes()]
    assert writes == [("POST", pools)] + [("PUT", pools + "/lt")] * 2     # check mode and the re-run wrote nothing
    post = [e for e in emu.writes() if e["method"] == "POST"][0]["body"]
    assert post["cloudConfig"]["amiType"] == "AL2023_x86_64_STANDARD"     # the custom AMI goes with its type
    assert post["cloudConfig"]["enableAwsLaunchTemplate"] is True
    assert post["cloudConfig"]["awsLaunchTemplate"] == {
        "ami": {"id": "ami-0123456789abcdef0"}, "additionalSecurityGroups": [{"id": SG1}, {"id": SG2}],
        "rootVolume": {"type": "gp3", "iops": 4000, "throughput": 250}}
    assert post["poolConfig"]["additionalAnnotations"] == {"example.com/owner": "platform"}
    read = pools_by_name(emu, "eks", cfg)["lt"]
    assert read["awsLaunchTemplate"]["rootVolume"] == {"type": "gp3", "iops": 4000, "throughput": 500}
    assert read["awsLaunchTemplate"]["additionalSecurityGroups"] == [{"id": SG1}]
    assert read["awsLaunchTemplate"]["ami"] == {"id": "ami-0123456789abcdef0"}
    diff = res(result, "throughput")["diff"]
    assert (diff["before"]["root_volume_throughput"], diff["after"]["root_volume_throughput"]) == (250, 500)
    assert res(result, "check")["diff"]["after"]["additional_security_groups"] == [SG1, SG2]
    assert res(result, "again")["node_pool"]["annotations"] == {"example.com/owner": "platform"}


def test_iaas_pool_options(clean_env, run_playbook):
    emu = clean_env
    _uid, cfg = create_cluster(emu, "po-iaas", cloud_type="aws")
    emu.clear_requests()
    worker = dict(instance_type="m5.large", count=1, azs=["us-east-1a"], skip_k8s_upgrade="enabled",
                  additional_security_groups=[SG1], override_kubeadm_configuration=KUBEADM,
                  annotations={"a.example.com/x": "1"})
    result = run_playbook(play([
        np_task("worker", "po-iaas", "batch", **worker),
        np_task("worker again", "po-iaas", "batch", **worker),
        np_task("cp as worker", "po-iaas", "cp-pool", control_plane=True, control_plane_as_worker=True),
        np_task("cp again", "po-iaas", "cp-pool", control_plane_as_worker=True),
        np_task("upgrade again", "po-iaas", "batch", skip_k8s_upgrade="disabled"),
    ]), diff=True)
    assert [s for _t, s in result.statuses()] == ["changed", "ok", "changed", "ok", "changed"], msgs(result)
    pools = pools_by_name(emu, "aws", cfg)
    batch, cp = pools["batch"], pools["cp-pool"]
    assert batch["skipK8sUpgrade"] == "disabled" and batch["additionalSecurityGroups"] == [{"id": SG1}]
    assert batch["overrideKubeadmConfiguration"] == KUBEADM   # kept by the later PUT that did not set it
    assert batch["additionalAnnotations"] == {"a.example.com/x": "1"}
    assert cp["useControlPlaneAsWorker"] is True
    diff = res(result, "cp as worker")["diff"]
    assert (diff["before"].get("control_plane_as_worker"), diff["after"]["control_plane_as_worker"]) == (False, True)
    assert len(emu.writes()) == 3


def test_pool_options_rejected_before_any_write(clean_env, run_playbook):
    emu = clean_env
    create_cluster(emu, "po-bad")
    create_cluster(emu, "po-bad-iaas", cloud_type="aws")
    emu.clear_requests()
    base = dict(instance_type="m5.large", count=1, azs=["us-east-1a"])
    not_offered = dict(base)
    not_offered["instance_type"] = "zz9.mega"
    result = run_playbook(play([
        np_task("sg id", "po-bad", "p", additional_security_groups=["default"], ignore_errors=True, **base),
        np_task("iops on gp2", "po-bad", "p", root_volume_type="gp2", root_volume_iops=3000, ignore_errors=True,
                **base),
        np_task("throughput io1", "po-bad", "p", root_volume_type="io1", root_volume_iops=500,
                root_volume_throughput=200, ignore_errors=True, **base),
        np_task("iaas root volume", "po-bad-iaas", "p", root_volume_type="gp3", ignore_errors=True, **base),
        np_task("eks skip upgrade", "po-bad", "p", skip_k8s_upgrade="enabled", ignore_errors=True, **base),
        np_task("worker as cp", "po-bad-iaas", "p", control_plane_as_worker=True, ignore_errors=True, **base),
        np_task("kubeadm yaml", "po-bad-iaas", "p", override_kubeadm_configuration="kubeletExtraArgs: [",
                ignore_errors=True, **base),
        np_task("kubeadm key", "po-bad-iaas", "p", override_kubeadm_configuration="files: []", ignore_errors=True,
                **base),
        np_task("annotation key", "po-bad", "p", annotations={"bad key!": "x"}, ignore_errors=True, **base),
        np_task("not offered", "po-bad", "p", check_mode=True, ignore_errors=True, **not_offered),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed"] * 10, msgs(result)
    expect = {
        "sg id": "additional_security_groups[0]: 'default' is not a sg id",
        "iops on gp2": "root_volume_iops: IOPS are provisioned only on gp3, io1 and io2",
        "throughput io1": "root_volume_throughput: throughput is provisioned only on gp3",
        "iaas root volume": "root_volume_type: only EKS pools take root_volume_type",
        "eks skip upgrade": "skip_k8s_upgrade: only IaaS (cloud_type aws) pools take skip_k8s_upgrade",
        "worker as cp": "control_plane_as_worker: only the control-plane pool of an IaaS",
        "kubeadm yaml": "override_kubeadm_configuration: not valid YAML",
        "kubeadm key": "override_kubeadm_configuration: unknown key files",
        "annotation key": "annotations[bad key!]:",
        "not offered": "instance_type: zz9.mega is not offered in region us-east-1",
    }
    for name, start in expect.items():
        assert res(result, name)["msg"].startswith(start), (name, res(result, name)["msg"])
    assert emu.writes() == []


def test_check_mode_refuses_an_instance_type_change_the_region_lacks(clean_env, run_playbook):
    """Issue 13 item 5: a day-2 change is checked against Palette's instance types of the region in check mode."""
    emu = clean_env
    _uid, cfg = create_cluster(emu, "po-offer")
    emu.clear_requests()
    result = run_playbook(play([
        np_task("bad type", "po-offer", "workers", instance_type="zz9.mega", check_mode=True, ignore_errors=True),
        np_task("good type", "po-offer", "workers", instance_type="m5.large", check_mode=True),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed", "changed"], msgs(result)
    assert "zz9.mega is not offered in region us-east-1" in res(result, "bad type")["msg"]
    listed = emu.requests(method="GET", path_prefix="/v1/clouds/aws/regions/us-east-1/instancetypes")
    assert len(listed) == 2 and listed[0]["query"].get("cloudAccountUid")
    assert emu.writes() == []


def test_subnet_pairs_per_zone(clean_env, moto_server, run_playbook):
    """REFERENCE.md 11.1: a zone carries a public and a private subnet, sent as one comma-joined entry per zone,
    read back by splitting, compared as a set (order and form do not matter)."""
    emu = clean_env
    vpc = make_vpc(moto_server)
    pub, priv_a, priv_b = vpc["public"], vpc["private"][0], vpc["private"][1]
    _uid, cfg = create_cluster(emu, "po-pairs", vpc_id=vpc["vpc"], pools=[worker_entity(
        subnets=[("us-east-1a", priv_a)])])
    emu.clear_requests()
    pairs = [{"az": "us-east-1a", "subnet_id": pub}, {"az": "us-east-1a", "subnet_id": priv_a},
             {"az": "us-east-1b", "subnet_id": priv_b}]
    joined = [{"az": "us-east-1a", "subnet_id": "%s,%s" % (priv_a, pub)}, {"az": "us-east-1b", "subnet_id": priv_b}]
    result = run_playbook(play([
        np_task("pairs", "po-pairs", "edge", instance_type="t3.large", count=1, subnets=pairs),
        np_task("joined form", "po-pairs", "edge", subnets=joined),
        np_task("bad id", "po-pairs", "edge", subnets=[{"az": "us-east-1a", "subnet_id": "%s,nope" % pub}],
                ignore_errors=True),
    ]))
    assert [s for _t, s in result.statuses()] == ["changed", "ok", "failed"], msgs(result)
    post = [e for e in emu.writes() if e["method"] == "POST"][0]["body"]["cloudConfig"]
    ids = sorted([pub, priv_a])
    assert post["subnets"] == [{"az": "us-east-1a", "id": ",".join(ids)}, {"az": "us-east-1b", "id": priv_b}]
    read = pools_by_name(emu, "eks", cfg)["edge"]
    assert sorted(read["subnetIds"]["us-east-1a"].split(",")) == ids
    assert res(result, "joined form")["node_pool"]["subnets"] == sorted(
        [{"az": "us-east-1a", "subnet_id": s} for s in ids] + [{"az": "us-east-1b", "subnet_id": priv_b}],
        key=lambda s: (s["az"], s["subnet_id"]))
    assert "subnets[0].subnet_id: 'nope' is not a subnet id" in res(result, "bad id")["msg"]
    assert len(emu.writes()) == 1


def test_pool_update_keeps_fields_newer_than_the_spec_and_ami_type_is_immutable(clean_env, run_playbook):
    """REFERENCE.md 11.8: a PUT built from a fixed field list resets fields the live API has beyond our spec;
    11.7: the AMI type of an existing pool cannot change (refused before any write)."""
    emu = clean_env
    _uid, cfg = create_cluster(emu, "po-newer")
    emu.mutate_pool(cfg, "workers", {"overrideHealthCheckConfiguration": "maxUnhealthy: 40%",
                                     "overrideClusterAPIConfig": "timeout: 10m"})
    emu.clear_requests()
    result = run_playbook(play([
        np_task("labels", "po-newer", "workers", labels={"tier": "web"}),
        np_task("ami type", "po-newer", "workers", ami_type="AL2023_x86_64_NVIDIA", ignore_errors=True),
    ]))
    assert [s for _t, s in result.statuses()] == ["changed", "failed"], msgs(result)
    pool = pools_by_name(emu, "eks", cfg)["workers"]
    assert pool["additionalLabels"] == {"tier": "web"}
    assert pool["overrideHealthCheckConfiguration"] == "maxUnhealthy: 40%"
    assert pool["overrideClusterAPIConfig"] == "timeout: 10m"
    msg = res(result, "ami type")["msg"]
    assert "ami_type: current AL2023_x86_64_STANDARD, requested AL2023_x86_64_NVIDIA" in msg and "cannot change" in msg
    assert len(emu.writes()) == 1


def test_karpenter_pools_are_never_touched(clean_env, run_playbook):
    """REFERENCE.md 11.10: pools labelled spectrocloud.com/managed-by:karpenter are not the user's."""
    emu = clean_env
    uid, cfg = create_cluster(emu, "po-karp")
    emu.add_pool(cfg, {"name": "karp", "labels": ["worker", "spectrocloud.com/managed-by:karpenter"], "size": 1,
                       "minSize": 0, "maxSize": 3, "instanceType": "t3.large", "azs": ["us-east-1a"]})
    emu.clear_requests()
    cluster = {"cluster": "po-karp", "wait": False, "purge_node_pools": True,
               "node_pools": [{"name": "workers", "count": 2}]}
    result = run_playbook(play([
        np_task("resize", "po-karp", "karp", count=3, ignore_errors=True),
        np_task("delete", "po-karp", "karp", state="absent", ignore_errors=True),
        task("purge", "palette.aws.aws_palette_cluster", cluster),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed", "failed", "ok"], msgs(result)
    assert "managed by Karpenter" in res(result, "resize")["msg"]
    assert "managed by Karpenter" in res(result, "delete")["msg"]
    assert "karp" in pools_by_name(emu, "eks", cfg)
    assert emu.writes() == []
    assert uid
