"""Faults: flaky API, lost create answers, killed runs.

- With 30 % of Palette requests answered 429 or 503 (and latency spikes), deploy, day-2 changes and delete
  converge, and a converged re-run changes nothing.
- A create whose answer is lost after Palette committed it (connection dropped, or a gateway 504) leaves
  exactly one object: the module looks it up by name instead of sending the create again.
- A run killed with SIGTERM while it waits for a new cluster is finished by the next run (one cluster).
"""

import os
import signal
import subprocess
import time

from helpers import FAST, clusters_named, eks_cluster, failures, iaas_cluster, play, res, task

from palette_emulator.faults import Faults

# 429 first, then 503 for 17.65 % of the rest: 0.15 + 0.85 * 0.1765 = 30 % of the requests fail.
FLAKY = {"rates": {"429": 0.15, "503": 0.1765}, "retry_after": 0, "spike_rate": 0.1, "spike_ms": 300}
# The emulator draws faults from a seeded RNG, in request order, so the fault pattern is fixed by the seed
# whatever the timing. With this seed the longest run of consecutive faults over the first 4000 requests is
# 5, one less than the client's 6 attempts: the retry budget is used in full but never exceeded, and the
# test is deterministic. (Across seeds, runs of 6+ occur about once per 4000 requests.)
SEED = 1
CLIENT_ATTEMPTS = 6


def longest_fault_run(config, requests=4000):
    faults = Faults()
    faults.set(dict(config, spike_ms=0))
    longest = run = 0
    for _i in range(requests):
        run = run + 1 if faults.before("GET", "/v1/x") else 0
        longest = max(longest, run)
    return longest


def cluster_posts(emu, cloud_type="eks"):
    return [e for e in emu.requests(method="POST") if e["path"] == "/v1/spectroclusters/" + cloud_type]


def test_deploy_day2_delete_converge_under_429_503_and_latency(clean_env, run_playbook):
    emu = clean_env
    emu.configure(**FAST)
    config = dict(FLAKY, seed=SEED)
    assert longest_fault_run(config) < CLIENT_ATTEMPTS
    name = "flaky"
    desired = eks_cluster(name, tags={"env": "dev"},
                          fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web"}]}])
    day2 = eks_cluster(name, tags={"env": "prod"},
                       node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 3, "azs": ["us-east-1a"]}],
                       fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web"}]}])
    pool = {"cluster": name, "name": "batch", "instance_type": "m5.large", "count": 1, "azs": ["us-east-1a"],
            "wait_sleep": 1}
    fargate = {"cluster": name, "name": "fp-jobs", "selectors": [{"namespace": "jobs"}]}
    tasks = [
        task("deploy", "aws_palette_cluster", desired),
        task("deploy again", "aws_palette_cluster", desired),
        task("day-2 cluster", "aws_palette_cluster", day2),
        task("day-2 pool", "node_pool", pool),
        task("day-2 fargate", "fargate_profile", fargate),
        task("day-2 again cluster", "aws_palette_cluster", day2),
        task("day-2 again pool", "node_pool", pool),
        task("day-2 again fargate", "fargate_profile", fargate),
        task("delete", "aws_palette_cluster", {"name": name, "state": "absent", "wait_sleep": 1}),
        task("delete again", "aws_palette_cluster", {"name": name, "state": "absent"}),
    ]
    emu.faults(**config)

    result = run_playbook(play(tasks))

    injected = emu.emulator.faults.state()["injected"]
    emu.clear_faults()
    assert result.rc == 0, failures(result)
    assert result.statuses() == [
        ("deploy", "changed"), ("deploy again", "ok"), ("day-2 cluster", "changed"), ("day-2 pool", "changed"),
        ("day-2 fargate", "changed"), ("day-2 again cluster", "ok"), ("day-2 again pool", "ok"),
        ("day-2 again fargate", "ok"), ("delete", "changed"), ("delete again", "ok")]
    log = emu.requests()
    faulted = [e for e in log if e.get("fault")]
    assert len(faulted) == injected >= 10
    assert 0.2 <= float(len(faulted)) / len(log) <= 0.4, (len(faulted), len(log))
    assert {e["fault"] for e in faulted} == {"injected-429", "injected-503"}
    # faults hit writes too, yet each create was committed exactly once
    assert any(e["fault"] and e["method"] != "GET" for e in faulted)
    assert [e["status"] for e in cluster_posts(emu) if not e.get("fault")] == [201]
    deployed = res(result, "day-2 again cluster")["cluster"]
    assert deployed["tags"] == {"env": "prod"}
    assert sorted(p["name"] for p in deployed["node_pools"]) == ["batch", "workers"]
    assert sorted(p["name"] for p in deployed["fargate_profiles"]) == ["fp-jobs", "fp-web"]
    assert res(result, "delete")["cluster"]["state"] == "Deleted"
    assert clusters_named(emu, name) == []


def test_lost_create_answers_leave_exactly_one_object(clean_env, run_playbook):
    emu = clean_env
    emu.configure(**FAST)
    lose = [{"method": "POST", "path_prefix": "/v1/spectroclusters/eks", "mode": "drop"},
            {"method": "POST", "path_prefix": "/v1/spectroclusters/aws", "mode": "504"},
            {"method": "POST", "path_prefix": "/v1/cloudaccounts/aws", "mode": "drop"},
            {"method": "POST", "path_prefix": "/v1/cloudconfigs/eks/", "mode": "504"}]
    account = {"name": "lost-account", "credential_type": "secret", "access_key": "AKIALOSTANSWER000001",
               "secret_key": "lost-answer-secret"}
    pool = {"cluster": "lost-eks", "name": "extra", "instance_type": "t3.large", "count": 1, "azs": ["us-east-1a"],
            "wait_sleep": 1}
    tasks = [task("eks", "aws_palette_cluster", eks_cluster("lost-eks")),
             task("iaas", "aws_palette_cluster", iaas_cluster("lost-iaas")),
             task("account", "cloud_account", account),
             task("pool", "node_pool", pool)]
    emu.faults(lose=lose)

    result = run_playbook(play(tasks + [dict(t, name=t["name"] + " again") for t in tasks]))

    assert emu.emulator.faults.state()["lost"] == len(lose)
    assert result.rc == 0, failures(result)
    assert [s for _t, s in result.statuses()] == ["changed"] * 4 + ["ok"] * 4
    # one create request each (its answer was lost), one object each
    for cloud_type, name, task_name, mode in (("eks", "lost-eks", "eks", "drop"), ("aws", "lost-iaas", "iaas", "504")):
        assert [(e["status"], e.get("lost")) for e in cluster_posts(emu, cloud_type)] == [(201, mode)]
        assert len(clusters_named(emu, name)) == 1
        assert res(result, task_name)["cluster"]["state"] == "Running"
    account_posts = [e for e in emu.requests(method="POST") if e["path"] == "/v1/cloudaccounts/aws"]
    assert len(account_posts) == 1
    stored = [a for a in emu.emulator.store.accounts.values() if a["metadata"]["name"] == "lost-account"]
    assert len(stored) == 1 and res(result, "account")["cloud_account"]["uid"] == stored[0]["metadata"]["uid"]
    pool_posts = [e for e in emu.requests(method="POST") if e["path"].endswith("/machinePools")]
    assert len(pool_posts) == 1
    assert res(result, "pool again")["node_pool"]["name"] == "extra"


def _kill_when_provisioning(emu, name):
    """A replacement for subprocess.run that SIGTERMs the run once the create was committed.

    run_playbook builds the environment and command line; only the process handling changes: the playbook
    starts in its own session, and once the emulator has answered the create POST (the module is now waiting
    for Provisioning to end) the whole process group - ansible-playbook, its worker and the module - gets
    SIGTERM, as a job runner cancelling the job would do.
    """
    def run(cmd, **kwargs):
        # keyword arguments of subprocess.run that Popen does not take
        timeout = kwargs.pop("timeout", None) or 600
        check = kwargs.pop("check", False)
        kwargs.pop("capture_output", None)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                **kwargs)
        deadline = time.time() + timeout
        while time.time() < deadline and proc.poll() is None and not _waiting(emu, name):
            time.sleep(0.1)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        _wait_group_gone(proc.pid)
        if check and proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, cmd, out, err)
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return run


def _waiting(emu, name):
    """True once the create was committed and the module has polled the new cluster (it is waiting)."""
    created = [e for e in cluster_posts(emu) if e["status"] == 201]
    found = clusters_named(emu, name)
    if not created or [c["state"] for c in found] != ["Provisioning"]:
        return False
    polls = [e for e in emu.requests(method="GET", path_prefix="/v1/spectroclusters/" + found[0]["uid"])
             if e["seq"] > created[0]["seq"]]
    return len(polls) >= 2


def _wait_group_gone(pgid, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(pgid, signal.SIGKILL)
    raise AssertionError("processes of the killed run were still alive %d s after SIGTERM" % timeout)


def test_run_killed_mid_wait_is_finished_by_next_run(clean_env, run_playbook, monkeypatch):
    emu = clean_env
    emu.configure(**dict(FAST, provision_seconds=600))
    name = "killed"
    playbook = play([task("deploy", "aws_palette_cluster", eks_cluster(name))])
    with monkeypatch.context() as patch:
        patch.setattr(subprocess, "run", _kill_when_provisioning(emu, name))
        killed = run_playbook(playbook)
    assert killed.rc != 0 and killed.results == [], killed      # it died before the task ended
    assert [c["state"] for c in clusters_named(emu, name)] == ["Provisioning"]
    emu.configure(provision_seconds=3)

    rerun = run_playbook(playbook)

    assert rerun.rc == 0, failures(rerun)
    assert [c["state"] for c in clusters_named(emu, name)] == ["Running"]
    assert len(cluster_posts(emu)) == 1
    cluster = res(rerun, "deploy")["cluster"]
    assert cluster["state"] == "Running" and cluster["health"] == "Healthy"
    assert cluster["uid"] == clusters_named(emu, name)[0]["uid"]
