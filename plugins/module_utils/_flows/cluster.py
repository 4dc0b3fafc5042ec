# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reconcile engine of ``aws_palette_cluster``.

present: find the cluster by name (search endpoint) and adopt it, or create it with one POST sent through
``create_once`` (a lost answer, or a create another run won, is adopted, never duplicated); day-2 changes run in
Terraform's order (repave gate, cloud-config PUT, Fargate list PUT, machine pools by name, metadata PATCH,
settings, profiles); then wait for Running + Healthy. absent: delete, wait for Deleted, force-delete when stuck.
Everything is validated before the first write; what Palette cannot change in place fails by name.
Flows raise ``Failure``; ``PaletteModule.run`` ends the module.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cluster, resolve_cloud_account
from ansible_collections.palette.aws.plugins.module_utils._api.retry import CONFLICT_RETRIES
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, fargate, node_pools
from ansible_collections.palette.aws.plugins.module_utils._flows import profiles as profile_flow
from ansible_collections.palette.aws.plugins.module_utils._flows import settings as settings_flow
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_checks import check_cluster_inputs
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_delete import ORPHAN_WARNING, Deleter
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_view import diff_view, predicted_view, read_cluster_view
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_wait import DELETING, RUNNING, Tracker, not_healthy, read_state, wait_running
from ansible_collections.palette.aws.plugins.module_utils._flows.cost import estimate_create
from ansible_collections.palette.aws.plugins.module_utils._flows.encryption import check_key_for_create
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_table
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster_validation import cluster_name
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_dns1123_label
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

REPAVE_PENDING, REPAVE_APPROVED = "Pending", "Approved"


class ClusterEngine:
    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.name = cluster_name(module.params)
        self.changed = False
        self.states_seen = []
        self.elapsed = 0.0
        self.changed_pools = []
        self.account_name = None
        self.extra = {}

    def fail_errors(self, errors, prefix="cannot apply the options to cluster %s"):
        if errors:
            raise Failure("%s: %s" % (prefix % self.name, "; ".join(errors)), errors=errors)

    @staticmethod
    def lookup(func, *args, **kwargs):
        """Run a name lookup; a miss fails with the message (naming the option, listing what exists)."""
        try:
            return func(*args, **kwargs)
        except PaletteLookupError as err:
            raise Failure(str(err))

    def find(self):
        return find_cluster(self.module.client, name=self.name)

    def run(self):
        # the run options (wait, force_delete_after, review_repave_state, the name) steer every run: checked first
        self.fail_errors(cluster_spec.validate_run_options(self.params))
        # an invalid or empty name never reaches a lookup
        self.fail_errors(validate_dns1123_label(self.name, "cluster", "cluster name"))
        if self.params["state"] == "absent":
            return self.absent(self.find())
        existing = self.find()
        if existing is None:
            return self.create()
        if (existing.get("status") or {}).get("state") == DELETING:
            raise Failure("cluster %s is being deleted (state Deleting); wait until it is Deleted, then run again to "
                          "create it anew" % self.name)
        return self.update(existing)

    # -- create ----------------------------------------------------------------------------

    def create(self):
        params, module = self.params, self.module
        errors, warnings = cluster_spec.validate_cluster(params, None)
        self.fail_errors(errors)
        self.fail_errors(check_cluster_inputs(module, params, None))
        account_uid = self.lookup(resolve_cloud_account, module.client, params["cloud_account"], option="cloud_account")
        profiles = profile_flow.resolve_profiles(module, params["cluster_profiles"], params["cloud_type"])
        self.fail_errors(profile_flow.validate_pack_values(module, profiles))
        refs = {"backup_location_uid": settings_flow.resolve_backup_location(
            module, (params.get("backup") or {}).get("location"))}
        body = cluster_spec.build_create_entity(params, account_uid, profiles, refs)
        if params.get("encryption_kms_key_arn"):
            self.check_key(account_uid)
        for warning in warnings:
            module.warn(warning)
        if module.check_mode:
            self.validate_with_palette(paths.cluster_validate(params["cloud_type"]), body)
            try:  # an estimate is information: its failure does not fail the plan
                self.extra["cost_estimate"] = estimate_create(module.client, params["cloud_type"], body)
            except PaletteError as err:
                module.warn("Palette's rate estimate of cluster %s is not available: %s" % (self.name, err))
            view = predicted_view(body, params["cloud_type"])
            view.update(self.predicted_settings())
            return self.finish(view, True, {}, diff_view(view))
        try:
            # a uid that reads 404 right after the create is looked up by name (issue 12 item 4)
            outcome = module.create(paths.cluster_create(params["cloud_type"]), body, self.find_uid,
                                    confirm=self.exists_at)
        except PaletteApiError as err:
            existing = self.find() if err.status == 409 else None
            if existing is None:
                raise
            # another run created it between our lookup and our POST: adopt it and bring it to our options
            module.warn("cluster %s was created by another run while this one was creating it (409 %s); it was "
                        "adopted and changed in place" % (self.name, err.code))
            return self.update(existing)
        if outcome.adopted:
            module.warn("the cluster %s Palette has (uid %s) was found by name after the create and adopted: the "
                        "answer to the create was lost, or another run created it first" % (self.name, outcome.value))
        ctx = cluster_context.ClusterContext(module.client.get(paths.cluster(outcome.value)))
        settings_flow.apply_after_create(module, ctx, params)
        self.changed = True
        state = self.settle(outcome.value)
        view = read_cluster_view(module, state["cluster"], state["overview"])
        view.update(self.predicted_settings())
        return self.finish(view, True, {}, diff_view(view))

    def predicted_settings(self):
        """The settings the user gave, as a new cluster has them (results show what the user manages)."""
        return dict((row.key, row.view(row.predict(self.params[row.key], None)))
                    for row in settings_table.given(self.params))

    def check_key(self, account_uid):
        """The KMS key checks of the create, before its POST (issue 11 item 2); a failed check raises."""
        check_key_for_create(self.module, self.params["encryption_kms_key_arn"], self.params["region"], account_uid)

    def exists_at(self, uid):
        """False when Palette answers 404 for the uid a create returned (its status may still be empty)."""
        try:
            self.module.client.get(paths.cluster(uid))
        except PaletteApiError as err:
            if err.is_not_found:
                return False
            raise
        return True

    def find_uid(self):
        cluster = self.find()
        return cluster["metadata"]["uid"] if cluster else None

    def validate_with_palette(self, path, body):
        """Check mode: Palette's validate endpoint (a read) must accept the create body."""
        try:
            answer = self.module.client.post(path, body=body, idempotent=True) or {}
        except PaletteError as err:
            raise Failure("Palette refused the definition of cluster %s: %s" % (self.name, err))
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
        self.fail_errors(errors)  # the option errors first: a bad profile entry never reaches a lookup
        profiles = None
        if params.get("cluster_profiles") is not None:
            profiles = profile_flow.resolve_profiles(module, params["cluster_profiles"], current["cloud_type"], cluster)
            errors += profile_flow.validate_pack_values(module, profiles, cluster)
        self.fail_errors(errors)
        self.fail_errors(check_cluster_inputs(module, params, current))
        refs = settings_flow.resolve_references(module, params, settings_current)  # lookups before the first write
        for warning in warnings:
            module.warn(warning)
        before = dict(diff_view(current), **dict((k, settings_table.BY_KEY[k].view(val))
                                                 for k, val in settings_current.items()))
        self.repave_gate(cluster)
        after = self.apply_day2(ctx, current, settings_current, profiles, before, refs)
        if self.changed and not module.check_mode:
            self.repave_gate(module.client.get(paths.cluster(ctx.uid)))  # a change may need a repave approval
        if module.check_mode:
            predicted = dict(current, health=read_state(module, ctx.uid, cluster=cluster)["health"])
            predicted.update((k, after.get(k)) for k in set(before) | set(after))
            return self.finish(predicted, self.changed, before, after)
        state = self.settle(ctx.uid, cluster=None if self.changed else cluster)
        if self.changed:
            ctx = cluster_context.ClusterContext(state["cluster"])
        view = read_cluster_view(module, state["cluster"], state["overview"], ctx, with_health=bool(state["overview"]))
        managed = [row.key for row in settings_table.given(params)]
        if self.changed:
            kept = dict((k, after[k]) for k in managed + ["cluster_profiles"] if k in after)
            after = dict(diff_view(view), **kept)
        else:
            after = before
        view.update((k, after[k]) for k in managed if k in after)
        return self.finish(view, self.changed, before, after)

    def repave_gate(self, cluster):
        """Terraform's repave gate (REFERENCE.md 10.7): a repave Pending approval is approved with
        ``review_repave_state: Approved`` (then re-read), else the run fails listing Palette's reasons. Runs before
        the day-2 steps, and after them when they changed something (a profile change may need a repave)."""
        module = self.module
        if ((cluster.get("status") or {}).get("repave") or {}).get("state") != REPAVE_PENDING:
            return
        reasons = self.repave_reasons(cluster)
        self.extra["repave"] = {"state": REPAVE_PENDING, "reasons": reasons}
        if self.params.get("review_repave_state") != REPAVE_APPROVED:
            raise Failure("cluster %s has a node repave waiting for approval; nothing was changed. Reasons: %s. Review "
                          "them, then approve the repave with review_repave_state: Approved"
                          % (self.name, "; ".join(reasons) or "none given by Palette"), repave=self.extra["repave"])
        if module.check_mode:
            self.extra["repave"]["state"] = REPAVE_APPROVED
            self.changed = True
            return
        module.write("PATCH", paths.cluster(cluster["metadata"]["uid"], "/repave/approve"))
        self.changed = True
        state = ((module.client.get(paths.cluster(cluster["metadata"]["uid"])).get("status") or {}).get("repave")
                 or {}).get("state")
        if state != REPAVE_APPROVED:
            raise Failure("cluster %s: the repave was approved but Palette reports its state as %s; check the cluster "
                          "in Palette" % (self.name, state), repave=self.extra["repave"])
        self.extra["repave"]["state"] = REPAVE_APPROVED

    def repave_reasons(self, cluster):
        status = self.module.client.get(paths.cluster(cluster["metadata"]["uid"], "/repave/status")) or {}
        return ["Repave - Code: %s, Reason: %s" % (r.get("code"), r.get("message"))
                for r in (status.get("spec") or {}).get("reasons") or []]

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
        hint = ""
        if any(c.startswith("encryption_kms_key_arn") for c in changes):
            hint = " (secrets encryption is chosen when a cluster is created)"
        return ["Palette cannot change %s in place%s (%s); nothing was changed: revert these options, or delete and "
                "re-create the cluster" % (", ".join(c.split(":")[0] for c in changes), hint, "; ".join(changes))]

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
            body = cluster_spec.build_cluster_config_update(params, ctx.load(module))
            module.write("PUT", paths.cloud_config(ctx.cloud_type, ctx.config_uid, "/clusterConfig"), body=body)
            ctx.refresh()
            after.update((key, sorted(want)) for key, (_have, want) in config_diffs.items())
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
        if self.step(self.update_metadata(ctx, current)):
            after["tags"] = cluster_spec.desired_tags(params, current)
            if params.get("description") is not None:
                after["description"] = params["description"]
        self.settings_step(ctx, settings_current, refs, after, after_profiles=False)
        if profiles is not None:
            changed, old, new = profile_flow.reconcile_profiles(module, ctx, profiles, params.get("apply_setting"))
            before["cluster_profiles"] = old
            after["cluster_profiles"] = new if self.step(changed) else old
            if changed:
                pending = profile_flow.settle_profile_change(module, ctx, params.get("apply_setting"))
                if pending:
                    module.warn(pending)
                    self.extra["profile_changes_pending"] = True
                if not module.check_mode:  # the settings after the profile step act on what it did
                    ctx.cluster = module.client.get(paths.cluster(ctx.uid))
                    for row in settings_table.given(params, after_profiles=True):
                        settings_current[row.key] = settings_flow.read_setting(module, ctx, row)
        self.settings_step(ctx, settings_current, refs, after, after_profiles=True)
        result = normalise(after) or {}
        if after.get("tags"):
            result["tags"] = after["tags"]  # key-only tags (None) too: ``finish`` shows them in the diff
        return result

    def settings_step(self, ctx, settings_current, refs, after, after_profiles):
        steps = settings_flow.reconcile_settings(self.module, ctx, self.params, settings_current, refs, after_profiles)
        for key, (changed, old, new) in steps.items():
            after[key] = new if self.step(changed) else old

    def update_metadata(self, ctx, current):
        """PATCH tags/description when they differ. Outside check mode the cluster is re-read right before the
        write (a tag merge keeps what others added meanwhile) and after it (what was merged must be there)."""
        module, params = self.module, self.params
        if cluster_spec.build_metadata_patch(params, current) is None:
            return False
        if module.check_mode:
            return True
        for _attempt in range(CONFLICT_RETRIES):
            fresh = read_cluster_view(module, module.client.get(paths.cluster(ctx.uid)), ctx=ctx, with_health=False)
            body = cluster_spec.build_metadata_patch(params, fresh)
            if body is None:
                return False
            module.write("PATCH", paths.cluster(ctx.uid, "/metadata"), body=body)
            check = read_cluster_view(module, module.client.get(paths.cluster(ctx.uid)), ctx=ctx, with_health=False)
            if cluster_spec.tags_to_labels(check.get("tags")) == body["metadata"]["labels"]:
                current["tags"] = check.get("tags")
                return True
        raise Failure("tags: another writer changed the tags of cluster %s while this run wrote them (%d attempts); "
                      "run again once the other change is done" % (self.name, CONFLICT_RETRIES))

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

        A run that changed nothing on a Running cluster only reads its state (no wait). A cluster that ends
        Running but not Healthy is a warning (a failure with ``require_healthy``). Returns the ``read_state``
        value of the last poll (``cluster`` given = used as the first poll).
        """
        module = self.module
        if not module.params["wait"]:
            return read_state(module, uid, cluster=cluster)
        if not self.changed:
            state = read_state(module, uid, cluster=cluster)
            if state["state"] == RUNNING:
                not_healthy(module, uid, self.name, state["health"], module.params.get("require_healthy"))
                return state
        tracker = Tracker(module, self.name)
        state = wait_running(module, uid, self.name, module.params["wait_timeout"], tracker, cluster=cluster)
        self.states_seen, self.elapsed = tracker.states_seen, state["elapsed"]
        not_healthy(module, uid, self.name, state["health"], module.params.get("require_healthy"))
        if self.changed_pools:
            ctx = cluster_context.ClusterContext(state["cluster"])
            for name in self.changed_pools:
                if ctx.pool_read(module, name) is not None:
                    node_pools.wait_pool_ready(module, ctx, name, timeout=module.params["wait_timeout"])
        return state

    def finish(self, view, changed, before, after):
        diff = {"before": normalise(before) or {}, "after": normalise(after) or {}}
        for side, raw in (("before", before), ("after", after)):
            if (raw or {}).get("tags"):  # a key-only tag (value None) is a change too: keep it in the diff as ''
                diff[side]["tags"] = dict((k, "" if val is None else val) for k, val in raw["tags"].items())
        return dict(self.extra, cluster=view, changed=changed, diff=diff, states_seen=self.states_seen,
                    elapsed=round(self.elapsed, 1))

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
            # a force delete that is due now is a change too (issue 12 item 5)
            forced = deleter.force_due(cluster)
            view = dict(current, state=DELETING, force_deleted=forced)
            return dict(cluster=view, changed=changed or forced, diff={"before": before, "after": {}}, states_seen=[],
                        elapsed=0.0)
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
    """The flow of ``aws_palette_cluster``: reconcile the cluster of ``module.params``; return the result."""
    engine = ClusterEngine(module)
    try:
        result = engine.run()
    except PaletteError as err:
        raise Failure("cannot reconcile cluster %s: %s" % (engine.name, err), states_seen=engine.states_seen,
                      **({"error": err.to_dict()} if hasattr(err, "to_dict") else {}))
    cluster = result.pop("cluster")
    diff = result.pop("diff")
    return module.resource_result("cluster", cluster, diff=diff, **result)
