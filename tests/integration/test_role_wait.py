"""Roles deploy and delete: the wait prints one line per poll from one task (issue 14 item 5), and a fleet waits in
one poll loop (issue 15 item 2)."""

import os
import subprocess
import threading
import time
from pathlib import Path

import yaml
from support import create_cluster
from support import play as localhost_play

REPO = Path(__file__).resolve().parents[2]

SEARCH = ("POST", "/v1/dashboard/spectroclusters/search")
WAIT_TASK = "Wait for the clusters of the play to be Running and Healthy, one line per poll"
EKS = {
    "palette_cluster_name": "wait-eks",
    "palette_cloud_type": "eks",
    "palette_cloud_account": "aws-demo",
    "palette_region": "us-east-1",
    "palette_cluster_profiles": [{"name": "eks-infra", "version": "1.0.0"}],
    "palette_node_pools": [{"name": "workers", "instance_type": "t3.large", "count": 2, "azs": ["us-east-1a"]}],
    "palette_poll_interval": 1,
    "palette_wait_timeout": 120,
}


def role_play(role):
    return localhost_play([{"name": "Run the role", "ansible.builtin.import_role": {"name": "palette.aws." + role}}])


def searches(env):
    return [e for e in env.requests() if (e["method"], e["path"]) == SEARCH]


def _finish_after_searches(env, count, timeout=300):
    """Advance the emulator clock past provisioning once the wait has searched ``count`` times (exact on a loaded
    machine: progress is tied to polls, not to wall time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(searches(env)) >= count:
            env.advance_clock(400)
            return
        time.sleep(0.2)


def test_deploy_wait_is_one_task_with_one_line_per_poll(clean_env, run_playbook):
    clean_env.configure(provision_seconds=300.0, machine_provision_seconds=60.0)
    finisher = threading.Thread(target=_finish_after_searches, args=(clean_env, 4), daemon=True)
    finisher.start()
    result = run_playbook(role_play("deploy"), extra_vars=EKS)
    finisher.join(timeout=5)
    assert result.rc == 0, result
    waits = [e for e in result.results if e["task"].endswith(WAIT_TASK)]
    assert len(waits) == 1 and waits[0]["status"] == "ok"
    wait = waits[0]["result"]["wait"]
    assert wait["done"] is True and wait["ready"] == ["wait-eks"] and wait["polls"] >= 2
    lines = [line for line in result.stdout.splitlines() if "palette wait_for running:" in line]
    assert len(lines) == wait["polls"]
    assert lines[0].startswith("[localhost] palette wait_for running: wait-eks: Provisioning")
    assert lines[-1].startswith("[localhost] palette wait_for running: wait-eks: Running, health Healthy, "
                                "machines ready 2/2")
    # the number of task banners does not grow with the polls: one banner per task of the role
    banners = [line for line in result.stdout.splitlines() if line.startswith("TASK [")]
    assert len(banners) == len(set(banners))
    assert sum(1 for line in banners if WAIT_TASK in line) == 1


def test_deploy_wait_failure_is_charged_to_the_cluster(clean_env, run_playbook):
    clean_env.configure(provision_seconds=300.0)
    result = run_playbook(role_play("deploy"), extra_vars=dict(EKS, palette_wait_timeout=3))
    assert result.rc != 0
    stop = "Stop waiting when the cluster failed or the wait timed out"
    failure = [e for e in result.results if e["task"].endswith(stop)]
    assert [e["status"] for e in failure] == ["failed"]
    msg = failure[0]["result"]["msg"]
    assert "wait-eks is not Running and Healthy after" in msg and "last state Provisioning" in msg
    assert "machines ready 0/2" in msg


def test_delete_wait_is_one_task(clean_env, run_playbook):
    assert run_playbook(role_play("deploy"), extra_vars=EKS).rc == 0
    clean_env.configure(delete_seconds=4.0)
    clean_env.clear_requests()
    options = {"palette_cluster_name": "wait-eks", "palette_poll_interval": 1, "palette_wait_timeout": 60,
               "palette_orphan_report": False}
    result = run_playbook(role_play("delete"), extra_vars=options)
    assert result.rc == 0, result
    wait = [e for e in result.results if e["task"].endswith("Wait for the cluster to be Deleted, one line per poll")]
    assert len(wait) == 1 and wait[0]["result"]["wait"]["done"] is True
    polls = wait[0]["result"]["wait"]["polls"]
    lines = [line for line in result.stdout.splitlines() if "palette wait_for deleted:" in line]
    assert len(lines) == polls >= 2 and lines[-1].startswith("[localhost] palette wait_for deleted: wait-eks: Deleted")
    assert len(searches(clean_env)) == polls + 1  # + the delete's own lookup of the cluster by name
    progress = [e["result"]["msg"] for e in result.results if e["task"].endswith(" : Progress")]
    assert len(progress) == 1 and progress[0].startswith("wait-eks: Deleted - ")


def test_wait_lines_on_the_lowest_ansible_core(clean_env, tmp_path):
    """The progress lines come from the action plugin through Display, proxied from the fork: also on ansible-core
    2.16 (requires_ansible's lowest; build/venvs/core-2.16, built by hack/venvs.sh when missing)."""
    subprocess.run([str(REPO / "hack" / "venvs.sh"), "core-2.16"], check=True, timeout=900)
    core = REPO / "build" / "venvs" / "core-2.16" / "bin"
    emu = clean_env
    emu.configure(provision_seconds=5.0)
    names = [create_cluster(emu, name)[0] and name for name in ("old-core-a", "old-core-b")]
    playbook = tmp_path / "wait.yml"
    playbook.write_text(yaml.safe_dump(localhost_play([
        {"name": "Wait", "palette.aws.aws_palette_cluster_info": {"clusters": names, "wait_for": "running",
                                                                  "wait_sleep": 1}, "register": "waited"},
        {"name": "Show", "ansible.builtin.debug": {"msg": "POLLS={{ waited.wait.polls }}"}}])))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(REPO / ".collections"), ANSIBLE_HOME=str(tmp_path / "home"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", PYTHONWARNINGS="ignore:DSA is deprecated",
               PALETTE_HOST=emu.url, PALETTE_API_KEY=emu.api_key, PALETTE_PROJECT="Default")
    proc = subprocess.run([str(core / "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e",
                           "ansible_python_interpreter=%s" % (core / "python"), str(playbook)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    polls = int(proc.stdout.split("POLLS=")[1].split('"')[0])
    lines = [line for line in proc.stdout.splitlines() if "palette wait_for running:" in line]
    assert polls >= 2 and len(lines) == polls
    assert "2/2 Running and Healthy" in lines[-1]
