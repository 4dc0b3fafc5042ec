"""The inventory plugin keeps Palette data as data on every supported ansible-core (issue 12 item 6): a cluster tag
holding a template is never evaluated, neither by ``compose`` nor by a play, on ansible-core 2.16 (the lowest that
meta/runtime.yml claims) and on the newest; ``ansible-inventory --list`` shows every value marked unsafe."""

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from support import create_cluster

REPO = Path(__file__).resolve().parents[2]
EVIL = "{{ lookup('pipe', 'id') }}"


@pytest.fixture(scope="module", params=["core-2.16", "core-newest"])
def core_bin(request):
    """build/venvs/<name> (ansible-core and boto3 only), built by hack/venvs.sh when missing."""
    subprocess.run([str(REPO / "hack" / "venvs.sh"), request.param], check=True, timeout=900)
    return REPO / "build" / "venvs" / request.param / "bin"


def _env(emu, tmp_path):
    env = dict(os.environ)
    env.update({"ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"), "ANSIBLE_HOME": str(tmp_path / "home"),
                "ANSIBLE_LOCAL_TEMP": str(tmp_path / "home" / "tmp"), "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "PYTHONWARNINGS": "ignore:DSA is deprecated",
                "PALETTE_HOST": emu.url, "PALETTE_API_KEY": emu.api_key, "PALETTE_PROJECT": "Default"})
    return env


def _unsafe(value):
    """ansible-inventory --list writes a value marked unsafe as {"__ansible_unsafe": ...}."""
    return isinstance(value, dict) and set(value) == {"__ansible_unsafe"}


def test_tag_holding_a_template_is_never_evaluated(clean_env, core_bin, tmp_path):
    emu = clean_env
    uid, _config = create_cluster(emu, "evil-tags")
    status, out, _h = emu.api("PATCH", "/v1/spectroclusters/%s/metadata" % uid,
                              {"metadata": {"labels": {"evil": EVIL}, "annotations": {}}})
    assert status < 300, out
    emu.advance_clock(30)
    config = tmp_path / "evil.palette_clusters.yml"
    config.write_text(yaml.safe_dump({"plugin": "palette.aws.palette_clusters",
                                      "compose": {"evil_copy": "palette_tags.evil", "ansible_connection": "'local'"}}))
    env = _env(emu, tmp_path)
    listed = subprocess.run([str(core_bin / "ansible-inventory"), "-i", str(config), "--list"], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert listed.returncode == 0, listed.stderr
    host = json.loads(listed.stdout)["_meta"]["hostvars"]["evil-tags"]
    for var in ("palette_cluster_name", "palette_cluster_uid", "palette_state", "palette_tags"):
        assert _unsafe(host[var]) or (isinstance(host[var], dict) and all(_unsafe(v) for v in host[var].values())), \
            (var, host[var])
    assert "uid=" not in listed.stdout
    # host names stay plain strings in the group lists (AWX imports them); a Palette name cannot hold a template
    groups = json.loads(listed.stdout)
    assert all(isinstance(h, str) for g in groups.values() if isinstance(g, dict) for h in g.get("hosts", []))
    assert "evil-tags" in groups["ungrouped"]["hosts"] + groups.get("all", {}).get("hosts", [])

    playbook = tmp_path / "show.yml"
    playbook.write_text(yaml.safe_dump([{"hosts": "all", "gather_facts": False, "tasks": [
        {"name": "Show the tag", "ansible.builtin.debug": {"msg": "TAG[{{ palette_tags.evil }}]"}},
        {"name": "Show the composed copy", "ansible.builtin.debug": {"msg": "COPY[{{ evil_copy }}]"}}]}]))
    shown = subprocess.run([str(core_bin / "ansible-playbook"), "-i", str(config), str(playbook)], env=env,
                           capture_output=True, text=True, timeout=300, check=False)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "TAG[%s]" % EVIL in shown.stdout and "COPY[%s]" % EVIL in shown.stdout
    assert "uid=" not in shown.stdout
