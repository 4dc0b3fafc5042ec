"""Issue 12 faults: partial / wrongly shaped / HTML answers, the concurrent writer, out-of-band changes, and the
counting proxy's HTML mode for AWS calls."""

import sys
from pathlib import Path

import boto3
import botocore.parsers
import pytest

from .helpers import create_running, example

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from counting_proxy import CountingProxy  # noqa: E402


def _cfg_path(doc):
    return "/v1/cloudconfigs/eks/%s" % doc["spec"]["cloudConfigRef"]["uid"]


def test_empty_truncated_and_shape_answers_are_per_path_and_counted(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    path = _cfg_path(doc)
    clean_env.fault_response(r"^/v1/cloudconfigs/eks/[^/]+$", "empty", method="GET")
    status, body, hdrs = clean_env.api("GET", path)
    assert status == 200 and body is None and hdrs["Content-Length"] == "0"
    assert clean_env.api("GET", path)[1]["spec"]["machinePoolConfig"]          # rule consumed (count 1)
    # other paths are not affected
    clean_env.fault_response(r"^/v1/cloudconfigs/eks/[^/]+$", "truncated", count=2)
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[0] == 200
    for _ignored in range(2):
        status, body, _h = clean_env.api("GET", path)
        assert status == 200 and isinstance(body, bytes) and body.startswith(b'{"')   # not parseable JSON
    assert isinstance(clean_env.api("GET", path)[1], dict)
    clean_env.fault_response("/dashboard/spectroclusters/search$", "shape", body=[])
    assert clean_env.api("POST", "/v1/dashboard/spectroclusters/search", {})[1] == []
    state = clean_env.admin("GET", "/faults")
    assert state["mangled"] == 1 and state["pendingResponses"] == []
    log = clean_env.requests()
    assert [e.get("fault") for e in log[-1:]] == ["response-shape"]


def test_create_answer_without_uid_is_committed(clean_env):
    clean_env.fault_response("^/v1/spectroclusters/eks$", "shape", method="POST", status=201, body={})
    status, body, _h = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 201 and body == {}
    assert [c["name"] for c in clean_env.clusters()] == ["eks-demo"]            # but the cluster exists


def test_html_error_page_is_not_processed(clean_env):
    clean_env.fault_response("^/v1/spectroclusters/eks$", "html", method="POST")
    status, body, hdrs = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 502 and hdrs["Content-Type"] == "text/html" and b"<html>" in body
    assert clean_env.clusters() == []
    assert clean_env.requests()[-1]["fault"] == "html-502"


def test_unknown_fault_kind_is_refused(clean_env):
    status, body, _h = clean_env._http("PUT", "/_emulator/faults", {"responses": [{"path_regex": "x", "kind": "odd"}]})
    assert status == 400 and "kind" in body["message"]


def test_concurrent_writer_changes_the_object_before_the_write(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    other = {"name": "fp-other", "selectors": [{"namespace": "other"}]}
    clean_env.concurrent_writer("/fargateProfiles$", [{"fargate": {"config_uid": cfg, "add": [other]}}], method="PUT")
    read = clean_env.api("GET", _cfg_path(doc))[1]["spec"]["fargateProfiles"]      # reads are not matched
    assert [p["name"] for p in read] == ["fp-web"]
    mine = read + [{"name": "fp-mine", "selectors": [{"namespace": "mine"}]}]
    assert clean_env.api("PUT", _cfg_path(doc) + "/fargateProfiles", {"fargateProfiles": mine})[0] == 204
    # the other writer's profile came first and was overwritten by this full-list PUT: a lost update
    after = [p["name"] for p in clean_env.api("GET", _cfg_path(doc))[1]["spec"]["fargateProfiles"]]
    assert after == ["fp-web", "fp-mine"]
    entry = clean_env.requests(method="PUT")[-1]
    assert entry["fault"] == "concurrent" and clean_env.admin("GET", "/faults")["concurrentApplied"] == 1


def test_concurrent_writer_after_a_read_and_skip(clean_env):
    uid, _doc = create_running(clean_env, example("eks-create"))
    path = "/v1/spectroclusters/%s" % uid
    clean_env.concurrent_writer("^%s$" % path, [{"tags": {"uid": uid, "set": {"other": "1"}}}], method="GET",
                                when="after", skip=1)
    assert "other" not in clean_env.api("GET", path)[1]["metadata"]["labels"]      # skipped
    assert "other" not in clean_env.api("GET", path)[1]["metadata"]["labels"]      # answered, then changed
    assert clean_env.api("GET", path)[1]["metadata"]["labels"]["other"] == "1"     # the re-read sees it
    assert [e.get("fault") for e in clean_env.requests(method="GET")[-3:]] == [None, "concurrent", None]
    clean_env.fault_response("^%s$" % path, "empty", skip=1)
    assert clean_env.api("GET", path)[1]["metadata"]
    assert clean_env.api("GET", path)[1] is None


def test_concurrent_tag_and_pool_changes(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    clean_env.concurrent_writer("/metadata$", [{"tags": {"uid": uid, "set": {"team": "b"}, "remove": ["owner"]}},
                                               {"patch_pool": {"config_uid": cfg, "name": "worker-pool",
                                                               "patch": {"additionalLabels": {"x": "y"}}}}])
    labels = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["metadata"]["labels"]
    assert labels == {"env": "dev", "owner": "platform"}
    body = {"metadata": {"labels": dict(labels, mine="1")}}
    assert clean_env.api("PATCH", "/v1/spectroclusters/%s/metadata" % uid, body)[0] == 204
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["metadata"]["labels"] == dict(labels, mine="1")
    pool = {p["name"]: p for p in clean_env.api("GET", _cfg_path(doc))[1]["spec"]["machinePoolConfig"]}
    assert pool["worker-pool"]["additionalLabels"] == {"workload": "general", "x": "y"}      # merge patch
    # the same changes are available directly (admin), e.g. to set up drift
    clean_env.change({"tags": {"uid": uid, "set": {"now": "1"}}})
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["metadata"]["labels"]["now"] == "1"


def test_duplicate_cluster_name_in_the_project_is_409(clean_env):
    create_running(clean_env, example("eks-create"))
    status, body, _h = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 409 and body["code"] == "ClusterNameAlreadyExists"
    # another project may use the name
    body = example("eks-create")
    body["spec"]["cloudAccountUid"] = "6650a1b2c3d4e5f601234568"
    body["spec"]["profiles"] = [{"uid": "6650a1b2c3d4e5f60000dddd"}]
    assert clean_env.api("POST", "/v1/spectroclusters/eks", body, project="Team-B")[0] == 201


@pytest.mark.parametrize("status", [502, 200])
def test_counting_proxy_answers_a_chosen_call_with_html(moto_server, status):
    with CountingProxy(moto_server) as proxy:
        proxy.answer_html("DescribeVpcs", status=status, count=1)
        ec2 = boto3.client("ec2", region_name="us-east-1", endpoint_url=proxy.url, aws_access_key_id="testing",
                           aws_secret_access_key="testing")
        with pytest.raises(botocore.parsers.ResponseParserError):
            ec2.describe_vpcs()
        assert "Vpcs" in ec2.describe_vpcs()                      # count consumed: forwarded again
        ec2.describe_subnets()                                    # other calls always forwarded
        assert [(c["operation"], c.get("fault")) for c in proxy.calls] == [
            ("DescribeVpcs", "html"), ("DescribeVpcs", None), ("DescribeSubnets", None)]
