"""Check mode writes nothing, for every module of the collection.

One ``--check --diff`` run calls every module with options that would change something (create, update,
delete, tag, purge, write a kubeconfig). Each task must predict a change (so the test cannot pass
because nothing was asked), and afterwards: the emulator's request log holds no write, the emulator's
stored objects are unchanged, the modules made no AWS call other than Describe/Get/List (a counting proxy
sits in front of moto), moto's state (EC2, KMS, IAM, ELB) is unchanged, and no kubeconfig was written.
"""

import os
from pathlib import Path

from counting_proxy import CountingProxy
from helpers import (
    FAST,
    REGION,
    aws_snapshot,
    create_cluster_api,
    eks_cluster,
    failures,
    make_kms_key,
    make_orphans,
    make_vpc,
    palette_state,
    play,
    pool_entity,
    res,
    snapshot_diff,
    task,
)

# every module of the collection must appear below (a new module fails this test until it is added)
ALL_MODULES = {path.stem for path in (Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py")}
# kms_secret_encryption never writes: encryption is chosen when a cluster is created (issue 11 item 2)
READ_ONLY = {"aws_palette_cluster_info", "cluster_profile_info", "preflight_info", "orphaned_resources_info",
             "kms_secret_encryption"}


def _tasks(vpc, key_arn, kubeconfig):
    pools = [{"name": "workers", "count": 3}, {"name": "gpu", "instance_type": "g5.xlarge", "count": 1,
                                               "azs": [REGION + "a"]}]
    return [
        task("aws_palette_cluster: create", "aws_palette_cluster", eks_cluster("cm-new")),
        task("aws_palette_cluster: update", "aws_palette_cluster",
             {"cluster": "cm-eks", "tags": {"env": "prod"}, "description": "changed", "node_pools": pools,
              "public_access_cidrs": ["10.0.0.0/8"], "timezone": "UTC", "pause_agent_upgrades": True,
              "namespaces": [{"name": "web", "cpu_cores": 1}], "host_cluster": {"enabled": True},
              "rbac": {"cluster_role_bindings": [{"role": "view", "subjects": [{"type": "User", "name": "a"}]}]},
              "os_patch": {"patch_on_boot": True}}),
        task("aws_palette_cluster: delete", "aws_palette_cluster", {"name": "cm-iaas", "state": "absent"}),
        task("aws_palette_cluster_info: kubeconfig", "aws_palette_cluster_info",
             {"name": "cm-eks", "kubeconfig_path": kubeconfig}),
        task("node_pool: create", "node_pool", {"cluster": "cm-eks", "name": "extra", "instance_type": "t3.large",
                                                "count": 1, "azs": [REGION + "a"]}),
        task("node_pool: update", "node_pool", {"cluster": "cm-eks", "name": "workers", "count": 4,
                                                "labels": {"a": "b"}}),
        task("node_pool: delete", "node_pool", {"cluster": "cm-eks", "name": "batch", "state": "absent"}),
        task("fargate_profile: create", "fargate_profile",
             {"cluster": "cm-eks", "name": "fp-new", "selectors": [{"namespace": "web"}]}),
        task("fargate_profile: update", "fargate_profile",
             {"cluster": "cm-eks", "name": "fp-old", "selectors": [{"namespace": "jobs", "labels": {"x": "y"}}]}),
        task("fargate_profile: delete", "fargate_profile", {"cluster": "cm-eks", "name": "fp-old", "state": "absent"}),
        task("kms_secret_encryption: report", "kms_secret_encryption", {"cluster": "cm-enc", "kms_key_arn": key_arn}),
        task("cloud_account: create", "cloud_account",
             {"name": "cm-account", "credential_type": "secret", "access_key": "AKIACHECKMODE0000001",
              "secret_key": "check-mode-secret-key"}),
        task("cloud_account: update", "cloud_account",
             {"name": "aws-demo", "credential_type": "secret", "access_key": "AKIACHECKMODE0000002",
              "secret_key": "check-mode-secret-key-2", "update_secret": "always"}),
        # an account no cluster uses (one in use is predicted as the failure the real run meets: test_cloud_account)
        task("cloud_account: delete", "cloud_account", {"name": "cm-spare", "state": "absent"}),
        task("sts_role: create", "sts_role", {"include_eks_policy": True}),
        task("cluster_profile_info: find", "cluster_profile_info", {"name": "eks-infra", "cloud_type": "eks"}),
        task("preflight_info: check", "preflight_info",
             {"cloud_type": "eks", "cluster_name": "cm-new", "cloud_account": "aws-demo", "vpc_id": vpc["vpc"],
              "kms_key_arn": key_arn,
              "node_pools": [{"name": "workers", "instance_type": "t3.large", "count": 2,
                              "subnets": [{"az": REGION + "a", "subnet_id": vpc["private"][0]}]}]}),
        task("subnet_tagging: tag", "subnet_tagging", {"vpc_id": vpc["vpc"], "cluster_name": "cm-new"}),
        task("orphaned_resources_info: report", "orphaned_resources_info", {"cluster_name": "cm-gone"}),
        task("orphaned_resources: purge", "orphaned_resources",
             {"cluster_name": "cm-gone", "state": "absent", "include_volumes": True}),
    ]


def test_check_mode_writes_nothing_for_every_module(clean_env, run_playbook, moto_server, tmp_path):
    emu = clean_env
    emu.configure(**FAST)
    vpc = make_vpc(moto_server)
    key_arn = make_kms_key(moto_server)
    create_cluster_api(emu, "cm-eks", pools=[pool_entity("workers"), pool_entity("batch", size=1)],
                       fargate=[{"name": "fp-old", "selectors": [{"namespace": "old"}]}])
    create_cluster_api(emu, "cm-iaas", cloud_type="aws")
    create_cluster_api(emu, "cm-enc", encryption_key=key_arn)
    status, _body, _headers = emu.api("POST", "/v1/cloudaccounts/aws", {
        "metadata": {"name": "cm-spare"},
        "spec": {"credentialType": "secret", "accessKey": "AKIACHECKMODE0000003", "secretKey": "spare-secret"}})
    assert status == 201
    make_orphans(emu, "cm-gone")
    kubeconfig = str(tmp_path / "kube" / "cm-eks.yaml")
    os.makedirs(os.path.dirname(kubeconfig))
    tasks = _tasks(vpc, key_arn, kubeconfig)
    assert {t["name"].split(":")[0] for t in tasks} == ALL_MODULES
    aws_before, palette_before = aws_snapshot(moto_server), palette_state(emu)
    emu.clear_requests()

    with CountingProxy(moto_server) as aws_calls:
        result = run_playbook(play(tasks), check=True, diff=True, env={"AWS_ENDPOINT_URL": aws_calls.url})

    assert result.rc == 0, failures(result)
    assert emu.writes() == []
    assert len(aws_calls.calls) > 20 and aws_calls.writes() == []
    assert palette_state(emu) == palette_before
    assert snapshot_diff(aws_before, aws_snapshot(moto_server)) == {}
    assert not os.path.exists(kubeconfig)
    statuses = dict(result.statuses())
    expected = dict((t["name"], "ok" if t["name"].split(":")[0] in READ_ONLY else "changed") for t in tasks)
    expected["aws_palette_cluster_info: kubeconfig"] = "changed"   # the kubeconfig file it would write
    assert statuses == expected
    # the changes are predicted, not just flagged
    assert res(result, "aws_palette_cluster: create")["cluster"]["name"] == "cm-new"
    updated = res(result, "aws_palette_cluster: update")["cluster"]
    assert updated["tags"] == {"env": "prod"}
    assert (updated["timezone"], updated["pause_agent_upgrades"], updated["host_cluster"]["enabled"]) == ("UTC", True, True)
    assert res(result, "aws_palette_cluster: create")["cost_estimate"]["monthly"]["total"] > 0
    assert res(result, "node_pool: update")["node_pool"]["count"] == 4
    assert res(result, "fargate_profile: create")["fargate_profile"]["name"] == "fp-new"
    assert res(result, "preflight_info: check")["checks"]
