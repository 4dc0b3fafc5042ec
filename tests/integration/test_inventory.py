"""palette.aws.palette_clusters inventory plugin, through ansible-inventory against the Palette emulator."""

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "tests" / "fixtures" / "palette_examples"
BIN = Path(sys.executable).parent


def _body(cloud_type, name, tags):
    """A create body from the reference examples, with dynamic placement (no VPC / subnets)."""
    body = json.loads((EXAMPLES / ("%s-create.json" % cloud_type)).read_text())
    body["metadata"]["name"] = name
    body["metadata"]["labels"] = dict(tags)
    spec = body["spec"]
    spec["cloudConfig"].pop("vpcId", None)
    spec["cloudConfig"]["region"] = "us-east-1"
    spec.pop("fargateProfiles", None)
    spec["cloudConfig"].pop("encryptionConfig", None)
    pools = []
    for pool in spec["machinepoolconfig"]:
        if cloud_type == "eks" and pool["poolConfig"].get("isControlPlane"):
            continue  # the EKS cp-pool exists only for static placement
        pool = copy.deepcopy(pool)
        pool["cloudConfig"].pop("subnets", None)
        pool["cloudConfig"]["azs"] = ["us-east-1a"]
        pools.append(pool)
    spec["machinepoolconfig"] = pools
    return body


# seed.json: the Team-B project has its own cloud account and EKS profile
TEAM_B = {"cloudAccountUid": "6650a1b2c3d4e5f601234568", "profiles": [{"uid": "6650a1b2c3d4e5f60000dddd"}]}


def create_cluster(emu, name, cloud_type="eks", tags=None, project="Default"):
    body = _body(cloud_type, name, tags or {})
    if project == "Team-B":
        body["spec"].update(copy.deepcopy(TEAM_B))
    status, answer, dummy = emu.api("POST", "/v1/spectroclusters/%s" % cloud_type, body, project=project)
    assert status == 201, answer
    return answer["uid"]


def wait_running(emu, uids, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        states = {c["uid"]: c["state"] for c in emu.clusters()}
        if all(states.get(uid) == "Running" for uid in uids):
            return
        time.sleep(0.3)
    raise AssertionError("clusters not Running: %s" % states)


@pytest.fixture
def inventory(tmp_path, clean_env, aws_env):
    """inventory(config_dict, *args, env=None) -> CompletedProcess of ansible-inventory -i <file> args."""
    counter = {"n": 0}

    def run(config, *args, env=None, name="test.palette_clusters.yml", same_file=False):
        # the cache key follows the file's path: same_file=True reuses one path
        counter["n"] += 1
        path = tmp_path / ("shared" if same_file else "run%d" % counter["n"]) / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(dict({"plugin": "palette.aws.palette_clusters"}, **config)))
        run_env = dict(os.environ)
        run_env.update(aws_env)
        run_env.update({
            "PATH": "%s%s%s" % (BIN, os.pathsep, run_env.get("PATH", "")),
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
            "ANSIBLE_HOME": str(tmp_path / "ansible_home"),
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
            "ANSIBLE_NOCOLOR": "1",
            "PALETTE_HOST": clean_env.url,
            "PALETTE_API_KEY": clean_env.api_key,
            "PALETTE_PROJECT": "Default",
        })
        for key, value in (env or {}).items():
            if value is None:
                run_env.pop(key, None)
            else:
                run_env[key] = value
        return subprocess.run([str(BIN / "ansible-inventory"), "-i", str(path)] + list(args), env=run_env,
                              capture_output=True, text=True, timeout=120, check=False)

    return run


def host_vars(proc):
    return hostvars(proc)[0]


def hostvars(proc):
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)

    def plain(value):  # ansible-core 2.19 marks API data as untrusted: {"__ansible_unsafe": ...}
        if isinstance(value, dict):
            if set(value) == {"__ansible_unsafe"}:
                return value["__ansible_unsafe"]
            return dict((k, plain(v)) for k, v in value.items())
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    return plain(data["_meta"]["hostvars"]), data


@pytest.fixture
def fleet(clean_env):
    uids = {
        "pay-prod": create_cluster(clean_env, "pay-prod", "eks", {"team": "pay", "env": "prod"}),
        "pay-dev": create_cluster(clean_env, "pay-dev", "eks", {"team": "pay", "env": "dev"}),
        "edge-lab": create_cluster(clean_env, "edge-lab", "aws", {"team": "edge", "env": "lab"}),
    }
    wait_running(clean_env, list(uids.values()))
    return uids


def test_graph_keyed_groups_and_host_vars(inventory, fleet, clean_env):
    config = {"keyed_groups": [{"key": "palette_cloud_type", "prefix": "palette"},
                               {"key": "palette_tags.env | default('none')", "prefix": "env"}],
              "groups": {"production": "palette_tags.env == 'prod'"},
              "compose": {"ansible_connection": "'local'"}}
    graph = inventory(config, "--graph")
    assert graph.returncode == 0, graph.stderr
    out = graph.stdout
    assert "@palette_eks:" in out and "@palette_aws:" in out
    assert out.index("@palette_aws:") < out.index("edge-lab")
    for group in ("@env_prod:", "@env_dev:", "@env_lab:", "@production:"):
        assert group in out

    hosts, data = hostvars(inventory(config, "--list"))
    assert sorted(hosts) == ["edge-lab", "pay-dev", "pay-prod"]
    assert data["production"]["hosts"] == ["pay-prod"]
    prod = hosts["pay-prod"]
    assert prod["palette_cluster_uid"] == fleet["pay-prod"]
    assert prod["palette_cluster_name"] == "pay-prod"
    assert prod["palette_cloud_type"] == "eks"
    assert prod["palette_state"] == "Running"
    assert prod["palette_health"] == "Healthy"
    assert prod["palette_region"] == "us-east-1"
    assert prod["palette_tags"] == {"team": "pay", "env": "prod"}
    assert prod["palette_project"] == "Default"
    assert prod["palette_cloud_account_uid"]
    assert prod["ansible_connection"] == "local"
    assert hosts["edge-lab"]["palette_cloud_type"] == "aws"
    assert clean_env.api_key not in graph.stdout + json.dumps(data)


def test_filters_states_cloud_types_and_tags(inventory, fleet, clean_env):
    hosts = host_vars(inventory({"cloud_types": ["eks"], "tags": {"team": "pay"}}, "--list"))
    assert sorted(hosts) == ["pay-dev", "pay-prod"]
    hosts = host_vars(inventory({"tags": {"env": "prod", "team": ""}}, "--list"))
    assert sorted(hosts) == ["pay-prod"]

    clean_env.mark_stuck(fleet["pay-dev"])
    status = clean_env.api("DELETE", "/v1/spectroclusters/%s" % fleet["pay-dev"])[0]
    assert status == 204
    hosts = host_vars(inventory({"states": ["Deleting"]}, "--list"))
    assert sorted(hosts) == ["pay-dev"]
    assert hosts["pay-dev"]["palette_state"] == "Deleting"
    hosts = host_vars(inventory({"states": ["Running"], "cloud_types": ["aws"]}, "--list"))
    assert sorted(hosts) == ["edge-lab"]


def test_cache_second_run_makes_no_api_call(inventory, fleet, clean_env, tmp_path):
    cache_dir = tmp_path / "cache"
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir),
              "cache_timeout": 600, "keyed_groups": [{"key": "palette_cloud_type", "prefix": "palette"}]}
    clean_env.clear_requests()
    first = inventory(config, "--graph", same_file=True)
    assert first.returncode == 0, first.stderr
    calls = [(e["method"], e["path"]) for e in clean_env.requests()]
    assert ("POST", "/v1/dashboard/spectroclusters/search") in calls
    assert ("GET", "/v1/dashboard/spectroclusters/meta") in calls
    assert len(calls) <= 4  # project look-up, search, meta: not one call per cluster

    clean_env.clear_requests()
    second = inventory(config, "--graph", same_file=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert clean_env.requests() == []  # served from the cache

    cached = "".join(p.read_text() for p in cache_dir.iterdir())
    assert "pay-prod" in cached and clean_env.api_key not in cached

    refreshed = inventory(config, "--graph", "--flush-cache", same_file=True)
    assert refreshed.returncode == 0, refreshed.stderr
    assert any(e["path"] == "/v1/dashboard/spectroclusters/search" for e in clean_env.requests())


def test_pages_are_followed(inventory, clean_env):
    clean_env.configure(page_size=2)
    uids = [create_cluster(clean_env, "c%d" % i, tags={"batch": "pages"}) for i in range(5)]
    wait_running(clean_env, uids)
    clean_env.clear_requests()
    hosts = host_vars(inventory({}, "--list"))
    assert sorted(hosts) == ["c0", "c1", "c2", "c3", "c4"]
    searches = [e for e in clean_env.requests() if e["path"] == "/v1/dashboard/spectroclusters/search"]
    assert len(searches) == 3


def test_terraform_env_names_and_project_scope(inventory, fleet, clean_env):
    create_cluster(clean_env, "team-b-only", project="Team-B")
    env = {"PALETTE_HOST": None, "PALETTE_API_KEY": None, "PALETTE_PROJECT": None,
           "SPECTROCLOUD_HOST": clean_env.url, "SPECTROCLOUD_APIKEY": clean_env.api_key}
    hosts = host_vars(inventory({"palette_project": "Team-B"}, "--list", env=env))
    assert sorted(hosts) == ["team-b-only"]
    hosts = host_vars(inventory({}, "--list", env=dict(env, PALETTE_PROJECT="Default")))
    assert sorted(hosts) == ["edge-lab", "pay-dev", "pay-prod"]


def test_missing_connection_and_bad_key_fail_clearly(inventory, clean_env):
    proc = inventory({}, "--list", env={"PALETTE_HOST": None})
    assert proc.returncode != 0
    assert "palette_host" in proc.stderr
    proc = inventory({}, "--list", env={"PALETTE_API_KEY": "wrong-key-value"})
    assert proc.returncode != 0
    assert "401" in proc.stderr and "wrong-key-value" not in proc.stderr + proc.stdout


def test_only_files_named_palette_clusters_are_claimed(inventory, clean_env):
    proc = inventory({}, "--list", name="clusters.yml")
    assert proc.returncode != 0  # not our file name: no plugin accepts it


def test_unknown_state_is_refused_naming_it(inventory, clean_env):
    proc = inventory({"states": ["Runing"]}, "--list")
    assert proc.returncode != 0
    assert "states" in proc.stderr and "Runing" in proc.stderr
