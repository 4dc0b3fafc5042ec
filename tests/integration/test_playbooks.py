"""The collection's playbooks as a user runs them (by FQCN, with the shipped example variables):
every read-only check before the first write, and a delete that is `ok` when the cluster or its VPC is gone."""

import json
import subprocess
import sys

import boto3
from userpath_support import REPO, changed_tasks, emulator_vars, fqcn_playbook, short, task_entries

FIXTURE = REPO / "extensions" / "molecule" / "shared" / "aws_fixture.py"
MISSING_VPC = "vpc-0123456789abcdef0"


def iam_roles(aws_env):
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    return [r["RoleName"] for r in iam.list_roles()["Roles"]]


def cloud_accounts(emu):
    return [a["metadata"]["name"] for a in emu.api("GET", "/v1/cloudaccounts/aws")[1]["items"]]


def test_missing_vpc_is_reported_before_the_iam_role_or_cloud_account_is_created(clean_env, run_playbook, aws_env,
                                                                                 tmp_path):
    clean_env.clear_requests()
    result = run_playbook(fqcn_playbook(tmp_path, "deploy_eks"), extra_vars=emulator_vars(palette_vpc_id=MISSING_VPC))
    assert result.rc == 2, result
    gate = [e for e in task_entries(result, "Stop when a preflight check fails") if e["status"] == "failed"]
    assert gate, result
    assert "nothing was created or changed" in gate[0]["result"]["msg"]
    assert "vpc: VPC %s not found in us-east-1" % MISSING_VPC in gate[0]["result"]["msg"]
    # the account this play would create is not a reason to stop: a later step creates it
    assert "cloud_account" not in gate[0]["result"]["msg"]
    ran = [short(e["task"]) for e in result.results if e["status"] != "skipped"]
    assert "Ensure the Palette IAM policies and the trust role in AWS" not in ran
    assert "Ensure the Palette cloud account" not in ran
    assert clean_env.writes() == []
    assert iam_roles(aws_env) == []
    assert "emulator-sts" not in cloud_accounts(clean_env)


def test_static_placement_checks_first_then_creates_tags_and_deploys(clean_env, run_playbook, aws_env, tmp_path):
    """The preflight runs before the subnet tags and the cloud account exist; those two checks wait for the steps
    of the play that fix them, every other check blocks."""
    net = json.loads(subprocess.run([sys.executable, str(FIXTURE), "--name", "order"], env=aws_env, check=True,
                                    capture_output=True, text=True, timeout=120).stdout)
    pools = [{"name": "workers", "instance_type": "t3.large", "count": 2, "subnets": net["private_subnets"]}]
    options = emulator_vars(palette_vpc_id=net["vpc_id"], palette_control_plane_subnets=net["private_subnets"],
                            palette_node_pools=pools, palette_poll_interval=1)
    result = run_playbook(fqcn_playbook(tmp_path, "deploy_eks"), extra_vars=options)
    assert result.rc == 0, [e["result"].get("msg") for e in result.results if e["status"] == "failed"]
    shown = task_entries(result, "Show the preflight checks")[0]["result"]["msg"]
    assert shown[0] == ("Preflight for eks-emulator in us-east-1: ready "
                        "(fixed by a later step of this play: cloud_account, subnet_tags)")
    order = [short(e["task"]) for e in result.results if e["status"] != "skipped"]
    assert order.index("Run the preflight checks (identity, region, key pair, quotas, cluster name, VPC, KMS key)") \
        < order.index("Ensure the Palette IAM policies and the trust role in AWS") \
        < order.index("Ensure the Palette cloud account") \
        < order.index("Tag the VPC's public subnets for the cluster") \
        < order.index("Ensure the cluster matches its declared state")
    assert [c["state"] for c in clean_env.clusters("eks-emulator")] == ["Running"]


def test_emulator_vars_deploy_check_and_delete_twice(clean_env, run_playbook, tmp_path):
    """playbooks/vars/emulator.yml unchanged: deploy, drift check, delete; deleting again - the cluster and its VPC
    gone - is ok and changes nothing."""
    deploy = run_playbook(fqcn_playbook(tmp_path, "deploy_eks"), extra_vars=emulator_vars())
    assert deploy.rc == 0, deploy
    assert "emulator-sts" in cloud_accounts(clean_env)
    drift = run_playbook(fqcn_playbook(tmp_path, "drift_check"), extra_vars=emulator_vars())
    assert drift.rc == 0, drift

    # the VPC named for the subnet tags does not exist (any more): the delete still succeeds
    gone_vpc = emulator_vars(palette_vpc_id=MISSING_VPC, palette_poll_interval=1)
    delete = run_playbook(fqcn_playbook(tmp_path, "delete_cluster"), extra_vars=gone_vpc)
    assert delete.rc == 0, delete
    assert [c["state"] for c in clean_env.clusters("eks-emulator")] == ["Deleted"]
    untag = task_entries(delete, "Remove the cluster's load balancer discovery tags from its VPC's subnets")
    assert [e["status"] for e in untag] == ["ok"]
    assert untag[0]["result"]["warnings"] == [
        "VPC %s does not exist (any more); there are no subnet tags to remove" % MISSING_VPC]

    clean_env.clear_requests()
    again = run_playbook(fqcn_playbook(tmp_path, "delete_cluster"), extra_vars=gone_vpc)
    assert again.rc == 0, again
    assert changed_tasks(again) == []
    assert [e["result"]["msg"] for e in task_entries(again, "Show what happens to the cluster")] == [
        "Cluster eks-emulator does not exist: nothing to delete."]
    assert clean_env.writes() == []
