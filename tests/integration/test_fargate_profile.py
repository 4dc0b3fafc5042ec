"""palette.aws.fargate_profile through ansible-playbook against the Palette emulator + moto."""

import support
from day2_support import create_cluster, fargate_by_name, make_vpc, play, res, task, worker_entity

FP = "palette.aws.fargate_profile"


def fp_task(name, cluster, profile, ignore_errors=None, check_mode=None, **args):
    args.update(cluster=cluster, name=profile)
    return task(name, FP, args, ignore_errors=ignore_errors, check_mode=check_mode)


def static_cluster(emu, moto_url, name):
    """An EKS cluster in our own VPC (static placement); returns (config uid, vpc dict)."""
    vpc = make_vpc(moto_url)
    pools = [worker_entity(subnets=[("us-east-1a", vpc["private"][0]), ("us-east-1b", vpc["private"][1])])]
    _uid, cfg = create_cluster(emu, name, pools=pools, vpc_id=vpc["vpc"])
    return cfg, vpc


def test_add_change_remove_profiles(clean_env, moto_server, run_playbook):
    emu = clean_env
    cfg, vpc = static_cluster(emu, moto_server, "fp-life")
    emu.clear_requests()
    web = dict(subnets=vpc["private"], selectors=[{"namespace": "web", "labels": {"app": "frontend"}}],
               additional_tags={"team": "web"})
    jobs = dict(subnets=vpc["private"][:1], selectors=[{"namespace": "jobs"}])
    tasks = [
        fp_task("add web", "fp-life", "fp-web", **web),
        fp_task("add jobs", "fp-life", "fp-jobs", **jobs),
        fp_task("web again", "fp-life", "fp-web", **web),
        fp_task("web selectors reordered", "fp-life", "fp-web", subnets=list(reversed(vpc["private"])),
                selectors=[{"namespace": "web", "labels": {"app": "frontend"}}]),
        fp_task("change web", "fp-life", "fp-web",
                selectors=[{"namespace": "web", "labels": {"app": "frontend"}}, {"namespace": "web-jobs"}]),
        fp_task("remove web", "fp-life", "fp-web", state="absent"),
        fp_task("remove web again", "fp-life", "fp-web", state="absent"),
    ]
    result = run_playbook(play(tasks), diff=True)
    assert result.rc == 0, [(e["task"], e["result"].get("msg")) for e in result.results]
    assert [s for _t, s in result.statuses()] == ["changed", "changed", "ok", "ok", "changed", "changed", "ok"]

    added = res(result, "add web")
    assert added["replaced"] is False
    assert added["fargate_profile"]["name"] == "fp-web"
    assert added["fargate_profile"]["subnets"] == sorted(vpc["private"])
    assert added["fargate_profile"]["selectors"] == [{"namespace": "web", "labels": {"app": "frontend"}}]
    assert added["fargate_profile"]["additional_tags"] == {"team": "web"}
    assert added["fargate_profile"]["cluster_uid"]

    changed = res(result, "change web")
    assert changed["replaced"] is True
    assert "replaced" in changed["diff"]["after_header"]
    assert "replaced: EKS cannot change a Fargate profile in place" in result.stdout
    assert changed["fargate_profile"]["additional_tags"] == {"team": "web"}   # unset = kept
    assert len(changed["fargate_profile"]["selectors"]) == 2

    assert res(result, "remove web")["fargate_profile"] == {}
    profiles = fargate_by_name(emu, cfg)
    assert list(profiles) == ["fp-jobs"]                        # the other profile survived every write
    assert profiles["fp-jobs"]["selectors"] == [{"namespace": "jobs"}]
    assert [(e["method"], e["path"]) for e in emu.writes()] == [
        ("PUT", "/v1/cloudconfigs/eks/%s/fargateProfiles" % cfg)] * 4


def test_public_subnet_and_six_selectors_refused(clean_env, moto_server, run_playbook):
    emu = clean_env
    cfg, vpc = static_cluster(emu, moto_server, "fp-bad")
    emu.clear_requests()
    six = [{"namespace": "ns%d" % i} for i in range(6)]
    other_vpc = support.make_vpc(moto_server, cidr="10.81.0.0/16", public_azs="")
    result = run_playbook(play([
        fp_task("other vpc", "fp-bad", "fp-other", subnets=[other_vpc["private"][0]],
                selectors=[{"namespace": "web"}], ignore_errors=True),
        fp_task("public", "fp-bad", "fp-pub", subnets=[vpc["private"][0], vpc["public"]],
                selectors=[{"namespace": "web"}], ignore_errors=True),
        fp_task("missing subnet", "fp-bad", "fp-gone", subnets=["subnet-0123456789abcdef0"],
                selectors=[{"namespace": "web"}], ignore_errors=True),
        fp_task("six", "fp-bad", "fp-six", subnets=vpc["private"], selectors=six, ignore_errors=True),
        fp_task("no namespace", "fp-bad", "fp-nons", subnets=vpc["private"], selectors=[{"labels": {"a": "b"}}],
                ignore_errors=True),
        fp_task("public unchecked", "fp-bad", "fp-pub", subnets=[vpc["public"]], selectors=[{"namespace": "web"}],
                validate_subnets=False, check_mode=True),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed", "failed", "failed", "failed", "failed", "changed"]
    assert "not in the cluster's VPC %s" % vpc["vpc"] in res(result, "other vpc")["msg"]
    msg = res(result, "public")["msg"]
    assert vpc["public"] in msg and "internet gateway" in msg and vpc["private"][0] not in msg
    assert "subnet-0123456789abcdef0" in res(result, "missing subnet")["msg"]
    assert "6 selectors given; a Fargate profile takes at most 5" in res(result, "six")["msg"]
    assert "namespace" in res(result, "no namespace")["msg"]
    assert emu.writes() == []
    assert fargate_by_name(emu, cfg) == {}


def test_check_mode_and_wrong_clusters(clean_env, moto_server, run_playbook):
    emu = clean_env
    cfg, vpc = static_cluster(emu, moto_server, "fp-check")
    create_cluster(emu, "fp-iaas", cloud_type="aws")
    emu.clear_requests()
    result = run_playbook(play([
        fp_task("predict", "fp-check", "fp-web", subnets=vpc["private"], selectors=[{"namespace": "web"}]),
        fp_task("iaas", "fp-iaas", "fp-web", selectors=[{"namespace": "web"}], ignore_errors=True),
        fp_task("no subnets on static", "fp-check", "fp-web", selectors=[{"namespace": "web"}], ignore_errors=True),
        fp_task("no cluster yet", "fp-missing", "fp-web", selectors=[{"namespace": "web"}]),
        fp_task("absent with its cluster", "fp-missing", "fp-web", state="absent"),
    ]), check=True, diff=True)
    assert [s for _t, s in result.statuses()] == ["changed", "failed", "failed", "changed", "ok"]
    assert res(result, "absent with its cluster")["replaced"] is False
    assert res(result, "no cluster yet")["fargate_profile"] == {
        "name": "fp-web", "subnets": [], "selectors": [{"namespace": "web", "labels": {}}], "additional_tags": {},
        "cluster_uid": None}
    predicted = res(result, "predict")
    assert predicted["fargate_profile"]["selectors"] == [{"namespace": "web", "labels": {}}]
    assert predicted["replaced"] is False
    assert "Fargate profiles exist only on EKS" in res(result, "iaas")["msg"]
    assert "static placement" in res(result, "no subnets on static")["msg"]
    assert emu.writes() == []
    assert fargate_by_name(emu, cfg) == {}


def test_secrets_stay_out_of_verbose_output(clean_env, moto_server, run_playbook):
    emu = clean_env
    _cfg, vpc = static_cluster(emu, moto_server, "fp-secret")
    aws_secret = "aws-secret-value-for-fargate-test"
    result = run_playbook(play([fp_task("secret", "fp-secret", "fp-web", subnets=vpc["private"],
                                        selectors=[{"namespace": "web"}], palette_api_key=emu.api_key,
                                        aws_secret_key=aws_secret, aws_access_key="testing")]),
                          verbosity=3, diff=True)
    assert result.rc == 0, result
    assert emu.api_key not in result.stdout + result.stderr
    assert aws_secret not in result.stdout + result.stderr
