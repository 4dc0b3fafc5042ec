# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cluster facts from the dashboard search summaries alone (no per-cluster request), and the wait conditions
that ``aws_palette_cluster_info`` checks on them (``wait_for``). Pure: no I/O.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.palette.aws.plugins.module_utils._specs.cluster import labels_to_tags, tags_to_labels

CLOUD_TYPES = ("eks", "aws")
_UID = re.compile(r"^[0-9a-f]{24}$")

# wait_for conditions: states from which a cluster will not reach the condition (stop waiting at once)
WAIT_CONDITIONS = {
    "running": "Running and Healthy with every machine ready",
    "deleted": "Deleted",
}
_NO_WAY_BACK = {"running": ("Deleting", "Deleted", "Failed", "Error")}


def looks_like_uid(value):
    return bool(_UID.match(value or ""))


def _get(doc, *keys):
    for key in keys:
        doc = (doc or {}).get(key)
    return doc


def summary_view(summary, region=None):
    """The ``summary`` level of a cluster in the ``aws_palette_cluster_info`` result."""
    cloud_config = _get(summary, "specSummary", "cloudConfig") or {}
    pools = cloud_config.get("machinePools") or []
    return {
        "uid": _get(summary, "metadata", "uid"),
        "name": _get(summary, "metadata", "name"),
        "cloud_type": cloud_config.get("cloudType"),
        "state": _get(summary, "status", "state"),
        "health": _get(summary, "status", "health", "state") or None,
        "region": region,
        "tags": labels_to_tags(_get(summary, "metadata", "labels")),
        "cloud_account_uid": _get(summary, "specSummary", "cloudAccountMeta", "uid") or None,
        "cloud_account_name": _get(summary, "specSummary", "cloudAccountMeta", "name") or None,
        "cloud_config_uid": cloud_config.get("uid"),
        "project": _get(summary, "specSummary", "projectMeta", "name") or None,
        "created": _get(summary, "metadata", "creationTimestamp"),
        "machines_wanted": sum(int(p.get("size") or 0) for p in pools),
        "machines_ready": sum(int(p.get("healthy") or 0) for p in pools),
        "repave_state": _get(summary, "status", "repave", "state"),
        "details": "summary",
    }


def selected(view, names=None, uids=None, tags=None, states=None, cloud_types=None):
    """Whether a summary view passes every filter given (``names``/``uids``: any of them)."""
    if view["cloud_type"] and view["cloud_type"] not in CLOUD_TYPES:
        return False
    if (names or uids) and view["name"] not in (names or ()) and view["uid"] not in (uids or ()):
        return False
    if states and view["state"] not in states:
        return False
    if not states and view["state"] == "Deleted" and not (names or uids):
        return False
    if cloud_types and view["cloud_type"] not in cloud_types:
        return False
    labels = tags_to_labels(view["tags"])
    return all(labels.get(k) == v for k, v in tags_to_labels(tags).items())


# -- wait_for ---------------------------------------------------------------------------------

def reached(condition, view):
    """Whether one cluster (None = not found) meets ``condition``."""
    if condition == "deleted":
        return view is None or view["state"] == "Deleted"
    return (view is not None and view["state"] == "Running" and view["health"] == "Healthy"
            and view["machines_ready"] >= view["machines_wanted"])


def stopped(condition, view, wanted):
    """Why the cluster ``wanted`` will never meet ``condition`` (None while it still may)."""
    if condition == "running" and view is None:
        return "%s does not exist" % wanted
    if view is not None and view["state"] in _NO_WAY_BACK.get(condition, ()):
        return "%s went %s" % (view["name"], view["state"])
    return None


def wait_status(condition, wanted, views):
    """Where a wait stands: ``{condition, done, ready, pending, stopped, line}`` over the clusters ``wanted``
    (names or uids), from the summary views of this poll. The wait is over when nothing is ``pending``; it
    succeeded (``done``) when nothing ``stopped`` either."""
    by_key = {}
    for view in views:
        by_key[view["uid"]] = view
        if view["state"] != "Deleted" or view["name"] not in by_key:  # a live cluster wins over a deleted namesake
            by_key[view["name"]] = view
    ready, pending, problems = [], [], []
    for key in wanted:
        view = by_key.get(key)
        name = view["name"] if view else key
        problem = stopped(condition, view, key)
        if problem:
            problems.append(problem)
        elif reached(condition, view):
            ready.append(name)
        else:
            pending.append(name)
    # a cluster that will never get there leaves the wait, the others are still awaited (a fleet goes on)
    status = {"condition": condition, "done": not pending and not problems, "ready": ready, "pending": pending,
              "stopped": problems}
    status["line"] = progress_line(condition, wanted, by_key, status)
    return status


def _one(view, fallback):
    if view is None:
        return "%s: absent" % fallback
    text = "%s: %s" % (view["name"], view["state"] or "unknown")
    if view["health"]:
        text += ", health %s" % view["health"]
    return text + ", machines ready %d/%d" % (view["machines_ready"], view["machines_wanted"])


def progress_line(condition, wanted, by_key, status):
    """One line for the log: the cluster itself when one is awaited, else counts per state."""
    if len(wanted) == 1:
        return _one(by_key.get(wanted[0]), wanted[0])
    counts = {}
    for key in status["pending"]:
        view = by_key.get(key)
        label = "%s/%s" % (view["state"], view["health"] or "-") if view else "absent"
        counts[label] = counts.get(label, 0) + 1
    detail = ", ".join("%d %s" % (n, label) for label, n in sorted(counts.items()))
    text = "%d/%d %s" % (len(status["ready"]), len(wanted), WAIT_CONDITIONS[condition])
    if detail:
        text += "; waiting for %s" % detail
    if status["stopped"]:
        text += "; stopped: %s" % ", ".join(status["stopped"])
    return text
