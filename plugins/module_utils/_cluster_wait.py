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

import datetime
import time

from ansible_collections.palette.aws.plugins.module_utils._client import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._wait import WaitError

RUNNING, HEALTHY, DELETING, DELETED = "Running", "Healthy", "Deleting", "Deleted"
# states from which a cluster will not become Running: stop waiting at once (any other state may pass)
END_STATES = (DELETING, DELETED, "Failed", "Error")
FORCE_NOT_YET = ("ForceDeleteNotAllowed",)
RECENT_EVENTS = 5
ORPHAN_WARNING = ("cluster %s was force deleted: Palette may have left AWS resources behind (VPC, Elastic IPs, "
                  "network interfaces, internet gateway, load balancers, EBS volumes, NAT gateway), which keep "
                  "costing money; list them with palette.aws.orphaned_resources_info and remove them with "
                  "palette.aws.orphaned_resources")


def parse_time(text):
    """Seconds since the epoch of a Palette RFC 3339 timestamp; None for empty / zero time."""
    if not text or text.startswith("0001-"):
        return None
    text = text.replace("Z", "+00:00")
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.datetime.strptime(text, fmt).timestamp()
        except ValueError:
            continue
    return None


def _state(cluster):
    return ((cluster or {}).get("status") or {}).get("state") or ""


def read_state(module, uid, with_health=True, cluster=None):
    """``{state, health, cluster, overview}`` of a cluster (``cluster`` given = no GET of it).

    The state is ``absent`` when the GET answers 404; health comes from the overview, read only when Running.
    """
    if cluster is None:
        try:
            cluster = module.client.get("/v1/spectroclusters/%s" % uid)
        except PaletteApiError as err:
            if err.is_not_found:
                return {"state": "absent", "health": None, "cluster": None, "overview": None}
            raise
    state = _state(cluster)
    health = overview = None
    if with_health and state == RUNNING:
        overview = module.client.get("/v1/dashboard/spectroclusters/%s/overview" % uid) or {}
        health = ((overview.get("status") or {}).get("health") or {}).get("state") or None
    return {"state": state, "health": health, "cluster": cluster, "overview": overview}


def recent_events(module, uid, count=RECENT_EVENTS):
    """The last ``count`` cluster events as ``"time reason: message"`` strings (best effort)."""
    try:
        data = module.client.get("/v1/events/components/spectrocluster/%s" % uid, query={"limit": 50}) or {}
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


def _fail_wait(module, err, uid, tracker, what):
    last = err.last or {}
    events = recent_events(module, uid) if uid else []
    module.fail_json(
        msg="%s: %s%s%s" % (what, err, "; health %s" % last["health"] if last.get("health") else "",
                            "; recent events: " + " | ".join(events) if events else ""),
        last_state=last.get("state"), last_health=last.get("health"), states_seen=tracker.states_seen,
        recent_events=events, elapsed=round(err.elapsed, 1))


def wait_running(module, uid, name, timeout, tracker=None, cluster=None):
    """Wait for ``Running`` and overview health ``Healthy``. Returns the last ``read_state`` value.

    ``cluster`` (a fresh read) serves as the first poll. Fails the module on timeout, or when the cluster
    goes Deleting/Deleted or another end state, with the last state, health, the states seen and the
    cluster's recent events.
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
        result = module.wait(fetch, lambda v: v["state"] == RUNNING and v["health"] == HEALTHY,
                             failed=failed, timeout=timeout, progress=tracker.see, describe=describe,
                             what="cluster %s to be Running and Healthy" % name)
    except WaitError as err:
        _fail_wait(module, err, uid, tracker, "cluster %s is not ready" % name)
    if result is None:  # check mode: module.wait does not poll (the callers predict before waiting)
        return dict(fetch(), elapsed=0.0)
    return dict(result.value, elapsed=result.elapsed)


class Deleter:
    """Delete a cluster and wait until it is gone; force-delete once it sat in Deleting long enough.

    The time in Deleting is the larger of what this run observed and what the server's
    ``metadata.deletionTimestamp`` says (so a later run continues the count of an earlier one).
    A force delete that Palette still refuses (409 ForceDeleteNotAllowed) is retried on the next poll.
    """

    def __init__(self, module, cluster, force_delete=False, force_after_minutes=15, clock=time.monotonic, now=time.time):
        meta = cluster.get("metadata") or {}
        self.module = module
        self.uid = meta.get("uid")
        self.name = meta.get("name")
        self.force_delete = force_delete
        self.force_after = max(0, force_after_minutes or 0) * 60.0
        self.clock = clock
        self.now = now
        self.first_seen_deleting = None
        self.forced = False
        self.force_refusals = 0
        self.tracker = Tracker(module, self.name)
        self.last = {"state": _state(cluster), "health": None, "cluster": cluster, "overview": None}
        self.started = clock()

    def deleting_for(self, cluster):
        """Seconds the cluster has been in Deleting (0 when it is not)."""
        if _state(cluster) != DELETING:
            return 0.0
        if self.first_seen_deleting is None:
            self.first_seen_deleting = self.clock()
        seen = self.clock() - self.first_seen_deleting
        since = parse_time(((cluster or {}).get("metadata") or {}).get("deletionTimestamp"))
        server = self.now() - since if since else 0.0
        return max(seen, server)

    def start(self):
        """Send the delete unless the cluster is already Deleting. Returns True when a request was sent."""
        if self.last["state"] in (DELETING, DELETED):
            return False
        self.module.write("DELETE", "/v1/spectroclusters/%s" % self.uid)
        return True

    def maybe_force(self, cluster):
        """Force-delete when allowed and due. Returns True when Palette accepted a force delete."""
        if not self.force_delete or self.forced or self.deleting_for(cluster) < self.force_after:
            return False
        try:
            self.module.write("DELETE", "/v1/spectroclusters/%s" % self.uid, query={"forceDelete": True})
        except PaletteApiError as err:
            if err.status == 409 or err.code in FORCE_NOT_YET:
                self.force_refusals += 1
                return False
            raise
        self.forced = True
        return True

    def poll(self):
        value = read_state(self.module, self.uid, with_health=False)
        if value["state"] == DELETING and self.maybe_force(value["cluster"]):
            self.tracker.see(value, self.clock() - self.started)  # the state the force delete ended
            value = read_state(self.module, self.uid, with_health=False)
        self.last = value
        return value

    def wait(self, timeout):
        """Wait until the cluster is Deleted or gone (404). Returns the elapsed seconds."""
        if self.force_delete and timeout < self.force_after:
            self.module.warn("wait_timeout (%d s) is shorter than force_delete_after (%d min): the wait ends before "
                             "a force delete can be sent" % (timeout, self.force_after // 60))
        self.started = self.clock()
        try:
            result = self.module.wait(self.poll, lambda v: v["state"] in (DELETED, "absent"), timeout=timeout,
                                      progress=self.tracker.see, describe=describe,
                                      what="cluster %s to be deleted" % self.name)
        except WaitError as err:
            hint = ""
            if not self.force_delete and (err.last or {}).get("state") == DELETING:
                hint = " (stuck in Deleting? set force_delete: true to force-delete it after force_delete_after minutes)"
            _fail_wait(self.module, err, self.uid, self.tracker, "cluster %s was not deleted%s" % (self.name, hint))
        return 0.0 if result is None else result.elapsed  # None: check mode, nothing was deleted to wait for
