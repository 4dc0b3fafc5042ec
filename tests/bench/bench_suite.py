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
    # encryption is chosen at creation (kms_secret_encryption then reports and checks the key in use); the seed
    # account's principal cannot be traced in moto, so the unverifiable key checks are accepted
    ("aws_palette_cluster", dict(eks_cluster("bench", tags={"env": "bench"},
                                             fargate_profiles=[{"name": "fp-web", "selectors": [{"namespace": "web"}]}]),
                                 encryption_kms_key_arn="{key}", accept_unverified_key=True),
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


# ------------------------------------------------------------------------------------------- info at tenant scale
INFO_SIZES = (1, 100, 500)
FULL_SIZES = (1, 100)          # the per-cluster view, for comparison (500 would take minutes by design)
SEARCH_PATH = "/v1/dashboard/spectroclusters/search"


def test_info_on_1_100_500_clusters(clean_env, proxy, run_playbook, tmp_path):
    """aws_palette_cluster_info listing every cluster of the project: summary (the default for lists) and full."""
    emu = clean_env
    rows, made = [], 0
    for size in INFO_SIZES:
        emu.bulk_clusters(size - made, prefix="tenant", start=made + 1)
        made = size
        tasks = [task("summary", "aws_palette_cluster_info", {"details": "summary"})]
        if size in FULL_SIZES:
            tasks.append(task("full", "aws_palette_cluster_info", {"details": "full"}))
        emu.clear_requests()
        result, times, _wall = _run(run_playbook, tmp_path, play(tasks), proxy, "info-%d" % size)
        log = emu.requests()
        for level in ("summary", "full"):
            if level == "full" and size not in FULL_SIZES:
                continue
            start, end = _window(times, level)
            seen = [e for e in log if start <= e["time"] <= end]
            rows.append({"clusters": size, "details": level, "requests": len(seen),
                         "searches": sum(1 for e in seen if e["path"] == SEARCH_PATH),
                         "listed": len(result.result(level)["result"]["clusters"]), "seconds": round(end - start, 2)})
    RESULTS["info"] = rows


# ------------------------------------------------------------------------------------------- fleet and wait
FLEET_SIZES = (1, 20, 50)
FORKS = 10
FLEET_PROVISION_SECONDS = 60.0     # the same for every cluster (real Palette: 15-20 minutes)
OLD_FLEET = 20                     # the pattern before: every fork waits for its own cluster


def _inventory(names):
    line = "%s ansible_connection=local ansible_python_interpreter=" + sys.executable
    return "[fleet]\n" + "\n".join(line % n for n in names) + "\n"


def _fleet_play(one_wait=True):
    """Create every cluster of the play without waiting, then wait for all of them in one task (run_once);
    ``one_wait=False``: the older pattern, each host's task waits for its own cluster."""
    options = eks_cluster("{{ inventory_hostname }}")
    options.pop("wait_sleep")          # default polling, as users run it
    if not one_wait:
        return [{"name": "fleet", "hosts": "fleet", "gather_facts": False,
                 "tasks": [task("deploy", "aws_palette_cluster", options)]}]
    options["wait"] = False
    wait = task("wait", "aws_palette_cluster_info", {"clusters": "{{ ansible_play_batch }}", "wait_for": "running"},
                run_once=True, delegate_to="localhost")
    return [{"name": "fleet", "hosts": "fleet", "gather_facts": False,
             "tasks": [task("deploy", "aws_palette_cluster", options), wait]}]


def _rfc3339(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def _ready_at(emu, names):
    """When the last of ``names`` became Running (creation + pending + provisioning, emulator clock = wall)."""
    cfg = emu.emulator.config
    created = [_rfc3339(c["createdAt"]) for n in names for c in emu.clusters(n) if c["state"] != "Deleted"]
    return max(created) + cfg.pending_seconds + cfg.provision_seconds


def _fleet_run(emu, proxy, run_playbook, tmp_path, names, label, one_wait=True):
    emu.clear_requests()
    result, times, wall = _run(run_playbook, tmp_path, _fleet_play(one_wait), proxy, label,
                               inventory=_inventory(names), forks=FORKS)
    log = emu.requests()
    figure = {"clusters": len(names), "forks": FORKS, "wall_s": round(wall, 2), "requests": len(log),
              "writes": sum(1 for e in log if e["write"]),
              "changed": sum(1 for e in result.results if e["status"] == "changed")}
    start, end = _window(times, "deploy")
    figure["create_s"] = round(end - start, 2)     # every create (or converged check) of the play, forks in parallel
    if one_wait:
        start, end = _window(times, "wait")
        waited = result.result("wait")["result"]["wait"]
        searches = [e for e in log if e["path"] == SEARCH_PATH and start <= e["time"] <= end]
        figure.update(polls=waited["polls"], wait_searches=len(searches),
                      detection_delay_s=round(end - _ready_at(emu, names), 2))
    return figure


def test_fleet_create_and_wait(clean_env, proxy, run_playbook, tmp_path):
    emu = clean_env
    emu.configure(**dict(FAST, provision_seconds=FLEET_PROVISION_SECONDS, machine_provision_seconds=5.0))
    runs = {}
    for size in FLEET_SIZES:
        names = ["fleet%d-%02d" % (size, i) for i in range(1, size + 1)]
        runs[size] = _fleet_run(emu, proxy, run_playbook, tmp_path, names, "fleet-%d" % size)
    big = ["fleet%d-%02d" % (FLEET_SIZES[-1], i) for i in range(1, FLEET_SIZES[-1] + 1)]
    rerun = _fleet_run(emu, proxy, run_playbook, tmp_path, big, "fleet-rerun")
    old_names = ["old-%02d" % i for i in range(1, OLD_FLEET + 1)]
    old = _fleet_run(emu, proxy, run_playbook, tmp_path, old_names, "fleet-old", one_wait=False)
    RESULTS["fleet"] = {"provision_seconds": FLEET_PROVISION_SECONDS, "runs": runs, "rerun": rerun,
                        "old_pattern": old, "target_ratio": 1.5,
                        "ratio": round(runs[FLEET_SIZES[-1]]["wall_s"] / runs[1]["wall_s"], 2),
                        "old_ratio": round(old["wall_s"] / runs[1]["wall_s"], 2)}


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
