"""Roles deploy, delete, prerequisites and subnet_tagging through ansible-playbook against the emulator and moto."""

import json
import subprocess
import sys
from pathlib import Path

import boto3

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "extensions" / "molecule" / "shared" / "aws_fixture.py"

EKS = {
    "palette_cluster_name": "role-eks",
    "palette_cloud_type": "eks",
    "palette_cloud_account": "aws-demo",
    "palette_region": "us-east-1",
    "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
    "palette_cluster_tags": {"env": "test"},
    "palette_node_pools": [
        {"name": "workers", "instance_type": "t3.large", "count": 2, "azs": ["us-east-1a", "us-east-1b"]},
        {"name": "spot", "instance_type": "m5.large", "capacity_type": "spot", "count": 1, "azs": ["us-east-1a"],
         "taints": [{"key": "workload", "value": "batch", "effect": "NoSchedule"}]},
    ],
    "palette_poll_interval": 1,
    "palette_wait_timeout": 120,
}


def play(role, tasks_from=None, **options):
    entry = {"name": "palette.aws.%s" % role}
    if tasks_from:
        entry["tasks_from"] = tasks_from
    return dict({"name": "role %s" % role, "hosts": "localhost", "gather_facts": False,
                 "tasks": [{"name": "Run the role", "ansible.builtin.import_role": entry}]}, **options)


def short(task):
    """Task name without the "palette.aws.<role> : " prefix the callback records for role tasks."""
    return task.split(" : ", 1)[-1]


def messages(result, task):
    return [e["result"].get("msg") for e in result.results if short(e["task"]) == task and e["status"] != "skipped"]


def changed_tasks(result):
    return [(short(e["task"]), e["host"]) for e in result.results if e["status"] == "changed"]


def task_result(result, task):
    """The last recorded result of a task, by its name without the role prefix."""
    for entry in reversed(result.results):
        if short(entry["task"]) == task:
            return entry
    raise KeyError("no result for task %r; tasks: %s" % (task, [short(e["task"]) for e in result.results]))


def statuses(result):
    return dict((short(task), status) for task, status in result.statuses())


def aws_client(aws_env, service):
    return boto3.client(service, region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                        aws_access_key_id=aws_env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=aws_env["AWS_SECRET_ACCESS_KEY"])


def fixture(aws_env, name, role_name="SpectroCloudRole"):
    proc = subprocess.run([sys.executable, str(FIXTURE), "--name", name, "--role-name", role_name], env=aws_env,
                          capture_output=True, text=True, check=True, timeout=120)
    return json.loads(proc.stdout)


def test_deploy_role_converges_then_is_idempotent(clean_env, run_playbook):
    """Deploy, wait, validate, summary; a converged re-run changes nothing and writes nothing. (The wait's progress
    lines are tested in test_role_wait.py.)"""
    first = run_playbook(play("deploy"), extra_vars=EKS)
    assert first.rc == 0, first
    assert [c["state"] for c in clean_env.clusters("role-eks")] == ["Running"]
    summary = messages(first, "Show the cluster, its endpoint and how to get its kubeconfig")[0]
    assert summary[0].startswith("Cluster role-eks (eks, us-east-1): Running, Healthy")
    assert any("kubeconfig_path" in line for line in summary)
    assert task_result(first, "Validate that the cluster is Running and Healthy")["status"] == "ok"
    assert changed_tasks(first) == [("Ensure the cluster matches its declared state", "localhost")]

    clean_env.clear_requests()
    second = run_playbook(play("deploy"), extra_vars=EKS)
    assert second.rc == 0, second
    assert changed_tasks(second) == []
    assert clean_env.writes() == []


def test_deploy_role_check_mode_and_kubeconfig(clean_env, run_playbook, tmp_path):
    assert run_playbook(play("deploy"), extra_vars=EKS).rc == 0
    scaled = json.loads(json.dumps(EKS))
    scaled["palette_node_pools"][0]["count"] = 3
    clean_env.clear_requests()
    check = run_playbook(play("deploy"), extra_vars=scaled, check=True, diff=True)
    assert check.rc == 0, check
    assert clean_env.writes() == []
    task = task_result(check, "Ensure the cluster matches its declared state")
    assert task["status"] == "changed"

    kubeconfig = tmp_path / "role-eks.kubeconfig"
    final = run_playbook(play("deploy"), extra_vars=dict(EKS, palette_kubeconfig_path=str(kubeconfig)))
    assert final.rc == 0, final
    assert kubeconfig.stat().st_mode & 0o777 == 0o600
    summary = messages(final, "Show the cluster, its endpoint and how to get its kubeconfig")[0]
    assert "Kubeconfig written to %s" % kubeconfig in " ".join(summary)
    assert any(line.startswith("Kubernetes API endpoint: https://") for line in summary)
    assert kubeconfig.read_text() not in final.stdout


def test_deploy_role_timeout_reports_last_state(clean_env, run_playbook):
    clean_env.configure(provision_seconds=300.0)
    result = run_playbook(play("deploy"), extra_vars=dict(EKS, palette_wait_timeout=3))
    assert result.rc != 0
    failure = task_result(result, "Stop waiting when the cluster failed or the wait timed out")
    assert failure["status"] == "failed"
    assert "is not Running and Healthy after" in failure["result"]["msg"]
    assert "last state Provisioning" in failure["result"]["msg"]


def test_prerequisites_gate_stops_with_failing_checks(clean_env, run_playbook, aws_env):
    fixture(aws_env, "gate")
    options = {"palette_cloud_type": "eks", "palette_cloud_account": "aws-demo", "palette_cloud_account_manage": False,
               "palette_region": "us-east-1", "palette_cluster_name": "gate-eks", "palette_ssh_key_name": "no-such-key",
               "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
               "palette_node_pools": EKS["palette_node_pools"]}
    clean_env.clear_requests()
    result = run_playbook(play("prerequisites"), extra_vars=options)
    assert result.rc != 0
    gate = task_result(result, "Stop when a preflight check fails")
    assert gate["status"] == "failed"
    assert "Preflight failed for gate-eks in us-east-1" in gate["result"]["msg"]
    assert "key_pair" in gate["result"]["msg"] and "no-such-key" in gate["result"]["msg"]
    assert clean_env.writes() == []
    lines = messages(result, "Show the preflight checks")[0]
    assert lines[0] == "Preflight for gate-eks in us-east-1: NOT ready"
    assert any(line.startswith("FAIL | key_pair |") for line in lines)

    # report only: the same checks, no stop
    report = run_playbook(play("prerequisites"), extra_vars=dict(options, palette_preflight_gate=False))
    assert report.rc == 0, report

    missing = dict(options, palette_ssh_key_name="gate-keypair",
                   palette_cluster_profiles=[{"name": "eks-infra", "version": "9.9.9"}, {"name": "nope"}])
    result = run_playbook(play("prerequisites"), extra_vars=missing)
    assert result.rc != 0
    msg = task_result(result, "Stop when a cluster profile does not exist")["result"]["msg"]
    assert "Cluster profile(s) not found in Palette: eks-infra, nope" in msg


def test_prerequisites_sts_account_then_rerun_unchanged(clean_env, run_playbook, aws_env):
    options = {"palette_cloud_type": "eks", "palette_cloud_account": "role-sts", "palette_region": "us-east-1",
               "palette_cloud_account_credential_type": "sts", "palette_preflight": False,
               "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}]}
    first = run_playbook(play("prerequisites"), extra_vars=options)
    assert first.rc == 0, first
    status_of = statuses(first)
    assert status_of["Ensure the Palette IAM policies and the trust role in AWS"] == "changed"
    assert status_of["Ensure the Palette cloud account"] == "changed"
    account_msg = messages(first, "Show the cloud account")[0]
    assert account_msg.startswith("Cloud account role-sts (sts, role arn:aws:iam::123456789012:role/SpectroCloudRole): uid ")
    iam = aws_client(aws_env, "iam")
    trust = iam.get_role(RoleName="SpectroCloudRole")["Role"]["AssumeRolePolicyDocument"]
    assert "sts:ExternalId" in json.dumps(trust)
    accounts = clean_env.api("GET", "/v1/cloudaccounts/aws")[1]
    mine = [a for a in accounts["items"] if a["metadata"]["name"] == "role-sts"]
    assert mine[0]["spec"]["credentialType"] == "sts"
    assert mine[0]["spec"]["sts"]["arn"] == "arn:aws:iam::123456789012:role/SpectroCloudRole"

    clean_env.clear_requests()
    second = run_playbook(play("prerequisites"), extra_vars=options)
    assert second.rc == 0, second
    assert changed_tasks(second) == []
    assert clean_env.writes() == []


def test_subnet_tagging_role_present_then_absent(clean_env, run_playbook, aws_env):
    net = fixture(aws_env, "tags")
    options = {"palette_cluster_name": "tagged", "palette_vpc_id": net["vpc_id"], "palette_region": "us-east-1"}
    first = run_playbook(play("subnet_tagging"), extra_vars=options)
    assert first.rc == 0, first
    assert task_result(first, "Tag the VPC's public subnets for the cluster")["status"] == "changed"
    ec2 = aws_client(aws_env, "ec2")

    def tagged():
        subnets = ec2.describe_subnets(Filters=[{"Name": "tag:kubernetes.io/cluster/tagged", "Values": ["shared"]}])
        return sorted(s["SubnetId"] for s in subnets["Subnets"])
    assert tagged() == sorted(s["subnet_id"] for s in net["public_subnets"])
    again = run_playbook(play("subnet_tagging"), extra_vars=options)
    assert changed_tasks(again) == []
    gone = run_playbook(play("subnet_tagging"), extra_vars=dict(options, palette_subnet_tagging_state="absent"))
    assert gone.rc == 0, gone
    assert tagged() == []


def test_delete_role_force_deletes_reports_and_purges_orphans(clean_env, run_playbook):
    assert run_playbook(play("deploy"), extra_vars=EKS).rc == 0
    uid = [c["uid"] for c in clean_env.clusters("role-eks")][0]
    clean_env.mark_stuck(uid)
    clean_env.configure(force_delete_after_seconds=2.0)
    options = {"palette_cluster_name": "role-eks", "palette_region": "us-east-1", "palette_poll_interval": 1,
               "palette_wait_timeout": 60, "palette_force_delete": True, "palette_force_delete_after": 0,
               "palette_purge_orphans": True, "palette_purge_include_volumes": True}
    result = run_playbook(play("delete"), extra_vars=options)
    assert result.rc == 0, result
    progress = messages(result, "Progress")
    assert progress[-1].startswith("role-eks: Deleted (force deleted)")
    report = messages(result, "Show the orphaned-resource report")[0]
    assert report[0].startswith("Orphaned AWS resources of cluster role-eks: ")
    assert any(line.startswith("vpcs (1): vpc-") for line in report[1:])
    assert task_result(result, "Delete the AWS resources the cluster left behind, in dependency order")["status"] == "changed"
    assert [c["state"] for c in clean_env.clusters("role-eks")] == ["Deleted"]

    again = run_playbook(play("delete"), extra_vars=options)
    assert again.rc == 0, again
    assert changed_tasks(again) == []
    assert messages(again, "Show what happens to the cluster") == ["Cluster role-eks does not exist: nothing to delete."]
    assert messages(again, "Show the orphaned-resource report")[0] == ["Orphaned AWS resources of cluster role-eks: 0"]


def test_delete_role_stuck_without_force_times_out_with_hint(clean_env, run_playbook):
    assert run_playbook(play("deploy"), extra_vars=EKS).rc == 0
    uid = [c["uid"] for c in clean_env.clusters("role-eks")][0]
    clean_env.mark_stuck(uid)
    result = run_playbook(play("delete"), extra_vars={"palette_cluster_name": "role-eks", "palette_poll_interval": 1,
                                                      "palette_wait_timeout": 3, "palette_orphan_report": False})
    assert result.rc != 0
    msg = task_result(result, "Stop waiting when the deletion timed out")["result"]["msg"]
    assert "still Deleting" in msg and "palette_force_delete=true" in msg


def test_prerequisites_secret_account_never_shows_the_secret(clean_env, run_playbook):
    secret = "Sup3r-Secret-Role-Test-Value-0042"
    options = {"palette_cloud_type": "aws", "palette_cloud_account": "role-secret", "palette_region": "us-east-1",
               "palette_cloud_account_credential_type": "secret", "palette_preflight": False,
               "palette_cloud_account_access_key": "AKIAROLETEST00000001", "palette_cloud_account_secret_key": secret}
    result = run_playbook(play("prerequisites"), extra_vars=options, verbosity=3)
    assert result.rc == 0, result
    assert task_result(result, "Ensure the Palette cloud account")["status"] == "changed"
    assert task_result(result, "Ensure the Palette IAM policies and the trust role in AWS")["status"] == "skipped"
    assert secret not in result.stdout + result.stderr
    assert secret not in "".join(str(e["result"]) for e in result.results)


def test_prerequisites_checks_before_it_creates_the_role_and_account(clean_env, run_playbook, aws_env):
    """The role's main entry point runs the profile look-up and the preflight before the IAM role and cloud account."""
    options = {"palette_cloud_type": "eks", "palette_cloud_account": "role-first", "palette_region": "us-east-1",
               "palette_cluster_name": "first-eks", "palette_ssh_key_name": "no-such-key",
               "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}]}
    clean_env.clear_requests()
    result = run_playbook(play("prerequisites"), extra_vars=options)
    assert result.rc != 0
    msg = task_result(result, "Stop when a preflight check fails")["result"]["msg"]
    assert "key_pair" in msg and "cloud_account" not in msg  # the account is created after the checks, not a failure
    assert statuses(result).get("Ensure the Palette IAM policies and the trust role in AWS") is None
    assert clean_env.writes() == []
    assert aws_client(aws_env, "iam").list_roles()["Roles"] == []
