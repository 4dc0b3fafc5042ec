# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cluster lifecycle waits: Running + Healthy after a create, Deleted after a delete (with force delete).

Progress: every poll that sees a new state/health is appended to ``Tracker.states_seen`` (state, health,
seconds since the wait began) and written to the module log (syslog/journald on the managed node, see
``module.log``). A module cannot print while it runs, so roles that must show progress call the module
with ``wait: false`` and poll ``aws_palette_cluster_info`` in an ``until:`` loop instead.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitError
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

RUNNING, HEALTHY, DELETING, DELETED = "Running", "Healthy", "Deleting", "Deleted"
# overview health values of real Palette (REFERENCE.md 11.5): Healthy, UnHealthy (that spelling), Unknown
HEALTH_VALUES = (HEALTHY, "UnHealthy", "Unknown")


# states from which a cluster will not become Running: stop waiting at once (any other state may pass)
END_STATES = (DELETING, DELETED, "Failed", "Error")


RECENT_EVENTS = 5


def _state(cluster):
    return ((cluster or {}).get("status") or {}).get("state") or ""


def read_state(module, uid, with_health=True, cluster=None):
    """``{state, health, cluster, overview}`` of a cluster (``cluster`` given = no GET of it).

    The state is ``absent`` when the GET answers 404; health comes from the overview, read only when Running.
    """
    if cluster is None:
        try:
            cluster = module.client.get(paths.cluster(uid))
        except PaletteApiError as err:
            if err.is_not_found:
                return {"state": "absent", "health": None, "cluster": None, "overview": None}
            raise
    state = _state(cluster)
    health = overview = None
    if with_health and state == RUNNING:
        overview = module.client.get(paths.cluster_overview(uid)) or {}
        health = ((overview.get("status") or {}).get("health") or {}).get("state") or None
    return {"state": state, "health": health, "cluster": cluster, "overview": overview}


def recent_events(module, uid, count=RECENT_EVENTS):
    """The last ``count`` cluster events as ``"time reason: message"`` strings (best effort)."""
    try:
        data = module.client.get(paths.cluster_events(uid), query={"limit": 50}) or {}
    except PaletteError:
        return []
    items = sorted(data.get("items") or [], key=lambda e: (e.get("metadata") or {}).get("creationTimestamp") or "")
    return ["%s %s: %s" % ((e.get("metadata") or {}).get("creationTimestamp"), e.get("reason"), e.get("message"))
            for e in items[-count:]]


class Tracker:
    """Records the distinct (state, health) pairs seen, with the seconds since the wait began."""

    def __init__(self, module, name):
        self.module = module
        self.name = name
        self.states_seen = []

    def see(self, value, elapsed):
        entry = {"state": value.get("state"), "health": value.get("health"), "elapsed": round(elapsed, 1)}
        last = self.states_seen[-1] if self.states_seen else {}
        if (last.get("state"), last.get("health")) != (entry["state"], entry["health"]):
            self.states_seen.append(entry)
            self.module.log("palette.aws: cluster %s is %s%s after %.0f s" % (
                self.name, entry["state"], " (%s)" % entry["health"] if entry["health"] else "", elapsed))


def describe(value):
    return "%s/%s" % (value["state"], value["health"]) if value.get("health") else value.get("state")


def describe_spc(cluster):
    spc = ((cluster or {}).get("status") or {}).get("spcApply") or {}
    return "canBeApplied=%s" % spc.get("canBeApplied")


def wait_failure(module, err, uid, tracker, what):
    """The Failure of a wait that timed out or hit an end state: last state, health, states seen, recent events."""
    last = err.last or {}
    events = recent_events(module, uid) if uid else []
    return Failure("%s: %s%s%s" % (what, err, "; health %s" % last["health"] if last.get("health") else "",
                                   "; recent events: " + " | ".join(events) if events else ""),
                   last_state=last.get("state"), last_health=last.get("health"), states_seen=tracker.states_seen,
                   recent_events=events, elapsed=round(err.elapsed, 1))


def not_healthy(module, uid, name, health, require_healthy):
    """A cluster that is Running but not Healthy: a warning with the health and recent events, or (with
    ``require_healthy``) a Failure. Returns the warning text, or None when the health is Healthy."""
    if health == HEALTHY:
        return None
    events = recent_events(module, uid)
    text = "cluster %s is Running but its health is %s%s" % (name, health or "not reported",
                                                             "; recent events: " + " | ".join(events) if events else "")
    if require_healthy:
        raise Failure(text + "; require_healthy is true", last_state=RUNNING, last_health=health, recent_events=events)
    module.warn(text + " (set require_healthy: true to make this a failure)")
    return text


def wait_running(module, uid, name, timeout, tracker=None, cluster=None, healthy=True):
    """Wait for ``Running`` and (``healthy``) overview health ``Healthy``. Returns the last ``read_state`` value.

    ``cluster`` (a fresh read) serves as the first poll. A wait that times out with the cluster Running but not
    Healthy returns that state (the caller warns, or fails with ``require_healthy``); a timeout in any other
    state, or an end state (Deleting/Deleted/...), raises a Failure with the last state, health, the states seen
    and the cluster's recent events.
    """
    tracker = tracker or Tracker(module, name)
    first = [cluster]

    def fetch():
        given, first[0] = first[0], None
        return read_state(module, uid, cluster=given)

    def failed(value):
        if value["state"] in END_STATES or value["state"] == "absent":
            return "cluster %s went %s" % (name, value["state"])
        return None

    try:
        result = module.wait(fetch, lambda v: v["state"] == RUNNING and (v["health"] == HEALTHY or not healthy),
                             failed=failed, timeout=timeout, progress=tracker.see, describe=describe,
                             what="cluster %s to be Running%s" % (name, " and Healthy" if healthy else ""))
    except WaitError as err:
        if (err.last or {}).get("state") == RUNNING:
            return dict(err.last, elapsed=err.elapsed)
        raise wait_failure(module, err, uid, tracker, "cluster %s is not ready" % name)
    if result is None:  # check mode: module.wait does not poll (the callers predict before waiting)
        return dict(fetch(), elapsed=0.0)
    return dict(result.value, elapsed=result.elapsed)
