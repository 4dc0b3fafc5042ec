#!/usr/bin/env python
"""``make bench``: measure the collection against the local Palette emulator + moto, print a markdown table and
write build/bench-results.json.

The measurements live in tests/bench/bench_suite.py and run through pytest, which gives them the same
moto server, emulator and ansible-playbook runner as the tests (tests/conftest.py), started here for this
run only. The benchmark reports; it never fails because the machine is slow: the exit status is non-zero
only when the benchmark itself breaks (a playbook fails, a fixture cannot start).

    .venv/bin/python tests/bench/run.py [--json PATH] [-k EXPR]
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TARGET_REQUESTS = 4


def _yes(flag):
    return "yes" if flag else "**no**"


def _request_rows(rows):
    out = []
    for row in rows:
        total = row["palette_reads"] + row["palette_writes"]
        lookups = row.get("project_lookups", 0)
        reads_only = row["palette_writes"] == 0 and row["status"] == "ok"
        detail = "%d Palette = %d project lookup + %d on the resource (%d writes), %d AWS" % (
            total, lookups, total - lookups, row["palette_writes"], row["aws_calls"])
        if row["status"] != "ok":
            detail += "; reported %s" % row["status"]
        out.append(("Requests per converged re-run: `%s`" % row["module"], detail,
                    "reads only, <= %d" % TARGET_REQUESTS, _yes(reads_only and total - lookups <= TARGET_REQUESTS)))
    return out


def _info_rows(rows):
    out = []
    for row in rows:
        pages = -(-row["clusters"] // 50)
        if row["details"] == "summary":
            target, met = "1 search per 50 clusters, no per-cluster read", row["requests"] <= pages + 2
        else:
            target, met = "report (per-cluster reads, only when asked for)", True
        plural = "s" if row["clusters"] > 1 else ""
        out.append(("`aws_palette_cluster_info` listing %d cluster%s, details %s" % (row["clusters"], plural,
                                                                                     row["details"]),
                    "%d requests (%d search page%s) in %.1f s" % (row["requests"], row["searches"],
                                                                  "s" if row["searches"] > 1 else "", row["seconds"]),
                    target, _yes(met) if row["details"] == "summary" else "-"))
    return out


def _fleet_rows(fleet):
    if not fleet:
        return []
    out = []
    one = fleet["runs"]["1"] if "1" in fleet["runs"] else fleet["runs"][1]
    for size, run in sorted(fleet["runs"].items(), key=lambda kv: int(kv[0])):
        ratio = run["wall_s"] / one["wall_s"]
        out.append(("Fleet create-and-wait: %s cluster(s), forks %d, one wait task (provisioning %d s each)"
                    % (size, run["forks"], fleet["provision_seconds"]),
                    "%.1f s = **%.2f x** one (creates %.1f s); %d polls = %d search requests; noticed %.1f s after "
                    "the last Running" % (run["wall_s"], ratio, run.get("create_s", 0), run["polls"],
                                          run["wait_searches"], run["detection_delay_s"]),
                    "<= %.1f x one" % fleet["target_ratio"] if int(size) > 1 else "report",
                    _yes(ratio <= fleet["target_ratio"]) if int(size) > 1 else "-"))
    old = fleet["old_pattern"]
    out.append(("Before, for comparison: %d clusters, each fork waits for its own cluster (forks %d)"
                % (old["clusters"], old["forks"]),
                "%.1f s = **%.2f x** one" % (old["wall_s"], fleet["old_ratio"]), "report", "-"))
    rerun = fleet["rerun"]
    out.append(("Converged fleet re-run: %d clusters, forks %d" % (rerun["clusters"], rerun["forks"]),
                "%.1f s (%.2f s per cluster), %d requests, %d writes, %d changed, %d polls"
                % (rerun["wall_s"], rerun["wall_s"] / rerun["clusters"], rerun["requests"], rerun["writes"],
                   rerun["changed"], rerun["polls"]),
                "reads only, 1 poll", _yes(rerun["writes"] == 0 and rerun["changed"] == 0 and rerun["polls"] == 1)))
    return out


def table_rows(results):
    rows = _request_rows(results.get("requests_per_rerun") or [])
    over = results.get("task_overhead")
    if over:
        rows.append(("Task overhead: %s vs one `ansible.builtin.uri` GET" % over["module"],
                     "%.2f s vs %.2f s = **%.2f**" % (over["module_median_s"], over["uri_median_s"], over["ratio"]),
                     "<= %.1f" % over["target_ratio"], _yes(over["ratio"] <= over["target_ratio"])))
    rows += _info_rows(results.get("info") or [])
    rows += _fleet_rows(results.get("fleet"))
    tagging = results.get("subnet_tagging")
    if tagging:
        first, again = tagging["tag"], tagging["tag again"]
        rows.append(("`subnet_tagging`: %d public subnets in one task" % tagging["subnet_count"],
                     "%d AWS calls in %.1f s (%s); re-run %d calls in %.1f s"
                     % (first["aws_calls"], first["seconds"],
                        ", ".join("%s %d" % kv for kv in sorted(first["operations"].items())),
                        again["aws_calls"], again["seconds"]), "report", "-"))
    wait = results.get("wait") or {}
    if "polls_10_minutes" in wait:
        rows.append(("Wait: polls in a 10-minute wait (default settings)",
                     "%d polls; longest pause %.0f s; worst detection delay %.1f s"
                     % (wait["polls_10_minutes"], wait["longest_interval_s"], wait["worst_detection_delay_s"]),
                     "<= %d" % wait["target_polls"], _yes(wait["polls_10_minutes"] <= wait["target_polls"])))
    return rows


def markdown(results):
    lines = ["| Measure | Result | Target | Met |", "|---|---|---|---|"]
    lines += ["| %s | %s | %s | %s |" % row for row in table_rows(results)]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--json", default=str(ROOT / "build" / "bench-results.json"), help="where to write the JSON")
    parser.add_argument("-k", dest="select", help="pytest -k expression: run only some measurements")
    args = parser.parse_args(argv)
    os.chdir(str(ROOT))
    sys.path.insert(0, str(ROOT))
    import pytest

    with tempfile.TemporaryDirectory(prefix="palette-bench-") as tmp:
        parts = os.path.join(tmp, "results.json")
        os.environ["PALETTE_BENCH_OUT"] = parts
        started = time.time()
        pytest_args = [str(HERE / "bench_suite.py"), "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                       "--basetemp", os.path.join(tmp, "pytest")]
        if args.select:
            pytest_args += ["-k", args.select]
        code = pytest.main(pytest_args)
        results = json.loads(Path(parts).read_text()) if os.path.exists(parts) else {}
    results["meta"] = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "seconds": round(time.time() - started, 1),
                       "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
                       "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
                       "pytest_exit": int(code)}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True))
    print("\n## palette.aws benchmark (%s, %d CPUs, load %s)\n" % (
        results["meta"]["date"], results["meta"]["cpus"] or 0,
        ", ".join("%.1f" % x for x in results["meta"]["load_average"] or [])))
    print(markdown(results))
    print("\nJSON: %s" % args.json)
    if code != 0:
        print("\nThe benchmark itself failed (pytest exit %d); see the output above." % code)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
