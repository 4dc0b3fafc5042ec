"""Issue 12 item 8: aws_palette_cluster checks its options in AWS before its first write (create and update), with
the same checks as the standalone modules, and only what the run will send: a converged re-run makes no AWS call."""

import sys
from pathlib import Path

import support
from support import REGION, aws, res

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from counting_proxy import CountingProxy  # noqa: E402

MOD = "palette.aws.aws_palette_cluster"
CHECK_CALLS = {"DescribeVpcs", "DescribeSubnets", "DescribeKeyPairs", "DescribeInstanceTypeOfferings",
               "DescribeRouteTables"}


def cluster_args(name, vpc, **over):
    """A static-placement EKS cluster in ``vpc`` (support.make_vpc): two zones, a pool, a Fargate profile."""
    cp = [{"az": REGION + "a", "subnet_id": vpc["private"][0]}, {"az": REGION + "b", "subnet_id": vpc["private"][1]}]
    args = dict(name=name, cloud_type="eks", cloud_account="aws-demo", region=REGION, vpc_id=vpc["vpc"],
                ssh_key_name="checks-key", control_plane_subnets=cp, endpoint_access="public",
                public_access_cidrs=["0.0.0.0/0"], cluster_profiles=[{"name": "eks-infra", "version": "1.0.0"}],
                wait_sleep=1,
                # several subnets in one zone (a private and a public one), comma-joined as Palette stores them
                node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 1,
                             "subnets": [{"az": REGION + "a", "subnet_id": "%s,%s" % (vpc["private"][0],
                                                                                      vpc["public"][0])}]}],
                fargate_profiles=[{"name": "fp", "subnets": [vpc["private"][0]], "selectors": [{"namespace": "web"}]}])
    args.update(over)
    return args


def task(name, args, **extra):
    return support.task(name, MOD, args, **extra)


def test_bad_inputs_fail_before_any_write_naming_the_option(clean_env, run_playbook, moto_server):
    vpc = support.make_vpc(moto_server)
    other = support.make_vpc(moto_server, cidr="10.90.0.0/16")
    aws(moto_server, "ec2").create_key_pair(KeyName="checks-key")
    good = cluster_args("checks-bad", vpc)
    cases = {
        "vpc": dict(vpc_id="vpc-0123456789abcdef0"),
        "key": dict(ssh_key_name="no-such-key"),
        "type": dict(node_pools=[dict(good["node_pools"][0], instance_type="t9.nano")]),
        "other vpc": dict(node_pools=[dict(good["node_pools"][0], subnets=[
            {"az": REGION + "a", "subnet_id": "%s,%s" % (vpc["private"][0], other["private"][0])}])]),
        "zone": dict(control_plane_subnets=[{"az": REGION + "b", "subnet_id": vpc["private"][0]},
                                            {"az": REGION + "a", "subnet_id": vpc["private"][1]}]),
        "public fargate": dict(fargate_profiles=[dict(good["fargate_profiles"][0], subnets=[vpc["public"][0]])]),
        "fargate other vpc": dict(fargate_profiles=[dict(good["fargate_profiles"][0], subnets=[other["private"][1]])]),
    }
    result = run_playbook(support.play([task(name, cluster_args("checks-bad", vpc, **over), ignore_errors=True)
                                        for name, over in cases.items()]))
    msgs = dict((name, res(result, name)["msg"]) for name in cases)
    assert all(result.result(name)["status"] == "failed" for name in cases), msgs
    assert "vpc_id: VPC vpc-0123456789abcdef0 not found in region us-east-1" in msgs["vpc"]
    assert "ssh_key_name: EC2 key pair no-such-key not found in region us-east-1" in msgs["key"]
    assert "node_pools[0].instance_type: instance type t9.nano is not offered in region us-east-1" in msgs["type"]
    assert ("node_pools[0].subnets: subnet %s is in VPC %s, not in the cluster's VPC %s"
            % (other["private"][0], other["vpc"], vpc["vpc"])) in msgs["other vpc"]
    assert ("control_plane_subnets: subnet %s is in availability zone us-east-1a, not us-east-1b"
            % vpc["private"][0]) in msgs["zone"]
    assert ("fargate_profiles[0].subnets: subnet %s routes to an internet gateway (public)"
            % vpc["public"][0]) in msgs["public fargate"]
    assert "fargate_profiles[0].subnets: subnet %s is in VPC" % other["private"][1] in msgs["fargate other vpc"]
    assert clean_env.writes() == []


def test_converged_rerun_makes_no_aws_check_and_day2_checks_only_the_change(clean_env, run_playbook, moto_server):
    vpc = support.make_vpc(moto_server)
    aws(moto_server, "ec2").create_key_pair(KeyName="checks-key")
    args = cluster_args("checks-ok", vpc)
    grown = dict(args, node_pools=args["node_pools"] + [
        {"name": "extra", "instance_type": "t9.nano", "count": 1, "subnets": [{"az": REGION + "b",
                                                                               "subnet_id": vpc["private"][1]}]}])
    with CountingProxy(moto_server) as calls:
        env = {"AWS_ENDPOINT_URL": calls.url}
        created = run_playbook(support.play([task("create", args)]), env=env)
        assert created.rc == 0, created
        create_calls = set(c["operation"] for c in calls.calls)
        calls.clear()
        again = run_playbook(support.play([task("again", args),
                                           task("grow", grown, ignore_errors=True)]), env=env)
        rerun_calls = [c["operation"] for c in calls.calls]
    # the create checked VPC, subnets (and their routes, for Fargate), key pair and instance types in AWS
    assert {"DescribeVpcs", "DescribeSubnets", "DescribeKeyPairs", "DescribeInstanceTypeOfferings"} <= create_calls
    assert again.result("again")["status"] == "ok"
    grow = again.result("grow")
    assert grow["status"] == "failed"
    assert "node_pools[1].instance_type: instance type t9.nano is not offered" in grow["result"]["msg"]
    # the converged task asked AWS nothing; the day-2 change asked only about what it would send
    assert sorted(set(rerun_calls) & CHECK_CALLS) == ["DescribeInstanceTypeOfferings", "DescribeSubnets"]
    assert rerun_calls.count("DescribeSubnets") == 1 and rerun_calls.count("DescribeVpcs") == 0
    assert [e for e in clean_env.writes() if e["path"].startswith("/v1/cloudconfigs")] == []
