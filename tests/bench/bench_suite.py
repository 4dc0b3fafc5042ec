"""The measurements of ``make bench`` (run by tests/bench/run.py through pytest, to reuse tests/conftest.py's
moto + emulator + ansible-playbook fixtures; this file is not collected by ``make test``).

Each test measures one thing and stores it in RESULTS; run.py turns RESULTS into the table and the JSON.
Tests record what they saw and never fail on machine speed; they fail only when a playbook does (then the
benchmark is broken, and run.py reports the crash).

Attribution: the task_timer callback records each task's start and end; a request belongs to the task whose
window holds its time (the emulator's request log and the counting proxy stamp requests with the same
wall clock, the emulator clock offset being 0).
"""

import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reliability"))   # helpers, counting_proxy

from counting_proxy import CountingProxy  # noqa: E402
from helpers import (  # noqa: E402
    FAST,
    REGION,
    aws,
    eks_cluster,
    failures,
    make_kms_key,
    make_vpc,
    play,
    task,
    task_times,
    timer_env,
)
from support import internet_route_table  # noqa: E402

from ansible_collections.palette.aws.plugins.module_utils._api.waiter import poll_cap, wait_for  # noqa: E402

RESULTS = {}
STATE = {}
DEFAULT_PROJECT_UID = "6650a1b2c3d4e5f600000001"
PROVISION_SECONDS = 20.0        # fleet and wait runs: the same emulator provisioning time for every cluster
FLEET = 20


@pytest.fixture(scope="module", autouse=True)
def _write_results():
    yield
    out = os.environ.get("PALETTE_BENCH_OUT")
    if out:
        Path(out).write_text(json.dumps(RESULTS, indent=2, sort_keys=True))


@pytest.fixture(scope="module")
def proxy(moto_server):
    counting = CountingProxy(moto_server).start()
    yield counting
    counting.stop()


def _run(run_playbook, tmp_path, playbook, proxy, label, **kwargs):
    times_file = tmp_path / ("%s-times.jsonl" % label)
    env = timer_env(times_file)
    env["AWS_ENDPOINT_URL"] = proxy.url
    started = time.time()
    result = run_playbook(playbook, env=env, **kwargs)
    wall = time.time() - started
    assert result.rc == 0, failures(result) or result
    return result, task_times(times_file), wall


def _window(times, name):
    entries = [t for t in times if t["task"] == name]
    return min(t["start"] for t in entries), max(t["end"] for t in entries)


# ------------------------------------------------------------------------------------------- requests per re-run
MODULE_RUNS = [
    # (module, options, converge first?)  The second run of a converged module is measured.
    ("cloud_account", {"name": "bench-acct", "credential_type": "secret", "access_key": "AKIABENCHMARK0000001",
                       "secret_key": "bench-secret"}, True),
    ("sts_role", {"include_eks_policy": True}, True),
    ("aws_palette_cluster", eks_cluster("bench", tags={"env": "bench"},
                                        fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web"}]}]),
     True),
    ("node_pool", {"cluster": "bench", "name": "extra", "instance_type": "t3.large", "count": 1,
                   "azs": [REGION + "a"], "wait_sleep": 1}, True),
    ("fargate_profile", {"cluster": "bench", "name": "fp-jobs", "selectors": [{"namespace": "jobs"}]}, True),
    ("kms_secret_encryption", {"cluster": "bench", "kms_key_arn": "{key}"}, True),
    ("subnet_tagging", {"vpc_id": "{vpc}", "cluster_name": "bench"}, True),
    ("aws_palette_cluster_info", {"name": "bench"}, False),
    ("cluster_profile_info", {"name": "eks-infra", "cloud_type": "eks"}, False),
    ("preflight_info", {"cloud_type": "eks", "cluster_name": "bench-next", "cloud_account": "aws-demo",
                        "node_pools": [{"name": "w", "instance_type": "t3.large", "count": 2,
                                        "azs": [REGION + "a"]}]}, False),
    ("orphaned_resources_info", {"cluster_name": "bench-gone"}, False),
    ("orphaned_resources", {"cluster_name": "bench-gone", "state": "absent"}, False),
]


def _fill(options, values):
    return dict((k, values.get(v.strip("{}"), v) if isinstance(v, str) and v.startswith("{") else v)
                for k, v in options.items())


def test_requests_per_converged_rerun(clean_env, moto_server, proxy, run_playbook, tmp_path):
    emu = clean_env
    emu.configure(**FAST)
    values = {"vpc": make_vpc(moto_server)["vpc"], "key": make_kms_key(moto_server)}
    tasks = []
    for module, options, converge in MODULE_RUNS:
        options = _fill(options, values)
        if converge:
            tasks.append(task("converge " + module, module, options))
        tasks.append(task("rerun " + module, module, options))
    result, times, _wall = _run(run_playbook, tmp_path, play(tasks), proxy, "rerun")
    log = emu.requests()
    rows = []
    for module, _options, _converge in MODULE_RUNS:
        start, end = _window(times, "rerun " + module)
        palette = [e for e in log if start <= e["time"] <= end]
        calls = proxy.between(start, end)
        status = result.result("rerun " + module)["status"]
        reads = [e for e in palette if not e["write"]]
        # The project name -> uid lookup is the connection's, once per module run, not a read of the resource.
        lookups = [e for e in reads if e["path"] == "/v1/dashboard/projects/metadata"]
        rows.append({"module": module, "status": status, "palette_reads": len(reads),
                     "project_lookups": len(lookups),
                     "palette_writes": len(palette) - len(reads), "aws_calls": len(calls),
                     "palette_paths": sorted("%s %s" % (e["method"], e["path"]) for e in palette),
                     "aws_operations": sorted("%s:%s" % (c["service"], c["operation"]) for c in calls),
                     "seconds": round(end - start, 2)})
    RESULTS["requests_per_rerun"] = rows
    STATE["cluster_uid"] = result.result("rerun aws_palette_cluster")["result"]["cluster"]["uid"]


# ------------------------------------------------------------------------------------------- task overhead
def test_task_overhead_against_uri(palette_emulator, proxy, run_playbook, tmp_path):
    """A converged aws_palette_cluster task vs one ansible.builtin.uri GET of the same cluster, interleaved."""
    emu = palette_emulator
    uid = STATE["cluster_uid"]
    module = task("module", "aws_palette_cluster", eks_cluster("bench", tags={"env": "bench"},
                  fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web"}]},
                                    {"name": "fp-jobs", "selectors": [{"namespace": "jobs"}]}]))
    uri = task("uri", "ansible.builtin.uri", {"url": "%s/v1/spectroclusters/%s" % (emu.url, uid), "method": "GET",
                                              "headers": {"ApiKey": emu.api_key, "ProjectUid": DEFAULT_PROJECT_UID}})
    rounds = 10
    tasks = [dict(module, name="warm module"), dict(uri, name="warm uri")]
    for i in range(rounds):
        tasks += [dict(module, name="module %d" % i), dict(uri, name="uri %d" % i)]
    result, times, _wall = _run(run_playbook, tmp_path, play(tasks), proxy, "overhead")
    changed = [e["task"] for e in result.results if e["status"] == "changed" and e["task"].startswith("module")]
    duration = dict((t["task"], t["end"] - t["start"]) for t in times)
    module_s = statistics.median(duration["module %d" % i] for i in range(rounds))
    uri_s = statistics.median(duration["uri %d" % i] for i in range(rounds))
    RESULTS["task_overhead"] = {"module": "aws_palette_cluster (converged)", "module_median_s": round(module_s, 3),
                                "uri_median_s": round(uri_s, 3), "ratio": round(module_s / uri_s, 2),
                                "rounds": rounds, "module_changed": changed, "target_ratio": 1.3}


# ------------------------------------------------------------------------------------------- fleet and wait
def _inventory(names):
    line = "%s ansible_connection=local ansible_python_interpreter=" + sys.executable
    return "[fleet]\n" + "\n".join(line % n for n in names) + "\n"


def _fleet_play():
    options = eks_cluster("{{ inventory_hostname }}")
    options.pop("wait_sleep")          # default polling, as users run it
    return [{"name": "fleet", "hosts": "fleet", "gather_facts": False,
             "tasks": [task("deploy", "aws_palette_cluster", options)]}]


def _rfc3339(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def _wait_figures(emu, names, times, log):
    """Per cluster: seconds from Running to the module's return, the poll gap around Running, polls."""
    cfg = emu.emulator.config
    out = []
    for name in names:
        found = [c for c in emu.clusters(name) if c["state"] != "Deleted"]
        if len(found) != 1:
            continue
        running_at = _rfc3339(found[0]["createdAt"]) + cfg.pending_seconds + cfg.provision_seconds
        returned = max(t["end"] for t in times if t["host"] == name)
        polls = sorted(e["time"] for e in log
                       if e["method"] == "GET" and e["path"] == "/v1/spectroclusters/" + found[0]["uid"])
        before = [p for p in polls if p < running_at]
        after = [p for p in polls if p >= running_at]
        gap = (after[0] - before[-1]) if before and after else None
        out.append({"cluster": name, "delay_s": round(returned - running_at, 2), "polls": len(polls),
                    "poll_interval_at_running_s": round(gap, 2) if gap is not None else None})
    return out


def test_fleet_20_vs_1_and_wait_delay(clean_env, proxy, run_playbook, tmp_path):
    emu = clean_env
    emu.configure(**dict(FAST, provision_seconds=PROVISION_SECONDS, machine_provision_seconds=5.0))
    figures = {}
    for label, names in (("one", ["solo-01"]), ("fleet", ["fleet-%02d" % i for i in range(1, FLEET + 1)])):
        emu.clear_requests()
        result, times, wall = _run(run_playbook, tmp_path, _fleet_play(), proxy, label,
                                   inventory=_inventory(names), forks=len(names))
        waits = _wait_figures(emu, names, times, emu.requests())
        figures[label] = {"clusters": len(names), "wall_s": round(wall, 2), "waits": waits,
                          "running": sum(1 for e in result.results if e["result"].get("cluster", {}).get("state")
                                         == "Running")}
    RESULTS["fleet"] = {"provision_seconds": PROVISION_SECONDS, "one": figures["one"], "fleet": figures["fleet"],
                        "ratio": round(figures["fleet"]["wall_s"] / figures["one"]["wall_s"], 2), "target_ratio": 2.5}
    solo = figures["one"]["waits"][0] if figures["one"]["waits"] else {}
    worst = max(figures["fleet"]["waits"], key=lambda w: w["delay_s"]) if figures["fleet"]["waits"] else {}
    RESULTS["wait"] = dict(RESULTS.get("wait", {}), single=solo, fleet_worst=worst)


# ------------------------------------------------------------------------------------------- subnet tagging
def test_subnet_tagging_200_subnets(clean_env, moto_server, proxy, run_playbook, tmp_path):
    ec2 = aws(moto_server, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    _igw, table = internet_route_table(ec2, vpc)
    for i in range(200):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.60.%d.0/24" % i,
                                   AvailabilityZone=REGION + "abc"[i % 3])["Subnet"]["SubnetId"]
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    options = {"vpc_id": vpc, "cluster_name": "bench-200"}
    result, times, _wall = _run(run_playbook, tmp_path, play([task("tag", "subnet_tagging", options),
                                                             task("tag again", "subnet_tagging", options)]),
                                proxy, "tagging")
    rows = {}
    for name in ("tag", "tag again"):
        start, end = _window(times, name)
        calls = proxy.between(start, end)
        ops = {}
        for call in calls:
            ops[call["operation"]] = ops.get(call["operation"], 0) + 1
        rows[name] = {"aws_calls": len(calls), "operations": ops, "seconds": round(end - start, 2),
                      "status": result.result(name)["status"],
                      "subnets": len(result.result(name)["result"].get("subnets") or [])}
    RESULTS["subnet_tagging"] = dict(rows, subnet_count=200)


# ------------------------------------------------------------------------------------------- polls in a long wait
def test_polls_in_a_ten_minute_wait():
    """The real wait_for (module defaults: wait_timeout 3600, no wait_sleep) on a fake clock; the operation
    finishes after 600 s. Also the largest detection delay over operations ending at every second up to 600."""
    def simulate(duration, timeout=3600.0):
        now = [0.0]
        result = wait_for(lambda: "Running" if now[0] >= duration else "Provisioning", lambda v: v == "Running",
                          timeout=timeout, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
        return result

    ten = simulate(600.0)
    worst = max(((simulate(float(d)).elapsed - d), d) for d in range(1, 601))
    RESULTS["wait"] = dict(RESULTS.get("wait", {}), polls_10_minutes=ten.polls, detected_after_s=round(ten.elapsed, 1),
                           longest_interval_s=poll_cap(None, 3600), worst_detection_delay_s=round(worst[0], 1),
                           worst_detection_delay_at_s=worst[1], target_polls=40)
