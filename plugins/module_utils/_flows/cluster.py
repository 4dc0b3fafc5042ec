# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reconcile engine of ``aws_palette_cluster``.

present: find the cluster by name (search endpoint) and adopt it, or create it with one POST sent through
``create_once`` (a lost answer is adopted, never duplicated); day-2 changes run in Terraform's order
(cloud-config PUT, Fargate list PUT, machine pools by name, metadata PATCH, settings, profiles); then
wait for Running + Healthy. absent: delete, wait for Deleted, force-delete when stuck (``_cluster_wait``).
Everything is validated before the first write; what Palette cannot change in place fails by name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cluster, resolve_cloud_account
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, fargate, node_pools
from ansible_collections.palette.aws.plugins.module_utils._flows import profiles as profile_flow
from ansible_collections.palette.aws.plugins.module_utils._flows import settings as settings_flow
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_delete import ORPHAN_WARNING, Deleter
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_view import diff_view, predicted_view, read_cluster_view
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_wait import DELETING, Tracker, read_state, wait_running
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec

SETTINGS = ("os_patch", "backup", "scan", "rbac")


class ClusterEngine:
    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.name = module.params["name"]
        self.changed = False
        self.states_seen = []
        self.elapsed = 0.0
        self.changed_pools = []
        self.account_name = None

    def fail_errors(self, errors, prefix="cannot apply the options to cluster %s"):
        if errors:
            self.module.fail_json(msg="%s: %s" % (prefix % self.name, "; ".join(errors)), errors=errors)

    def lookup(self, func, *args, **kwargs):
        """Run a name lookup; a miss fails the module with the message (naming the option, listing what exists)."""
        try:
            return func(*args, **kwargs)
        except PaletteLookupError as err:
            self.module.fail_json(msg=str(err))

    def find(self):
        return find_cluster(self.module.client, name=self.name)

    def run(self):
        # the wait options and force_delete_after steer every run (absent too): checked before any request
        self.fail_errors(cluster_spec.validate_run_options(self.params))
        if self.params["state"] == "absent":
            return self.absent(self.find())
        existing = self.find()
        if existing is None:
            return self.create()
        if (existing.get("status") or {}).get("state") == DELETING:
            self.module.fail_json(msg="cluster %s is being deleted (state Deleting); wait until it is Deleted, then "
                                      "run again to create it anew" % self.name)
        return self.update(existing)

    # -- create ----------------------------------------------------------------------------

    def create(self):
        params, module = self.params, self.module
        errors, warnings = cluster_spec.validate_cluster(params, None)
        self.fail_errors(errors)
        account_uid = self.lookup(resolve_cloud_account, module.client, params["cloud_account"], option="cloud_account")
        profiles = profile_flow.resolve_profiles(module, params["cluster_profiles"], params["cloud_type"])
        location_uid = settings_flow.resolve_backup_location(module, (params.get("backup") or {}).get("location"))
        body = cluster_spec.build_create_entity(params, account_uid, profiles, backup_location_uid=location_uid)
        for warning in warnings:
            module.warn(warning)
        path = paths.cluster_create(params["cloud_type"])
        if module.check_mode:
            self.validate_with_palette(paths.cluster_validate(params["cloud_type"]), body)
            view = predicted_view(body, params["cloud_type"])
            return self.finish(view, True, {}, diff_view(view))
        outcome = module.create(path, body, self.find_uid)
        if outcome.adopted:
            module.warn("the answer to the create of cluster %s was lost; the cluster Palette created (uid %s) "
                        "was found by name and adopted" % (self.name, outcome.value))
        state = self.settle(outcome.value)
        view = read_cluster_view(module, state["cluster"], state["overview"])
        return self.finish(view, True, {}, diff_view(view))

    def find_uid(self):
        cluster = self.find()
        return cluster["metadata"]["uid"] if cluster else None

    def validate_with_palette(self, path, body):
        """Check mode: Palette's validate endpoint (a read) must accept the create body."""
        try:
            answer = self.module.client.post(path, body=body, idempotent=True) or {}
        except PaletteError as err:
            self.module.fail_api(err, "Palette refused the definition of cluster %s" % self.name)
        problems = ["node pool %s: %s" % (r.get("name"), e.get("message") or e.get("code"))
                    for r in (answer.get("machinePools") or {}).get("results") or [] for e in r.get("errors") or []]
        self.fail_errors(problems, "Palette's validation of cluster %s failed")

    # -- update ----------------------------------------------------------------------------

    def update(self, cluster):
        module, params = self.module, self.params
        ctx = cluster_context.ClusterContext(cluster)
        current = read_cluster_view(module, cluster, ctx=ctx, with_health=False)
        self.account_name = ((ctx.cloud_config.get("spec") or {}).get("cloudAccountRef") or {}).get("name")
        settings_current = settings_flow.read_settings(module, ctx, params)
        errors, warnings = cluster_spec.validate_cluster(params, dict(current, **settings_current))
        errors += self.immutable(params, current)
        profiles = None
        if params.get("cluster_profiles") is not None:
            profiles = profile_flow.resolve_profiles(module, params["cluster_profiles"], current["cloud_type"], cluster)
            errors += profile_flow.validate_pack_values(profiles, cluster)
        self.fail_errors(errors)
        refs = settings_flow.resolve_references(module, params, settings_current)  # lookups before the first write
        for warning in warnings:
            module.warn(warning)
        if ((cluster.get("status") or {}).get("repave") or {}).get("state") == "Pending":
            module.warn("cluster %s has a node repave waiting for approval in Palette; changes wait until it is "
                        "approved" % self.name)
        before = dict(diff_view(current), **settings_current)
        after = self.apply_day2(ctx, current, settings_current, profiles, before, refs)
        if module.check_mode:
            predicted = dict(current, health=read_state(module, ctx.uid, cluster=cluster)["health"])
            predicted.update((k, after.get(k)) for k in set(before) | set(after))
            return self.finish(predicted, self.changed, before, after)
        state = self.settle(ctx.uid, cluster=None if self.changed else cluster)
        if self.changed:
            ctx = cluster_context.ClusterContext(state["cluster"])
        view = read_cluster_view(module, state["cluster"], state["overview"], ctx, with_health=bool(state["overview"]))
        if self.changed:
            managed = dict((k, after[k]) for k in SETTINGS + ("cluster_profiles",) if k in after)
            after = dict(diff_view(view), **managed)
        else:
            after = before
        view.update((k, after[k]) for k in SETTINGS if k in after)
        return self.finish(view, self.changed, before, after)

    def immutable(self, params, current):
        changes = cluster_spec.immutable_changes(params, current)
        account = params.get("cloud_account")
        # the cloud config names its account: no lookup when the user gave that name (or the uid)
        if account and account not in (current.get("cloud_account_uid"), self.account_name):
            uid = self.lookup(resolve_cloud_account, self.module.client, account, option="cloud_account")
            if uid != current.get("cloud_account_uid"):
                changes.append("cloud_account: current %s, requested %s" % (current.get("cloud_account_uid"), account))
        if not changes:
            return []
        return ["Palette cannot change %s in place (%s); nothing was changed: revert these options, or delete and "
                "re-create the cluster" % (", ".join(c.split(":")[0] for c in changes), "; ".join(changes))]

    def step(self, changed):
        self.changed = self.changed or changed
        return changed

    def apply_day2(self, ctx, current, settings_current, profiles, before, refs=None):
        """Run every day-2 step (Terraform's order); return the predicted ``after`` view."""
        module, params = self.module, self.params
        after = copy.deepcopy(before)
        config_diffs = cluster_spec.cluster_config_differences(params, current)
        if config_diffs:
            self.step(True)
            body = cluster_spec.build_cluster_config_update(params, ctx.load(module), ctx.cloud_type)
            module.write("PUT", paths.cloud_config(ctx.cloud_type, ctx.config_uid, "/clusterConfig"), body=body)
            ctx.refresh()
            for key, (_have, want) in config_diffs.items():
                if key == "encryption_kms_key_arn":
                    after["encryption"] = {"enabled": True, "kms_key_arn": want}
                else:
                    after[key] = sorted(want)
        if params.get("fargate_profiles") is not None and ctx.cloud_type == "eks":
            changed, _old, new = fargate.reconcile_fargate(module, ctx, params["fargate_profiles"],
                                                            params["purge_fargate_profiles"], validate=False)
            if self.step(changed):
                after["fargate_profiles"] = [new[name] for name in sorted(new)]
        if params.get("node_pools") is not None:
            changed, old, new = node_pools.reconcile_pools(module, ctx, params["node_pools"], params["purge_node_pools"])
            if self.step(changed):
                after["node_pools"] = self.merge_pools(before.get("node_pools"), old, new)
                self.changed_pools = [n for n in new if new[n] != old.get(n)]
        meta = cluster_spec.build_metadata_patch(params, current)
        if self.step(meta is not None):
            module.write("PATCH", paths.cluster(ctx.uid, "/metadata"), body=meta)
            after["tags"] = cluster_spec.desired_tags(params, current)
            if params.get("description") is not None:
                after["description"] = params["description"]
        for key, (changed, old, new) in settings_flow.reconcile_settings(module, ctx, params, settings_current, refs).items():
            after[key] = new if self.step(changed) else old
        if profiles is not None:
            changed, old, new = profile_flow.reconcile_profiles(module, ctx, profiles)
            before["cluster_profiles"] = old
            after["cluster_profiles"] = new if self.step(changed) else old
        return normalise(after) or {}

    @staticmethod
    def merge_pools(current_pools, old, new):
        pools = dict((p["name"], p) for p in current_pools or [])
        for name in old:
            if name not in new:
                pools.pop(name, None)
        pools.update(new)
        return [pools[name] for name in sorted(pools, key=lambda n: (not pools[n].get("control_plane"), n))]

    # -- wait and results --------------------------------------------------------------------

    def settle(self, uid, cluster=None):
        """Wait (when asked) for Running + Healthy, then for the pools this run changed.

        Returns the ``read_state`` value of the last poll (``cluster`` given = used as the first poll).
        """
        module = self.module
        if not module.params["wait"]:
            return read_state(module, uid, cluster=cluster)
        tracker = Tracker(module, self.name)
        state = wait_running(module, uid, self.name, module.params["wait_timeout"], tracker, cluster=cluster)
        self.states_seen, self.elapsed = tracker.states_seen, state["elapsed"]
        if self.changed_pools:
            ctx = cluster_context.ClusterContext(state["cluster"])
            for name in self.changed_pools:
                if ctx.pool_read(module, name) is not None:
                    node_pools.wait_pool_ready(module, ctx, name, timeout=module.params["wait_timeout"])
        return state

    def finish(self, view, changed, before, after):
        return dict(cluster=view, changed=changed, diff={"before": normalise(before) or {}, "after": normalise(after) or {}},
                    states_seen=self.states_seen, elapsed=round(self.elapsed, 1))

    # -- absent ----------------------------------------------------------------------------

    def absent(self, cluster):
        module, params = self.module, self.params
        if cluster is None:
            return dict(cluster={}, changed=False, diff={"before": {}, "after": {}}, states_seen=[], elapsed=0.0)
        current = read_cluster_view(module, cluster, with_health=False)
        before = diff_view(current)
        deleter = Deleter(module, cluster, params["force_delete"], params["force_delete_after"])
        changed = deleter.start()
        if module.check_mode:
            view = dict(current, state=DELETING)
            return dict(cluster=view, changed=changed, diff={"before": before, "after": {}}, states_seen=[], elapsed=0.0)
        if params["wait"]:
            self.elapsed = deleter.wait(params["wait_timeout"])
        else:
            deleter.poll()
        if deleter.forced:
            module.warn(ORPHAN_WARNING % self.name)
        last = deleter.last.get("cluster")
        view = read_cluster_view(module, last, with_health=False) if last else dict(before, state="Deleted")
        view["force_deleted"] = deleter.forced
        return dict(cluster=view, changed=changed or deleter.forced, diff={"before": before, "after": {}},
                    states_seen=deleter.tracker.states_seen, elapsed=round(self.elapsed, 1))


def run(module):
    """Reconcile the cluster of ``module.params``; exit the module with the result."""
    engine = ClusterEngine(module)
    try:
        result = engine.run()
    except PaletteError as err:
        module.fail_api(err, "cannot reconcile cluster %s" % engine.name,
                        states_seen=engine.states_seen)
    cluster = result.pop("cluster")
    diff = result.pop("diff")
    module.exit_resource("cluster", cluster, diff=diff, **result)
