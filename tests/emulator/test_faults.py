"""Fault injection: rate-limit/5xx statuses, lost responses after commit; admin routes are exempt."""

import http.client
import json
import urllib.parse

from .helpers import example


def test_injected_429_has_retry_after_and_commits_nothing(clean_env):
    clean_env.faults(script=[429, 503], retry_after=7)
    status, body, hdrs = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 429 and hdrs["Retry-After"] == "7" and body["code"] == "TooManyRequests"
    status, body, hdrs = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    assert status == 503
    assert clean_env.clusters() == []          # nothing committed
    assert clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))[0] == 201
    log = clean_env.requests(path_prefix="/v1/spectroclusters/eks")
    expected = [(429, "injected-429"), (503, "injected-503"), (201, None)]
    assert [(e["status"], e.get("fault")) for e in log] == expected


def test_rates_are_reproducible_and_filtered(clean_env):
    clean_env.faults(rates={"502": 0.5}, seed=42, methods=["GET"])
    statuses = [clean_env.api("GET", "/v1/users/info")[0] for _ignored in range(40)]
    assert 10 < statuses.count(502) < 30 and set(statuses) == {200, 502}
    # POSTs are not matched by this rule
    assert clean_env.api("POST", "/v1/clouds/aws/account/validate",
                         {"accessKey": "a", "secretKey": "b"})[0] == 204
    # admin routes are never faulted
    clean_env.faults(rates={"503": 1.0})
    for _ignored in range(5):
        assert clean_env.admin("GET", "/health")["ok"] is True
    assert clean_env.api("GET", "/v1/users/info")[0] == 503


def test_lost_response_after_commit_drop(clean_env):
    clean_env.faults(lose=[{"method": "POST", "path_prefix": "/v1/spectroclusters/eks", "mode": "drop"}])
    url = urllib.parse.urlsplit(clean_env.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    payload = json.dumps(example("eks-create"))
    conn.request("POST", "/v1/spectroclusters/eks", body=payload,
                 headers={"ApiKey": clean_env.api_key, "ProjectUid": clean_env.project_uid("Default"),
                          "Content-Type": "application/json"})
    try:
        conn.getresponse().read()
        raise AssertionError("expected the connection to be dropped")
    except (http.client.RemoteDisconnected, ConnectionError):
        pass
    # ... but the cluster exists
    assert [c["name"] for c in clean_env.clusters()] == ["eks-demo"]
    assert clean_env.requests()[-1]["lost"] == "drop"
    # the rule was consumed: the next write answers normally (409: the name is taken now)
    assert clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))[0] == 409


def test_lost_response_504_mode(clean_env):
    clean_env.faults(lose=[{"method": "POST", "mode": "504", "count": 1}])
    body = {"metadata": {"name": "acct-x"}, "spec": {"accessKey": "a", "secretKey": "b"}}
    # read-only POSTs do not consume the rule
    assert clean_env.api("POST", "/v1/clouds/aws/account/validate", body["spec"])[0] == 204
    status, out, _ignored = clean_env.api("POST", "/v1/cloudaccounts/aws", body)
    assert status == 504 and out is None
    names = [a["metadata"]["name"] for a in clean_env.api("GET", "/v1/cloudaccounts/aws")[1]["items"]]
    assert "acct-x" in names


def test_latency(clean_env):
    import time
    clean_env.faults(latency_ms=150)
    start = time.monotonic()
    clean_env.api("GET", "/v1/users/info")
    assert time.monotonic() - start >= 0.15
