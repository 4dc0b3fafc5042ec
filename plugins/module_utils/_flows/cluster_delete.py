# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Delete a cluster, wait until it is Deleted, and force-delete it once it sat in Deleting long enough."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import time

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitError
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_wait import DELETED, DELETING, Tracker, _state, describe, read_state, wait_failure

# How Palette refuses a premature force delete is not documented (REFERENCE.md 11.6): any 4xx but these means
# "not yet" and is retried on the next poll, until the wait times out.
FORCE_FATAL_STATUSES = (401, 403, 404)
# Terraform's force_delete_delay default (and minimum), above Palette's 15-minute eligibility rule
FORCE_DELETE_AFTER_DEFAULT = 20


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


class Deleter:
    """Delete a cluster and wait until it is gone; force-delete once it sat in Deleting long enough.

    The time in Deleting is the larger of what this run observed and what the server's
    ``metadata.deletionTimestamp`` says (so a later run continues the count of an earlier one).
    A force delete that Palette still refuses (any 4xx other than 401/403/404) is retried on the next poll.
    """

    def __init__(self, module, cluster, force_delete=False, force_after_minutes=FORCE_DELETE_AFTER_DEFAULT,
                 clock=time.monotonic, now=time.time):
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

    def force_due(self, cluster):
        """Whether a force delete would be sent now (check mode predicts it as a change)."""
        return bool(self.force_delete and not self.forced and self.deleting_for(cluster) >= self.force_after)

    def start(self):
        """Send the delete unless the cluster is already Deleting. Returns True when a request was sent."""
        if self.last["state"] in (DELETING, DELETED):
            return False
        self.module.write("DELETE", paths.cluster(self.uid))
        return True

    def maybe_force(self, cluster):
        """Force-delete when allowed and due. Returns True when Palette accepted a force delete."""
        if not self.force_due(cluster):
            return False
        try:
            self.module.write("DELETE", paths.cluster(self.uid), query={"forceDelete": True})
        except PaletteApiError as err:
            if err.status and 400 <= err.status < 500 and err.status not in FORCE_FATAL_STATUSES:
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
            raise wait_failure(self.module, err, self.uid, self.tracker, "cluster %s was not deleted%s" % (self.name, hint))
        return 0.0 if result is None else result.elapsed  # None: check mode, nothing was deleted to wait for
