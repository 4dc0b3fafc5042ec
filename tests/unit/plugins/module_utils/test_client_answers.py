# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 12 item 2: a read that must return an object never returns "nothing" (fake transport, no server)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import socket
import ssl

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api import answers, lookup, paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.fakes import fake_client, reply

CLUSTER = {"metadata": {"uid": "c1", "name": "demo"}, "spec": {"cloudType": "eks"}, "status": {"state": "Running"}}
TRUNCATED = b'{"metadata": {"uid": "c1", "na'
HTML = ("<html><head><title>200 OK</title></head><body><h1>Sign in to the corporate proxy</h1></body></html>")


@pytest.mark.parametrize("expect", ["object", "resource", "items", "page", "list", answers.object_with("uid")])
def test_an_empty_body_is_an_error_when_a_shape_is_expected(expect):
    client, _transport, _clock = fake_client(reply(200, b""))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/spectroclusters/c1", expect=expect)
    err = info.value
    assert (err.status, err.code, err.method, err.path) == (200, "EmptyResponse", "GET", "/v1/spectroclusters/c1")
    assert "GET /v1/spectroclusters/c1" in str(err) and "empty body" in str(err) and "run again" in str(err)


def test_without_expect_an_empty_answer_is_none_as_before():
    client, _transport, _clock = fake_client(reply(204), reply(200, b""), reply(200, b"  "))
    assert client.put("/v1/x", {"a": 1}) is None
    assert client.delete("/v1/x") is None
    assert client.get("/v1/x") is None


@pytest.mark.parametrize("body, expect, says", [
    ([], "object", "the answer is a JSON list where a JSON object was expected"),
    ({}, "resource", "the answer has no 'metadata'"),
    ({"metadata": None}, "resource", "the answer has no 'metadata'"),
    ({}, "items", "the answer has no 'items' (keys: none)"),
    ({"item": []}, "page", "the answer has no 'items' (keys: item)"),
    ({"items": {}}, "items", "its 'items' is a JSON object"),
    ({"items": [], "listmeta": "x"}, "page", "its 'listmeta' is a string"),
    ({"items": []}, "list", "the answer is a JSON object"),
    (b'"done"', "object", "the answer is a string"),
    ({"name": "x"}, answers.object_with("uid"), "the answer has no 'uid'"),
])
def test_a_wrongly_shaped_answer_is_an_error(body, expect, says):
    client, _transport, _clock = fake_client(reply(200, body))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/y", expect=expect)
    assert info.value.code == "UnexpectedResponse" and says in str(info.value), str(info.value)


@pytest.mark.parametrize("body, expect", [
    ({}, "object"), (CLUSTER, "resource"), ({"items": None}, "items"), ({"items": [1]}, "page"),
    ({"items": [], "listmeta": {"continue": ""}}, "page"), ([], "list"), ({"uid": "u"}, answers.object_with("uid")),
])
def test_well_shaped_answers_pass(body, expect):
    client, _transport, _clock = fake_client(reply(200, body))
    assert client.get("/v1/y", expect=expect) == body


def test_truncated_and_html_answers_are_errors_naming_the_call_even_without_expect():
    client, transport, _clock = fake_client(reply(200, TRUNCATED), reply(200, HTML, {"Content-Type": "text/html"}))
    with pytest.raises(PaletteApiError) as truncated:
        client.get("/v1/spectroclusters/c1")
    with pytest.raises(PaletteApiError) as html:
        client.get("/v1/spectroclusters/c1", expect="object")
    assert truncated.value.code == html.value.code == "InvalidResponse"
    assert "not valid JSON" in str(truncated.value) and '{"metadata"' in str(truncated.value)
    assert "HTML page: 200 OK Sign in to the corporate proxy" in str(html.value) and "<" not in html.value.message
    assert len(transport.sent) == 2  # not retried: a parsed 200 is final


def test_get_object_and_get_items():
    client, _transport, _clock = fake_client(reply(200, CLUSTER), reply(200, {"items": None}), reply(200, {}))
    assert client.get_object("/v1/spectroclusters/c1") == CLUSTER
    assert client.get_items("/v1/dashboard/clusterprofiles/metadata") == []
    with pytest.raises(PaletteApiError, match="no 'items'"):
        client.get_items("/v1/dashboard/clusterprofiles/metadata")


def test_every_page_of_a_pagination_is_checked():
    client, _transport, _clock = fake_client(reply(200, {"items": [1], "listmeta": {"continue": "t"}}), reply(200, b""))
    with pytest.raises(PaletteApiError) as info:
        client.paginate("POST", paths.CLUSTER_SEARCH, body={})
    assert info.value.code == "EmptyResponse" and info.value.path == paths.CLUSTER_SEARCH
    client, _transport, _clock = fake_client(reply(200, {}))
    with pytest.raises(PaletteApiError, match="no 'items'"):
        client.paginate("GET", paths.AWS_ACCOUNTS)
    client, _transport, _clock = fake_client(reply(200, {"machines": None, "listmeta": {}}))
    assert client.paginate("GET", "/v1/m", items_key="machines") == []


def test_a_page_without_listmeta_is_the_last_one():
    client, transport, _clock = fake_client(reply(200, {"items": [1, 2]}))
    assert client.paginate("GET", paths.AWS_ACCOUNTS) == [1, 2] and len(transport.sent) == 1


# -- the lookups never take a broken answer for "absent" ---------------------------------------------------------

@pytest.mark.parametrize("bad", [reply(200, b""), reply(200, TRUNCATED), reply(200, {}), reply(200, [])])
def test_find_cluster_by_uid_raises_on_a_broken_answer(bad):
    client, _transport, _clock = fake_client(bad)
    with pytest.raises(PaletteApiError):
        lookup.find_cluster(client, uid="c1")


def test_find_cluster_by_uid_is_none_only_on_404():
    client, _transport, _clock = fake_client(reply(404, {"code": "ResourceNotFound", "message": "gone"}))
    assert lookup.find_cluster(client, uid="c1") is None


@pytest.mark.parametrize("bad", [reply(200, b""), reply(200, b'{"items": [{"metad'), reply(200, {}),
                                 reply(200, {"items": [{"metadata": {"name": "demo"}}]})])
def test_find_cluster_by_name_raises_when_the_search_answer_is_broken(bad):
    client, _transport, _clock = fake_client(bad)
    with pytest.raises(PaletteApiError) as info:
        lookup.find_cluster(client, name="demo")
    assert info.value.path == paths.CLUSTER_SEARCH


@pytest.mark.parametrize("bad", [reply(200, b""), reply(200, {"item": []})])
def test_cloud_config_and_profiles_reads_raise_on_broken_answers(bad):
    client, _transport, _clock = fake_client(bad, bad)
    with pytest.raises(PaletteApiError):
        lookup.get_cloud_config(client, "eks", "cfg")
    with pytest.raises(PaletteApiError):
        lookup.list_cluster_profiles(client)


def test_project_lookup_needs_an_items_answer():
    client, _transport, _clock = fake_client(reply(200, {}))
    with pytest.raises(PaletteApiError, match="GET /v1/dashboard/projects/metadata"):
        client.resolve_project("Default")


# -- every transport exception becomes a PaletteApiError naming the call and the fix ----------------------------

@pytest.mark.parametrize("exc, code, fix", [
    (ssl.SSLCertVerificationError(1, "certificate verify failed"), "TLSError", "palette_ca_bundle"),
    (ssl.SSLError(1, "wrong version number"), "TLSError", "palette_validate_certs"),
    (socket.gaierror(-2, "Name or service not known"), "ConnectionError", "check palette_host"),
    (ConnectionRefusedError(111, "refused"), "ConnectionError", "Palette is reachable"),
    (OSError(101, "Network is unreachable"), "ConnectionError", "HTTPS_PROXY"),
    (http.client.InvalidURL("nonnumeric port: 'x'"), "InvalidHost", "set palette_host"),
    (ValueError("unknown url type: 'ftp'"), "InvalidHost", "set palette_host"),
    (UnicodeEncodeError("latin-1", u"key\u2013secret", 3, 4, "ordinal not in range"), "InvalidRequest",
     "palette_api_key"),
    (http.client.LineTooLong("header line"), "ConnectionError", "palette_host"),
])
def test_transport_exceptions_name_the_call_and_the_fix(exc, code, fix):
    client, transport, _clock = fake_client(exc)
    with pytest.raises(PaletteConnectionError) as info:
        client.get("/v1/users/info")
    err = info.value
    assert err.code == code and fix in str(err), str(err)
    assert "GET /v1/users/info" in str(err) and "palette.example.com" in str(err)
    assert "secret" not in str(err)  # a header that cannot be encoded is never quoted
    assert len(transport.sent) == 1  # final: not retried


def test_dropped_and_truncated_connections_are_retried_then_named():
    client, transport, clock = fake_client(http.client.IncompleteRead(b"{"), http.client.RemoteDisconnected("x"),
                                           reply(200, CLUSTER))
    assert client.get("/v1/spectroclusters/c1", expect="resource") == CLUSTER
    assert len(transport.sent) == 3 and clock.sleeps == [1.0, 2.0]


def test_a_bad_ca_bundle_is_named(tmp_path):
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate")
    with pytest.raises(PaletteConnectionError) as info:
        fake_client(ca_bundle=str(bad))
    assert info.value.code == "TLSError" and "palette_ca_bundle" in str(info.value) and str(bad) in str(info.value)


# -- deletes and Retry-After through the client -------------------------------------------------------------------

def test_a_retried_delete_answered_404_after_an_ambiguous_attempt_is_a_success():
    gone = reply(404, {"code": "ResourceNotFound", "message": "no such cluster"})
    client, transport, _clock = fake_client(ConnectionResetError(104, "reset"), gone)
    assert client.delete("/v1/spectroclusters/c1") is None
    assert [s.method for s in transport.sent] == ["DELETE", "DELETE"]
    client, _transport, _clock = fake_client(reply(504, b""), gone)
    assert client.delete("/v1/spectroclusters/c1") is None


def test_a_delete_answered_404_at_once_or_after_a_clear_refusal_is_still_not_found():
    gone = reply(404, {"code": "ResourceNotFound", "message": "no such cluster"})
    client, _transport, _clock = fake_client(gone)
    with pytest.raises(PaletteApiError) as info:
        client.delete("/v1/spectroclusters/c1")
    assert info.value.is_not_found
    client, _transport, _clock = fake_client(reply(503, b"busy"), gone)  # 503: not processed, not ambiguous
    with pytest.raises(PaletteApiError) as info:
        client.delete("/v1/spectroclusters/c1")
    assert info.value.is_not_found
    client, _transport, _clock = fake_client(ConnectionResetError(104, "reset"), gone)
    with pytest.raises(PaletteApiError):
        client.get("/v1/spectroclusters/c1")  # only a DELETE is done when the object is gone


def test_a_huge_retry_after_fails_at_once_saying_what_palette_asked():
    client, transport, clock = fake_client(reply(429, {"code": "TooManyRequests"}, {"Retry-After": "86400"}))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert clock.sleeps == [] and len(transport.sent) == 1
    assert "Palette asked to wait 86400 s before another attempt (Retry-After)" in str(info.value)


def test_an_html_error_page_is_reduced_to_its_text():
    page = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    client, transport, _clock = fake_client(*[reply(502, page, {"Content-Type": "text/html"})] * 6)
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert info.value.status == 502 and "HTML page: 502 Bad Gateway nginx" in str(info.value)
    assert "gateway in front of Palette" in str(info.value) and "gave up after 6 attempts" in str(info.value)
    assert len(transport.sent) == 6
