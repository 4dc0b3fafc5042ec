# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api import lookup, paths
from ansible_collections.palette.aws.plugins.module_utils._api.client import PaletteClient
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteLookupError
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.fakes import FakeClient
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.palette_stub import StubPalette, answer

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "fixtures", "palette_examples")


def summary(name, uid, state="Running", created="2026-01-01T00:00:00Z"):
    return {"metadata": {"name": name, "uid": uid, "creationTimestamp": created}, "status": {"state": state}}


def full(uid, state="Running"):
    return {"metadata": {"uid": uid}, "spec": {"cloudType": "eks", "cloudConfigRef": {"uid": "cfg-" + uid}},
            "status": {"state": state} if state else None}


def test_search_body_matches_the_sdk_example():
    with open(os.path.join(EXAMPLES, "cluster-search-by-name.json")) as handle:
        assert lookup.cluster_search_body("eks-demo") == json.load(handle)


def test_find_cluster_by_uid():
    client = FakeClient({"/v1/spectroclusters/c1": full("c1"), "/v1/spectroclusters/c2": full("c2", "Deleted"),
                         "/v1/spectroclusters/c3": full("c3", None)})
    assert lookup.find_cluster(client, uid="c1")["metadata"]["uid"] == "c1"
    assert lookup.find_cluster(client, uid="c2") is None
    assert lookup.find_cluster(client, uid="c2", include_deleted=True)["metadata"]["uid"] == "c2"
    assert lookup.find_cluster(client, uid="c3") is None
    assert lookup.find_cluster(client, uid="nope") is None


def test_find_cluster_by_name_searches_then_gets():
    client = FakeClient({"/v1/spectroclusters/c1": full("c1")},
                        {paths.CLUSTER_SEARCH: [summary("demo", "c1"), summary("demo-2", "c9")]})
    assert lookup.find_cluster(client, name="demo")["metadata"]["uid"] == "c1"
    assert [c[:2] for c in client.calls] == [("POST", paths.CLUSTER_SEARCH), ("GET", "/v1/spectroclusters/c1")]
    assert lookup.find_cluster(client, name="other") is None


def test_find_cluster_by_name_refuses_ambiguity():
    client = FakeClient(lists={paths.CLUSTER_SEARCH: [summary("demo", "c1"), summary("demo", "c2")]})
    with pytest.raises(PaletteLookupError) as info:
        lookup.find_cluster(client, name="demo")
    assert "c1, c2" in str(info.value)


def test_find_cluster_including_deleted_prefers_live_then_newest():
    items = [summary("demo", "old", "Deleted", "2026-01-01"), summary("demo", "new", "Deleted", "2026-02-01")]
    client = FakeClient({"/v1/spectroclusters/new": full("new", "Deleted")}, {paths.CLUSTER_SEARCH: items})
    assert lookup.find_cluster(client, name="demo", include_deleted=True)["metadata"]["uid"] == "new"
    body = client.calls[0][2]
    assert "isDeleted" not in json.dumps(body)


def test_cloud_config_of_a_cluster():
    client = FakeClient({"/v1/cloudconfigs/eks/cfg-c1": {"spec": {"machinePoolConfig": []}}})
    assert lookup.cluster_cloud_config(client, full("c1")) == {"spec": {"machinePoolConfig": []}}
    assert lookup.get_cloud_config(client, "aws", "missing") is None
    assert lookup.cluster_cloud_config(client, {"spec": {}}) is None


ACCOUNTS = [{"metadata": {"name": "prod", "uid": "a1"}}, {"metadata": {"name": "dev", "uid": "a2"}}]


def test_resolve_cloud_account_by_name_or_uid():
    client = FakeClient(lists={paths.AWS_ACCOUNTS: ACCOUNTS})
    assert lookup.resolve_cloud_account(client, "dev") == "a2"
    assert lookup.resolve_cloud_account(client, "a1") == "a1"
    assert lookup.find_cloud_account(client, "none") is None


def test_unknown_cloud_account_lists_names():
    client = FakeClient(lists={paths.AWS_ACCOUNTS: ACCOUNTS})
    with pytest.raises(PaletteLookupError, match="no AWS cloud account named 'staging'.*existing: dev, prod"):
        lookup.resolve_cloud_account(client, "staging")
    # with the option the user typed, the message starts with it
    with pytest.raises(PaletteLookupError, match="^cloud_account: no AWS cloud account named 'staging'"):
        lookup.resolve_cloud_account(client, "staging", option="cloud_account")


def profiles_client():
    items = [{"metadata": {"name": "eks-infra", "uid": "p1"}, "spec": {"cloudType": "eks", "version": "1.0.0"}},
             {"metadata": {"name": "eks-infra", "uid": "p2"}, "spec": {"cloudType": "eks", "version": "1.1.0"}},
             {"metadata": {"name": "aws-infra", "uid": "p3"}, "spec": {"cloudType": "aws", "version": "1.0.0"}},
             {"metadata": {"name": "addons", "uid": "p4"}, "spec": {"cloudType": "all", "version": "2.0.0"}}]
    return FakeClient({paths.PROFILES_METADATA: {"items": items}})


def test_resolve_cluster_profile():
    client = profiles_client()
    assert lookup.resolve_cluster_profile(client, "eks-infra", "1.1.0")["uid"] == "p2"
    assert lookup.resolve_cluster_profile(client, uid="p3")["name"] == "aws-infra"
    assert lookup.resolve_cluster_profile(client, "addons", cloud_type="eks")["uid"] == "p4"
    assert lookup.resolve_cluster_profile(client, "aws-infra") == {
        "uid": "p3", "name": "aws-infra", "version": "1.0.0", "cloud_type": "aws"}


def test_cluster_profile_errors_list_what_exists():
    client = profiles_client()
    with pytest.raises(PaletteLookupError, match=r"'eks-infra' has no version '9.9.9'; existing versions: 1\.0\.0, 1\.1\.0"):
        lookup.resolve_cluster_profile(client, "eks-infra", "9.9.9")
    with pytest.raises(PaletteLookupError, match="2 cluster profiles named 'eks-infra'.*set version"):
        lookup.resolve_cluster_profile(client, "eks-infra")
    with pytest.raises(PaletteLookupError, match="no cluster profile named 'aws-infra' for cloud type eks; "
                                                 "existing: addons, eks-infra"):
        lookup.resolve_cluster_profile(client, "aws-infra", cloud_type="eks")


def test_cluster_profile_errors_name_the_option():
    client = profiles_client()
    cases = [({"name": "nope"}, "cluster_profiles[1].name: no cluster profile named 'nope'"),
             ({"name": "eks-infra", "version": "9.9.9"}, "cluster_profiles[1].version: cluster profile 'eks-infra'"),
             ({"name": "eks-infra"}, "cluster_profiles[1].version: 2 cluster profiles"),
             ({"uid": "p9"}, "cluster_profiles[1].uid: no cluster profile with uid 'p9'")]
    for kwargs, start in cases:
        with pytest.raises(PaletteLookupError) as info:
            lookup.resolve_cluster_profile(client, option="cluster_profiles[1]", **kwargs)
        assert str(info.value).startswith(start), (kwargs, str(info.value))


def test_list_cluster_profiles_filters():
    names = [p["uid"] for p in lookup.list_cluster_profiles(profiles_client(), cloud_type="aws")]
    assert names == ["p3", "p4"]


def test_resolve_project_delegates():
    assert lookup.resolve_project(FakeClient(), "team") == "uid-of-team"


def test_find_cluster_search_is_paginated_over_http():
    stub = StubPalette().start()
    try:
        stub.push(answer(200, {"items": [summary("x", "c0")], "listmeta": {"continue": "next"}}),
                  answer(200, {"items": [summary("demo", "c1")], "listmeta": {"continue": ""}}),
                  answer(200, full("c1")))
        client = PaletteClient(stub.url, "k", sleep=lambda s: None)
        assert lookup.find_cluster(client, name="demo")["metadata"]["uid"] == "c1"
        assert [r.method for r in stub.requests] == ["POST", "POST", "GET"]
        assert stub.requests[1].query["continue"] == ["next"]
    finally:
        stub.stop()
