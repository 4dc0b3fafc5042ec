"""Bad input: every case of bad_inputs.yml fails before any write, with a message naming the option at fault.

The cases run as tasks of two playbooks (ansible-playbook start-up dominates the cost of a case), each task
with ``ignore_errors``. Then, per case: the task failed and its message names the option; for the whole run:
the emulator's request log holds no write, the modules made no AWS call but Describe/Get/List (counted by a
proxy in front of moto), the emulator's objects and moto's state are unchanged.
A wrongly accepted case is also caught by its write (each create case uses its own name, so a write shows
which case let it through).
"""

import copy
import os
import re
from pathlib import Path

import yaml
from counting_proxy import CountingProxy
from helpers import (
    FAST,
    REGION,
    aws,
    aws_snapshot,
    create_cluster_api,
    eks_cluster,
    iaas_cluster,
    make_kms_key,
    make_vpc,
    palette_state,
    play,
    pool_entity,
    snapshot_diff,
    task,
    timer_env,
)

CORPUS = yaml.safe_load((Path(__file__).resolve().parent / "bad_inputs.yml").read_text())
MODULES_DIR = Path(__file__).resolve().parents[2] / "plugins" / "modules"
BASES = {"eks": eks_cluster, "iaas": iaas_cluster}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_corpus_is_big_and_well_formed():
    ids = [case["id"] for case in CORPUS]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    assert {case["module"] for case in CORPUS} == {path.stem for path in MODULES_DIR.glob("*.py")}  # every module
    for case in CORPUS:
        assert set(case) <= {"id", "module", "option", "base", "args", "remove"}, case["id"]
        assert case["option"] and case["module"] and isinstance(case.get("args"), dict), case["id"]


def _fill(value, values):
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], value)
    if isinstance(value, dict):
        return dict((k, _fill(v, values)) for k, v in value.items())
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def case_args(case, values):
    args = {}
    if case.get("base"):
        args = BASES[case["base"]](case["args"].get("name", case["id"]))
        for key in case.get("remove") or []:
            args.pop(key, None)
    args.update(copy.deepcopy(case["args"]))
    if case["module"] in ("aws_palette_cluster", "node_pool"):
        args.setdefault("wait", False)   # a wrongly accepted case must not hold the run up
    return _fill(args, values)


def _setup(emu, moto_url):
    """The objects cases refer to: clusters bi-eks (dynamic), bi-static (in a VPC), bi-iaas; a VPC; KMS keys."""
    emu.configure(**FAST)
    vpc = make_vpc(moto_url)
    subnets = [(REGION + "a", vpc["private"][0]), (REGION + "b", vpc["private"][1])]
    create_cluster_api(emu, "bi-eks", pools=[pool_entity("workers"), pool_entity("batch", size=1)])
    create_cluster_api(emu, "bi-static", vpc_id=vpc["vpc"], pools=[pool_entity("workers", subnets=subnets)])
    create_cluster_api(emu, "bi-iaas", cloud_type="aws")
    create_cluster_api(emu, "bi-victim")      # for cases that would delete a cluster if accepted
    kms = aws(moto_url, "kms")
    disabled = make_kms_key(moto_url)
    kms.disable_key(KeyId=disabled.split("/")[-1])   # moto wants the key id here, not the ARN
    return {"vpc": vpc["vpc"], "public0": vpc["public"][0], "public1": vpc["public"][1],
            "private0": vpc["private"][0], "private1": vpc["private"][1],
            "good_key": make_kms_key(moto_url), "asym_key": make_kms_key(moto_url, spec="RSA_2048"),
            "sign_key": make_kms_key(moto_url, spec="HMAC_256", usage="GENERATE_VERIFY_MAC"),
            "disabled_key": disabled}


def _run_corpus(cases, emu, moto_url, run_playbook):
    only = os.environ.get("BAD_INPUT_IDS")     # debugging: BAD_INPUT_IDS=id1,id2 runs just these cases
    if only:
        cases = [c for c in cases if c["id"] in only.split(",")]
    values = _setup(emu, moto_url)
    tasks = [task(case["id"], case["module"], case_args(case, values), ignore_errors=True) for case in cases]
    aws_before, palette_before = aws_snapshot(moto_url), palette_state(emu)
    emu.clear_requests()

    times = os.environ.get("BAD_INPUT_TIMES")   # debugging: where the time goes
    with CountingProxy(moto_url) as aws_calls:
        env = dict(timer_env(times) if times else {}, AWS_ENDPOINT_URL=aws_calls.url)
        result = run_playbook(play(tasks), env=env)

    problems = []
    for case in cases:
        try:
            entry = result.result(case["id"])
        except KeyError:
            problems.append("%s: no result (playbook stopped?)" % case["id"])
            continue
        msg = str(entry["result"].get("msg", ""))
        if entry["status"] != "failed":
            problems.append("%s: accepted (status %s)" % (case["id"], entry["status"]))
        elif case["option"] not in msg:
            problems.append("%s: message does not name %r: %s" % (case["id"], case["option"], msg))
    writes = [(e["method"], e["path"], e["body"]) for e in emu.writes()]
    if writes:
        problems.append("Palette writes happened: %s" % writes)
    aws_writes = sorted(set("%s:%s" % (c["service"], c["operation"]) for c in aws_calls.writes()))
    if aws_writes:
        problems.append("AWS write calls happened: %s" % aws_writes)
    aws_changes = snapshot_diff(aws_before, aws_snapshot(moto_url))
    if aws_changes:
        problems.append("AWS state changed: %s" % aws_changes)
    if palette_state(emu) != palette_before:
        problems.append("Palette objects changed")
    assert not problems, "\n".join(problems)
    return result


def test_cluster_bad_inputs_fail_before_any_write(clean_env, moto_server, run_playbook):
    cases = [c for c in CORPUS if c["module"] == "aws_palette_cluster"]
    _run_corpus(cases, clean_env, moto_server, run_playbook)


def test_other_modules_bad_inputs_fail_before_any_write(clean_env, moto_server, run_playbook):
    cases = [c for c in CORPUS if c["module"] != "aws_palette_cluster"]
    _run_corpus(cases, clean_env, moto_server, run_playbook)
