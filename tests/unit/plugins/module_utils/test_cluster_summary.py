# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_summary: the summary level of aws_palette_cluster_info and the wait_for conditions (pure functions); the
fleet form of the one cluster search body."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import lookup
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_summary as cs


def summary(name, uid, state="Running", health="Healthy", pools=((2, 2),), labels=None):
    return {"metadata": {"name": name, "uid": uid, "labels": labels or {}, "creationTimestamp": "2026-01-01T00:00:00Z"},
            "specSummary": {"cloudConfig": {"cloudType": "eks", "uid": "cfg-" + uid,
                                            "machinePools": [{"size": s, "healthy": h} for s, h in pools]},
                            "cloudAccountMeta": {"name": "acct", "uid": "a1"}, "projectMeta": {"name": "Default"}},
            "status": {"state": state, "health": {"state": health}, "repave": {"state": "Approved"}}}


def view(*args, **kwargs):
    return cs.summary_view(summary(*args, **kwargs), region="us-east-1")


def test_summary_view_sums_pools_and_reads_tags():
    one = view("a", "6650a1b2c3d4e5f60000a001", pools=((2, 1), (1, 1)), labels={"env": "prod", "k": "spectro__tag"})
    assert (one["machines_wanted"], one["machines_ready"]) == (3, 2)
    assert one["tags"] == {"env": "prod", "k": None} and one["region"] == "us-east-1" and one["project"] == "Default"
    assert one["details"] == "summary" and one["cloud_account_name"] == "acct"


def test_selected_filters():
    live, gone = view("a", "6650a1b2c3d4e5f60000a001"), view("b", "6650a1b2c3d4e5f60000a002", state="Deleted")
    assert cs.selected(live) and not cs.selected(gone)
    assert cs.selected(gone, names=["b"]) and cs.selected(gone, states=["Deleted"])
    assert cs.selected(live, uids=["6650a1b2c3d4e5f60000a001"]) and not cs.selected(live, names=["x"])
    assert cs.selected(view("c", "u3", labels={"env": "prod"}), tags={"env": "prod"})
    assert not cs.selected(live, tags={"env": "prod"}) and not cs.selected(live, cloud_types=["aws"])


def test_running_needs_health_and_every_machine():
    not_ready = view("a", "u1", pools=((2, 1),))
    status = cs.wait_status("running", ["a"], [not_ready])
    assert status["pending"] == ["a"] and not status["done"]
    assert status["line"] == "a: Running, health Healthy, machines ready 1/2"
    assert cs.wait_status("running", ["a"], [view("a", "u1")])["done"]
    assert cs.wait_status("running", ["a"], [view("a", "u1", health="UnHealthy")])["pending"] == ["a"]


def test_a_fleet_goes_on_when_one_cluster_stops_and_a_live_namesake_wins():
    views = [view("a", "u1", state="Provisioning", health=None), view("b", "u2", state="Deleting"),
             view("c", "u3", state="Running"), view("c", "u4", state="Deleted")]
    status = cs.wait_status("running", ["a", "b", "c", "d"], views)
    assert status["ready"] == ["c"] and status["pending"] == ["a"]
    assert status["stopped"] == ["b went Deleting", "d does not exist"] and not status["done"]
    assert status["line"] == ("1/4 Running and Healthy with every machine ready; waiting for 1 Provisioning/-; "
                              "stopped: b went Deleting, d does not exist")


def test_deleted_is_done_when_gone_or_deleted():
    status = cs.wait_status("deleted", ["a", "b", "u9"], [view("a", "u1", state="Deleted"),
                                                          view("b", "u2", state="Deleting")])
    assert status["ready"] == ["a", "u9"] and status["pending"] == ["b"] and status["stopped"] == []


def test_search_body_selects_a_fleet_by_names_in_one_filter():
    body = lookup.cluster_search_body(names=["b", "a", "b"])
    names = body["filter"]["filterGroups"][1]["filters"][0]
    assert names["property"] == "clusterName" and names["condition"]["string"]["match"]["values"] == ["a", "b"]
    assert names["condition"]["string"]["ignoreCase"] is False
    assert lookup.cluster_search_body("x") == lookup.cluster_search_body(names=["x"])
    assert len(lookup.cluster_search_body()["filter"]["filterGroups"]) == 1
