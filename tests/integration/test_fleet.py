"""The fleet pattern: one cluster per inventory host, tasks on the controller, many clusters in one play."""

import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "playbooks" / "deploy_eks.yml"
FLEET = REPO / "playbooks" / "inventory" / "fleet.yml"
SIZE = 10
WAIT_TASK = "Wait for the clusters of the play to be Running and Healthy, one line per poll"


def fleet_inventory(tmp_path, size=SIZE):
    hosts = {}
    for index in range(size):
        hosts["fleet-%02d" % index] = {"palette_workers": 1 + index % 3,
                                       "palette_cluster_tags": {"team": "t%d" % (index % 4), "env": "test"}}
    inventory = {"all": {
        "vars": {"ansible_connection": "local", "palette_cluster_name": "{{ inventory_hostname }}",
                 "palette_cloud_account": "fleet-sts", "palette_cloud_account_credential_type": "sts",
                 "palette_region": "us-east-1", "palette_poll_interval": 2, "palette_wait_timeout": 300},
        "children": {"eks_fleet": {
            "vars": {"palette_cloud_type": "eks",
                     "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
                     "palette_node_pools": [{"name": "workers", "instance_type": "t3.large",
                                             "count": "{{ palette_workers }}", "azs": ["us-east-1a", "us-east-1b"]}]},
            "hosts": hosts}}}}
    path = tmp_path / "fleet.yml"
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))
    return path


def test_ten_clusters_converge_in_one_play_with_forks_10(clean_env, run_playbook, tmp_path):
    clean_env.configure(provision_seconds=3.0, machine_provision_seconds=1.0)
    inventory = fleet_inventory(tmp_path)
    started = time.monotonic()
    first = run_playbook(DEPLOY, inventory=str(inventory), extra_vars={"palette_hosts": "eks_fleet"}, forks=SIZE)
    elapsed = time.monotonic() - started
    assert first.rc == 0, first
    names = ["fleet-%02d" % i for i in range(SIZE)]
    clusters = dict((c["name"], c) for c in clean_env.clusters() if c["name"].startswith("fleet-"))
    assert sorted(clusters) == names
    assert set(c["state"] for c in clusters.values()) == {"Running"}
    # the shared STS role and cloud account are made once for the whole play (run_once), not once per cluster
    account_posts = [e for e in clean_env.writes("/v1/cloudaccounts/aws") if e["method"] == "POST"]
    assert len(account_posts) == 1
    validated = [e for e in first.results if e["task"].endswith(" : Validate that the cluster is Running and Healthy")]
    assert sorted(e["host"] for e in validated if e["status"] == "ok") == names
    # one wait for the whole fleet (run_once): every poll reads the ten clusters with one search request
    waits = [e for e in first.results if e["task"].endswith(" : " + WAIT_TASK)]
    assert len(waits) == 1, [e["host"] for e in waits]
    wait = waits[0]["result"]["wait"]
    assert wait["done"] is True and sorted(wait["ready"]) == names
    fleet_searches = [e for e in clean_env.requests()
                      if e["path"] == "/v1/dashboard/spectroclusters/search"
                      and len(e["body"]["filter"]["filterGroups"]) > 1
                      and len(e["body"]["filter"]["filterGroups"][1]["filters"][0]["condition"]["string"]["match"]
                              ["values"]) == SIZE]
    assert len(fleet_searches) == wait["polls"]
    lines = [line for line in first.stdout.splitlines() if "palette wait_for running:" in line]
    assert len(lines) == wait["polls"] and "10/10 Running and Healthy" in lines[-1]
    # forks: the clusters are built side by side, not one after the other (one alone takes > 6 s here)
    print("fleet of %d converged in %.1f s" % (SIZE, elapsed))

    clean_env.clear_requests()
    second = run_playbook(DEPLOY, inventory=str(inventory), extra_vars={"palette_hosts": "eks_fleet"}, forks=SIZE)
    assert second.rc == 0, second
    assert [e for e in second.results if e["status"] == "changed"] == []
    assert clean_env.writes() == []


def test_shipped_fleet_inventory(run_playbook):
    check = {"name": "fleet variables", "hosts": "eks_fleet:iaas_fleet", "gather_facts": False, "tasks": [
        {"name": "Show", "ansible.builtin.debug": {
            "msg": "{{ palette_cluster_name }} {{ palette_cloud_type }} {{ palette_node_pools | map(attribute='count') | join(',') }}"}}]}
    result = run_playbook(check, inventory=str(FLEET))
    assert result.rc == 0, result
    shown = sorted(e["result"]["msg"] for e in result.results if e["task"] == "Show")
    assert shown == ["edge-lab aws 1,2", "payments-dev eks 2", "payments-prod eks 4", "search-dev eks 2",
                     "search-prod eks 3"]
