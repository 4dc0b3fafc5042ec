"""Helpers for the emulator's own tests."""

import copy
import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "palette_examples"


def example(name):
    return json.loads((EXAMPLES / ("%s.json" % name)).read_text())


def dynamic_eks(name="dyn-eks", azs=("us-east-1a", "us-east-1b")):
    """eks-create.json turned into dynamic placement: no vpcId, no cp-pool, worker pool with azs only."""
    body = example("eks-create")
    body["metadata"]["name"] = name
    cc = body["spec"]["cloudConfig"]
    cc.pop("vpcId")
    cc.pop("encryptionConfig")
    body["spec"]["machinepoolconfig"] = [copy.deepcopy(body["spec"]["machinepoolconfig"][1])]
    pool = body["spec"]["machinepoolconfig"][0]["cloudConfig"]
    pool.pop("subnets")
    pool["azs"] = list(azs)
    body["spec"]["fargateProfiles"] = None
    return body


def create_running(env, body, kind="eks", advance=5):
    status, out, _ignored = env.api("POST", "/v1/spectroclusters/%s" % kind, body)
    assert status == 201, out
    env.advance_clock(advance)
    status, doc, _ignored = env.api("GET", "/v1/spectroclusters/%s" % out["uid"])
    assert doc["status"]["state"] == "Running", doc["status"]
    return out["uid"], doc
