# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient, base_url
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.http_errors import error_from_response, parse_retry_after
from ansible_collections.palette.aws.plugins.module_utils._api.retry import RetryPolicy
from ansible_collections.palette.aws.plugins.module_utils._version import COLLECTION_VERSION
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.palette_stub import (
    DROP,
    Hang,
    StubPalette,
    answer,
)

KEY = "s3cr3t-api-key"
PROJECTS = {"items": [{"metadata": {"name": "Default", "uid": "p-default"}},
                      {"metadata": {"name": "team-a", "uid": "p-team-a"}}]}


@pytest.fixture
def stub():
    server = StubPalette().start()
    yield server
    server.stop()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(stub, sleeps):
    # rand=1: the backoff is its ceiling, so sleeps are predictable.
    return PaletteClient(stub.url, KEY, sleep=sleeps.append, retry_policy=RetryPolicy(rand=lambda: 1.0))


def test_base_url_forms():
    assert base_url("api.spectrocloud.com") == "https://api.spectrocloud.com"
    assert base_url("https://palette.example.com/") == "https://palette.example.com"
    assert base_url("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080"


def test_get_sends_key_agent_and_parses_json(stub, client):
    stub.push(answer(200, {"uid": "c1"}))
    assert client.get("/v1/spectroclusters/c1", query={"includeTags": True}) == {"uid": "c1"}
    seen = stub.requests[0]
    assert seen.headers["ApiKey"] == KEY
    assert seen.headers["User-Agent"].startswith("palette.aws/%s" % COLLECTION_VERSION)
    assert seen.headers["Accept"] == "application/json"
    assert "ProjectUid" not in seen.headers
    assert seen.query == {"includeTags": ["true"]}
    assert client.request_count == 1


def test_post_sends_json_body_and_204_is_none(stub, client):
    stub.push(answer(204))
    assert client.put("/v1/cloudconfigs/eks/cfg/clusterConfig", {"clusterConfig": {"a": 1}}) is None
    seen = stub.requests[0]
    assert seen.method == "PUT"
    assert seen.body == {"clusterConfig": {"a": 1}}
    assert seen.headers["Content-Type"] == "application/json"


def test_empty_200_body_is_none(stub, client):
    stub.push(answer(200, ""))
    assert client.delete("/v1/spectroclusters/x") is None


def test_download_returns_bytes(stub, client):
    stub.push(answer(200, "apiVersion: v1\nkind: Config\n", {"Content-Type": "application/octet-stream"}))
    assert client.download("/v1/spectroclusters/c1/assets/kubeconfig") == b"apiVersion: v1\nkind: Config\n"


def test_json_error_carries_status_code_message_ref(stub, client):
    stub.push(answer(400, {"code": "InvalidRequest", "message": "bad size", "ref": "r-42"}))
    with pytest.raises(PaletteApiError) as info:
        client.put("/v1/cloudconfigs/eks/cfg/machinePools/p1", {"x": 1})
    err = info.value
    assert (err.status, err.code, err.message, err.ref) == (400, "InvalidRequest", "bad size", "r-42")
    assert (err.method, err.path) == ("PUT", "/v1/cloudconfigs/eks/cfg/machinePools/p1")
    assert str(err) == "Palette API PUT /v1/cloudconfigs/eks/cfg/machinePools/p1 failed (400 InvalidRequest): bad size [ref r-42]"
    assert not err.is_not_found
    assert len(stub.requests) == 1  # 4xx is never retried


def test_not_found_by_status_or_code(stub, client):
    stub.push(answer(404, "gone"), answer(400, {"code": "ResourceNotFound", "message": "no such pool"}))
    with pytest.raises(PaletteApiError) as first:
        client.get("/v1/x")
    with pytest.raises(PaletteApiError) as second:
        client.get("/v1/y")
    assert first.value.is_not_found and second.value.is_not_found


def test_non_json_error_uses_reason_phrase(stub, client):
    stub.push(answer(500, "<html>upstream exploded</html>"))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/x")
    assert info.value.code == "Internal Server Error"
    assert "upstream exploded" in info.value.message
    assert len(stub.requests) == 1  # 500 is not retried


def test_401_hints_at_api_key(stub, client):
    stub.push(answer(401, {"code": "Unauthorized", "message": "invalid token"}))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert "palette_api_key" in str(info.value) and "PALETTE_API_KEY" in str(info.value)


def test_429_honours_retry_after(stub, client, sleeps):
    stub.push(answer(429, {"code": "TooManyRequests"}, {"Retry-After": "3"}), answer(200, {"ok": True}))
    assert client.get("/v1/x") == {"ok": True}
    assert sleeps == [3.0]


def test_503_is_retried_with_backoff(stub, client, sleeps):
    stub.push(answer(503, "busy"), answer(503, "busy"), answer(200, {"ok": 1}))
    assert client.get("/v1/x") == {"ok": 1}
    assert sleeps == [1.0, 2.0]
    assert client.request_count == 3


def test_attempts_are_bounded(stub, client, sleeps):
    stub.routes[("GET", "/v1/x")] = answer(503, "busy")
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/x")
    assert info.value.status == 503
    assert len(stub.requests) == 6 and len(sleeps) == 5


def test_create_is_not_retried_on_502(stub, client):
    stub.push(answer(502, "bad gateway"), answer(201, {"uid": "dup"}))
    with pytest.raises(PaletteApiError) as info:
        client.post("/v1/spectroclusters/eks", {"metadata": {"name": "a"}})
    assert info.value.status == 502 and len(stub.requests) == 1


def test_create_is_retried_on_503_and_read_only_post_on_502(stub, client):
    stub.push(answer(503, "busy"), answer(201, {"uid": "c1"}))
    assert client.post("/v1/spectroclusters/eks", {}) == {"uid": "c1"}
    stub.push(answer(502, "bad gateway"), answer(200, {"items": []}))
    assert client.post("/v1/dashboard/spectroclusters/search", {}, idempotent=True) == {"items": []}
    assert len(stub.requests) == 4


def test_dropped_connection_retries_reads_not_creates(stub, client):
    stub.push(DROP, answer(200, {"ok": 1}))
    assert client.get("/v1/x") == {"ok": 1}
    stub.push(DROP, answer(201, {"uid": "dup"}))
    with pytest.raises(PaletteConnectionError) as info:
        client.post("/v1/spectroclusters/eks", {})
    assert info.value.status == 0 and info.value.ambiguous
    assert len(stub.requests) == 3


def test_timeout_is_a_connection_error_naming_the_host(stub):
    fast = PaletteClient(stub.url, KEY, timeout=0.3, sleep=lambda s: None,
                         retry_policy=RetryPolicy(max_attempts=2))
    stub.push(Hang(1.5), Hang(1.5))
    with pytest.raises(PaletteConnectionError) as info:
        fast.get("/v1/x")
    assert info.value.code == "Timeout"
    assert "127.0.0.1" in info.value.message
    assert fast.request_count == 2


def test_connection_refused_fails_fast():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    dead = PaletteClient("http://127.0.0.1:%d" % port, KEY, sleep=lambda s: pytest.fail("retried"))
    with pytest.raises(PaletteConnectionError) as info:
        dead.get("/v1/x")
    assert "127.0.0.1:%d" % port in str(info.value)
    assert dead.request_count == 1


def test_pagination_follows_continue(stub, client):
    stub.push(answer(200, {"items": [1, 2], "listmeta": {"continue": "t1"}}),
              answer(200, {"items": [3], "listmeta": {"continue": "t2"}}),
              answer(200, {"items": None, "listmeta": {"continue": ""}}))
    assert client.paginate("POST", "/v1/dashboard/spectroclusters/search", body={"f": 1}, limit=2) == [1, 2, 3]
    assert [r.query.get("continue") for r in stub.requests] == [None, ["t1"], ["t2"]]
    assert all(r.body == {"f": 1} and r.query["limit"] == ["2"] for r in stub.requests)


def test_pagination_stops_on_a_repeated_token(stub, client):
    stub.routes[("GET", "/v1/cloudaccounts/aws")] = answer(200, {"items": [1], "listmeta": {"continue": "same"}})
    with pytest.raises(PaletteApiError, match="twice"):
        client.paginate("GET", "/v1/cloudaccounts/aws")


def test_project_name_resolves_to_uid_and_scopes_later_calls(stub, sleeps):
    stub.routes[("GET", "/v1/dashboard/projects/metadata")] = answer(200, PROJECTS)
    stub.routes[("GET", "/v1/users/info")] = answer(200, {})
    scoped = PaletteClient(stub.url, KEY, project="team-a", sleep=sleeps.append)
    scoped.get("/v1/users/info")
    scoped.get("/v1/users/info")
    lookup, first, second = stub.requests
    assert lookup.path == "/v1/dashboard/projects/metadata" and "ProjectUid" not in lookup.headers
    assert first.headers["ProjectUid"] == second.headers["ProjectUid"] == "p-team-a"
    assert scoped.project_uid == "p-team-a"


def test_project_uid_is_accepted_and_unknown_project_lists_names(stub, client):
    stub.routes[("GET", "/v1/dashboard/projects/metadata")] = answer(200, PROJECTS)
    assert client.resolve_project("p-default") == "p-default"
    with pytest.raises(PaletteLookupError) as info:
        client.resolve_project("nope")
    assert "Default, team-a" in str(info.value)


def test_retry_after_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("garbage") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412490.0) == 0.0


def test_error_from_response_with_empty_body():
    err = error_from_response("GET", "/v1/x", 503, {}, b"")
    assert err.code == "Service Unavailable" and err.message == "Service Unavailable"


def test_examples_error_fixture_shape():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "palette_examples", "error.json")
    body = open(path, "rb").read()
    err = error_from_response("DELETE", "/v1/spectroclusters/u", 404, {}, body)
    assert err.is_not_found and err.ref == json.loads(body)["ref"]


# -- against the Palette emulator (tests/palette_emulator, fixtures in tests/conftest.py) -----------

def account_body(name):
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "palette_examples",
                        "cloudaccount-aws-secret.json")
    with open(path) as handle:
        body = json.load(handle)
    body["metadata"]["name"] = name
    return body


def emulator_client(emu, project="Default", sleeps=None, **kwargs):
    sleep = sleeps.append if sleeps is not None else (lambda s: None)
    return PaletteClient(emu.url, emu.api_key, project=project, sleep=sleep, **kwargs)


def test_emulator_wrong_key_is_401_with_a_hint(clean_env):
    with pytest.raises(PaletteApiError) as info:
        PaletteClient(clean_env.url, "wrong-key", sleep=lambda s: None).get("/v1/users/info")
    assert info.value.status == 401 and "PALETTE_API_KEY" in str(info.value)


def test_emulator_project_name_scopes_calls(clean_env):
    client = emulator_client(clean_env, project="Team-B")
    names = [a["metadata"]["name"] for a in client.paginate("GET", "/v1/cloudaccounts/aws")]
    assert client.project_uid == clean_env.project_uid("Team-B")
    assert names == ["aws-team-b"]
    with pytest.raises(PaletteLookupError, match="Default, Team-B"):
        emulator_client(clean_env, project="Team-C").get("/v1/cloudaccounts/aws")


def test_emulator_pagination(clean_env):
    client = emulator_client(clean_env)
    for name in ("extra-1", "extra-2"):
        client.post("/v1/cloudaccounts/aws", account_body(name))
    clean_env.configure(page_size=1)
    clean_env.clear_requests()
    names = [a["metadata"]["name"] for a in client.paginate("GET", "/v1/cloudaccounts/aws")]
    assert names == ["aws-demo", "extra-1", "extra-2"]
    assert len(clean_env.requests(path_prefix="/v1/cloudaccounts/aws")) == 3


def test_emulator_retry_after_on_injected_429(clean_env):
    sleeps = []
    client = emulator_client(clean_env, sleeps=sleeps)
    client.resolve_project("Default")
    clean_env.faults(script=[429, 503], retry_after=2)
    assert client.get("/v1/cloudaccounts/aws")["items"]
    assert sleeps[0] == 2.0 and len(sleeps) == 2


def test_emulator_lost_create_is_adopted_not_duplicated(clean_env):
    from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cloud_account
    from ansible_collections.palette.aws.plugins.module_utils._api.retry import create_once

    client = emulator_client(clean_env)
    client.resolve_project("Default")
    clean_env.faults(lose=[{"method": "POST", "path_prefix": "/v1/cloudaccounts/aws", "mode": "drop", "count": 1}])

    def find():
        account = find_cloud_account(client, "lost-answer")
        return account and account["metadata"]["uid"]

    outcome = create_once(lambda: client.post("/v1/cloudaccounts/aws", account_body("lost-answer"))["uid"],
                          find, client.retry_policy, client.sleep)
    assert outcome.adopted and outcome.attempts == 1
    posts = [e for e in clean_env.requests(method="POST") if e["path"] == "/v1/cloudaccounts/aws"]
    assert len(posts) == 1
