"""playbooks/drift_check.yml: check mode + diff, no write, exit status 0 when clean and 2 on drift or error; the
failure is charged to the cluster (host) that drifted, and the report tells drift from error."""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "playbooks" / "deploy_eks.yml"
DRIFT = REPO / "playbooks" / "drift_check.yml"
FAIL_TASK = "Fail the clusters that drifted or could not be checked"


def cluster_vars(name, workers=2, tags=None):
    return {
        "palette_cluster_name": name,
        "palette_cloud_type": "eks",
        "palette_cloud_account": "aws-demo",
        "palette_cloud_account_manage": False,
        "palette_region": "us-east-1",
        "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
        "palette_cluster_tags": tags or {"env": "test"},
        "palette_node_pools": [{"name": "workers", "instance_type": "t3.large", "count": workers,
                                "azs": ["us-east-1a", "us-east-1b"]}],
        "palette_poll_interval": 1,
        "palette_wait_timeout": 120,
    }


def fleet_inventory(names):
    """INI inventory: one cluster per host, its name the host name (the fleet pattern)."""
    lines = ["[drift_fleet]"] + names + [
        "[drift_fleet:vars]",
        "ansible_connection=local",
        "palette_cluster_name={{ inventory_hostname }}",
        "palette_cloud_type=eks",
        "palette_cloud_account=aws-demo",
        "palette_cloud_account_manage=false",
        "palette_region=us-east-1",
        "palette_poll_interval=1",
        "palette_cluster_profiles=[{'name': 'eks-infra', 'version': '1.0.0'}]",
        "palette_cluster_tags={'env': 'test'}",
        "palette_node_pools=[{'name': 'workers', 'instance_type': 't3.large', 'count': 1, 'azs': ['us-east-1a']}]",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def deployed(clean_env, run_playbook):
    result = run_playbook(DEPLOY, extra_vars=cluster_vars("drift-eks"), env={"ANSIBLE_TAGS": "deploy"})
    assert result.rc == 0, result
    return [c["uid"] for c in clean_env.clusters("drift-eks")][0]


def test_clean_cluster_exits_zero_without_writes(deployed, clean_env, run_playbook):
    clean_env.clear_requests()
    result = run_playbook(DRIFT, extra_vars=cluster_vars("drift-eks"))
    assert result.rc == 0, result
    assert clean_env.writes() == []
    shown = [e["result"]["msg"] for e in result.results if e["task"] == "Show the result for each cluster"]
    assert shown == ["drift-eks: in sync"]
    assert FAIL_TASK not in [e["task"] for e in result.results if e["status"] != "skipped"]


def test_out_of_band_change_exits_two_naming_fields_and_writes_nothing(deployed, clean_env, run_playbook):
    cfg = clean_env.object(deployed)["spec"]["cloudConfigRef"]["uid"]
    clean_env.mutate(deployed, {"metadata": {"labels": {"env": "changed-in-the-ui"}}})
    clean_env.mutate_pool(cfg, "workers", {"size": 5, "maxSize": 5})
    clean_env.clear_requests()
    result = run_playbook(DRIFT, extra_vars=cluster_vars("drift-eks"), diff=True)
    assert result.rc == 2, result
    assert clean_env.writes() == []
    failure = result.result(FAIL_TASK)
    assert failure["status"] == "failed"
    assert failure["result"]["msg"].startswith("DRIFT on drift-eks: node_pools, tags. Run the deploy playbook")
    diff_lines = [line.replace(" ", "") for line in result.stdout.splitlines()]  # the --diff shows what drifted
    assert '-"env":"changed-in-the-ui"' in diff_lines and '+"env":"test"' in diff_lines
    assert '-"count":5,' in diff_lines and '+"count":2,' in diff_lines

    fixed = run_playbook(DEPLOY, extra_vars=cluster_vars("drift-eks"), env={"ANSIBLE_TAGS": "deploy"})
    assert fixed.rc == 0, fixed
    assert run_playbook(DRIFT, extra_vars=cluster_vars("drift-eks")).rc == 0


def test_missing_cluster_is_drift(clean_env, run_playbook):
    result = run_playbook(DRIFT, extra_vars=cluster_vars("never-deployed"))
    assert result.rc == 2, result
    assert clean_env.writes() == []
    msg = result.result(FAIL_TASK)["result"]["msg"]
    assert msg.startswith("DRIFT on never-deployed: the cluster does not exist.")


def test_fleet_drift_names_only_the_drifted_cluster(clean_env, run_playbook):
    names = ["fleet-a", "fleet-b", "fleet-c"]
    inventory = fleet_inventory(names)
    deploy = run_playbook(DEPLOY, inventory=inventory, extra_vars={"palette_hosts": "drift_fleet"}, forks=3,
                          env={"ANSIBLE_TAGS": "deploy"})
    assert deploy.rc == 0, deploy
    uid = [c["uid"] for c in clean_env.clusters("fleet-b")][0]
    clean_env.mutate(uid, {"metadata": {"labels": {"env": "prod"}}})
    clean_env.clear_requests()
    result = run_playbook(DRIFT, inventory=inventory, extra_vars={"palette_hosts": "drift_fleet"}, forks=3)
    assert result.rc == 2, result
    assert clean_env.writes() == []
    shown = sorted(e["result"]["msg"] for e in result.results if e["task"] == "Show the result for each cluster")
    assert shown == ["fleet-a: in sync", "fleet-b: DRIFT in tags", "fleet-c: in sync"]
    # the failure is charged to the host that drifted, not to the first host of the play
    failures = dict((e["host"], e["status"]) for e in result.results if e["task"] == FAIL_TASK)
    assert failures == {"fleet-a": "skipped", "fleet-b": "failed", "fleet-c": "skipped"}
    assert result.result(FAIL_TASK, host="fleet-b")["result"]["msg"].startswith("DRIFT on fleet-b: tags.")


def test_report_tells_drift_from_error(clean_env, run_playbook, tmp_path):
    """A cluster that cannot be checked (here: an invalid input) is an error, not a drift; the report file and the
    set_stats record say which cluster is which, and nothing is written to Palette."""
    names = ["fleet-a", "fleet-b", "fleet-c"]
    deploy = run_playbook(DEPLOY, inventory=fleet_inventory(names[:2]), extra_vars={"palette_hosts": "drift_fleet"},
                          forks=2, env={"ANSIBLE_TAGS": "deploy"})
    assert deploy.rc == 0, deploy
    uid = [c["uid"] for c in clean_env.clusters("fleet-b")][0]
    clean_env.mutate(uid, {"metadata": {"labels": {"env": "prod"}}})
    inventory = fleet_inventory(names) + "[drift_fleet]\nfleet-c palette_cloud_type=gke\n"
    report = tmp_path / "drift.json"
    clean_env.clear_requests()
    result = run_playbook(DRIFT, inventory=inventory, forks=3,
                          extra_vars={"palette_hosts": "drift_fleet", "palette_drift_report": str(report)})
    assert result.rc == 2, result
    assert clean_env.writes() == []
    data = json.loads(report.read_text())
    by_cluster = dict((entry["cluster"], entry) for entry in data["clusters"])
    assert [by_cluster[n]["status"] for n in names] == ["in_sync", "drift", "error"]
    assert by_cluster["fleet-b"]["fields"] == ["tags"] and by_cluster["fleet-b"]["error"] is None
    assert "palette_cloud_type" in by_cluster["fleet-c"]["error"] and "gke" in by_cluster["fleet-c"]["error"]
    assert (data["in_sync"], data["drift"], data["error"]) == (1, 1, 1)
    stats = result.result("Record the report (set_stats palette_drift; AWX shows it as the job's artifacts)")
    assert stats["result"]["ansible_stats"]["data"]["palette_drift"]["drift"] == 1
    failures = dict((e["host"], (e["status"], e["result"].get("msg", ""))) for e in result.results
                    if e["task"] == FAIL_TASK)
    assert failures["fleet-a"][0] == "skipped"
    assert failures["fleet-b"][0] == "failed" and failures["fleet-b"][1].startswith("DRIFT on fleet-b: tags.")
    assert failures["fleet-c"][0] == "failed" and failures["fleet-c"][1].startswith("ERROR checking fleet-c (not a drift)")

    # in check mode too (the AWX "Check" job type): the report is a local file, still written; Palette is not touched
    report.unlink()
    checked = run_playbook(DRIFT, inventory=fleet_inventory(names[:1]), check=True,
                           extra_vars={"palette_hosts": "drift_fleet", "palette_drift_report": str(report)})
    assert checked.rc == 0, checked
    assert json.loads(report.read_text())["clusters"][0]["status"] == "in_sync"
    assert clean_env.writes() == []


def test_connection_from_variables_instead_of_environment(deployed, clean_env, run_playbook):
    """palette_host / palette_api_key / palette_project as variables reach every module that talks to Palette."""
    env = {"PALETTE_HOST": "", "PALETTE_API_KEY": "", "PALETTE_PROJECT": ""}
    connection = {"palette_host": clean_env.url, "palette_api_key": clean_env.api_key, "palette_project": "Default"}
    result = run_playbook(DRIFT, extra_vars=dict(cluster_vars("drift-eks"), **connection), env=env)
    assert result.rc == 0, result
    delete = run_playbook(REPO / "playbooks" / "delete_cluster.yml", env=env,
                          extra_vars=dict(connection, palette_cluster_name="drift-eks", palette_poll_interval=1,
                                          palette_region="us-east-1"))
    assert delete.rc == 0, delete
    assert [c["state"] for c in clean_env.clusters("drift-eks")] == ["Deleted"]
    assert clean_env.api_key not in delete.stdout
