# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Machine-pool steps of an existing cluster, shared by ``aws_palette_cluster`` (inline ``node_pools``) and
``node_pool``. Every function takes the module (a ``PaletteModule``) and a ``ClusterContext``:

    errors = validate_pool(module, ctx, desired_pool, path)          # before any write
    changed, before, after = reconcile_pool(module, ctx, desired_pool)  # option-shaped dicts
    changed, before = delete_pool(module, ctx, 'workers')
    result = wait_pool_ready(module, ctx, 'workers', timeout=1800)

Writes go through ``module.write`` / ``module.create`` (nothing in check mode). Helpers raise ``Failure`` and
return. A pool PUT is built from a read taken right before it (fields others changed, and fields newer than
our spec, survive) and verified afterwards; a conflict is merged again, a bounded number of times. Pools Karpenter
owns (REFERENCE.md 11.10) are never listed, resized or deleted.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import CONFLICT_RETRIES
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import api_step, load_child_context, object_diff, options_of, predicted_options
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as pool_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import NODE_POOL_OPTIONS
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import join, validate_wait_options
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure, WaitError

MACHINE_BUSY_STATES = ("Pending", "Provisioning", "Provisioned", "Deleting")
MACHINE_FAILED_STATES = ("Failed",)
entity_to_read = pool_spec.entity_to_read  # kept here for cluster_view


def managed_view(pool):
    """The option-shaped pool without empty members (what diffs and results show)."""
    return dict((k, v) for k, v in (pool or {}).items() if v not in (None, [], {}))


def current_pool(module, ctx, name):
    """Normalised current pool named ``name``, or None."""
    read = ctx.pool_read(module, name)
    return pool_spec.normalise_pool(read, ctx.cloud_type) if read else None


def user_pools(module, ctx):
    """Normalised pools a user manages by name: not the EKS control-plane placement pool (``cp-pool``), not the
    pools Karpenter owns; an IaaS control-plane pool is included (``control_plane`` true)."""
    out = []
    for read in ctx.pools_read(module):
        if ctx.cloud_type == "eks" and (read.get("isControlPlane") or read.get("name") == pool_spec.EKS_CONTROL_PLANE_POOL):
            continue
        if pool_spec.is_karpenter(read):
            continue
        out.append(pool_spec.normalise_pool(read, ctx.cloud_type))
    return out


def _karpenter_error(name, ctx, path):
    return ("%s: node pool %s of cluster %s is managed by Karpenter (label %s); Karpenter sizes it, so this "
            "collection never changes or deletes it: pick another pool name" % (path or "name", name, ctx.name,
                                                                                pool_spec.KARPENTER_LABEL))


def validate_pool(module, ctx, desired, path=""):
    """Errors (list of str) for ``desired`` in the cluster of ``ctx``: the pool itself, against the pool of the same
    name if it exists (immutable guard included), the cluster's placement and region, one IaaS control plane, and
    never a Karpenter pool. Uses the cloud config already read."""
    if not ctx.exists:  # check mode after a predicted create: only the pool itself can be checked
        return pool_spec.validate_node_pool(desired, ctx.cloud_type, path)
    read = ctx.pool_read(module, desired.get("name"))
    if read is not None and pool_spec.is_karpenter(read):
        return [_karpenter_error(desired.get("name"), ctx, path)]
    cluster = cluster_spec.normalise_cluster(ctx.cluster, ctx.load(module))
    return pool_spec.validate_pool_for_cluster(desired, cluster, path)


def plan_pool(module, ctx, desired, read=None):
    """``(action, body, before, after)`` for one pool; action is None, ``create`` or ``update``."""
    if read is None and ctx.exists:
        read = ctx.pool_read(module, desired["name"])
    if read is None:
        body = pool_spec.build_pool_entity(desired, ctx.cloud_type)
        after = pool_spec.normalise_pool(entity_to_read(body), ctx.cloud_type)
        return "create", body, None, managed_view(after)
    current = pool_spec.normalise_pool(read, ctx.cloud_type)
    if not pool_spec.pool_differences(desired, current, ctx.cloud_type):
        return None, None, managed_view(current), managed_view(current)
    body = pool_spec.build_pool_entity(desired, ctx.cloud_type, current, read)
    after = pool_spec.normalise_pool(entity_to_read(body), ctx.cloud_type)
    return "update", body, managed_view(current), managed_view(after)


def reconcile_pool(module, ctx, desired, path="", validate=True):
    """Create the pool ``desired['name']`` or update it in place. Returns ``(changed, before, after)``.

    Only options set in ``desired`` are compared. ``validate=False`` when the caller validated every pool before
    its first write (``aws_palette_cluster``). Does not wait: see ``wait_pool_ready``.
    """
    if validate:
        errors = validate_pool(module, ctx, desired, path)
        if errors:
            raise Failure("; ".join(errors), errors=errors)
    if ctx.exists:
        ctx.checked(module)  # an empty read must not look like "no such pool"
    action, body, before, after = plan_pool(module, ctx, desired)
    if action is None:
        return False, before, after
    if module.check_mode:
        return True, before, after
    name = desired["name"]
    if action == "create" and not _create(module, ctx, name, body):
        # another run created it first: adopt it, then apply our options to it as an update
        action, body, before, after = plan_pool(module, ctx, desired)
        if action is None:
            return False, before, after
    if action == "update":
        after = _update(module, ctx, desired)
    ctx.refresh()
    return True, before, after


def _create(module, ctx, name, body):
    """POST the pool. False when Palette answers that it already exists (another writer won the race)."""
    def find():
        ctx.refresh()
        return name if ctx.pool_read(module, name) else None

    try:
        module.create(ctx.pools_path(), body, find)
    except PaletteApiError as err:
        if err.status != 409 or find() is None:
            raise Failure("cannot create node pool %s in cluster %s: %s" % (name, ctx.name, err), error=err.to_dict())
        module.warn("node pool %s of cluster %s was created by another writer meanwhile; it was adopted and the "
                    "task's options applied to it" % (name, ctx.name))
        return False
    return True


def _update(module, ctx, desired):
    """PUT the pool built from a read taken right before it, then verify: what another writer changed between the
    two reads is merged again (bounded); a change lost to a concurrent write is a conflict (Failure)."""
    name = desired["name"]
    for _attempt in range(CONFLICT_RETRIES):
        read = _fresh_pool(module, ctx, name)
        action, body, _before, after = plan_pool(module, ctx, desired, read)
        if action is None:
            return after
        api_step(module, "update node pool %s of cluster %s" % (name, ctx.name), module.write, "PUT",
                 ctx.pools_path(name), body=body)
        written = _fresh_pool(module, ctx, name)
        expected = pool_spec.normalise_pool(entity_to_read(body), ctx.cloud_type)
        if not _lost_fields(expected, pool_spec.normalise_pool(written, ctx.cloud_type), ctx.cloud_type):
            return managed_view(pool_spec.normalise_pool(written, ctx.cloud_type))
    raise Failure("conflict: node pool %s of cluster %s was changed by another writer while this task updated it, "
                  "%d times in a row; nothing of this task may be in place: run the task again when the other "
                  "writer is done" % (name, ctx.name, CONFLICT_RETRIES))


def _fresh_pool(module, ctx, name):
    read = ctx.fresh(module)
    for pool in (read.get("spec") or {}).get("machinePoolConfig") or []:
        if pool.get("name") == name:
            return pool
    raise Failure("conflict: node pool %s of cluster %s was deleted by another writer while this task updated it; "
                  "run the task again to create it" % (name, ctx.name))


def _lost_fields(expected, written, cloud_type):
    """Managed options whose written value is not the one sent (a concurrent write replaced ours)."""
    diffs = pool_spec.pool_differences(dict(expected, count=None), written, cloud_type)
    return sorted(diffs)


def delete_pool(module, ctx, name):
    """Delete the worker pool ``name``. Returns ``(changed, before)``; absent already = no change.

    Refuses (raises Failure) to delete a control-plane pool, a Karpenter pool or the last worker pool.
    """
    read = ctx.pool_read(module, name) if ctx.exists and ctx.checked(module) else None
    if read is None:
        return False, None
    if read.get("isControlPlane") or (ctx.cloud_type == "eks" and name == pool_spec.EKS_CONTROL_PLANE_POOL):
        raise Failure("node pool %s of cluster %s is the control plane; it cannot be deleted (delete the cluster "
                      "instead)" % (name, ctx.name))
    if pool_spec.is_karpenter(read):
        raise Failure(_karpenter_error(name, ctx, "name"))
    workers = [p for p in user_pools(module, ctx) if not p.get("control_plane")]
    if [p["name"] for p in workers] == [name]:
        raise Failure("node pool %s is the last worker pool of cluster %s; a cluster needs at least one worker pool, "
                      "so add another pool before deleting this one" % (name, ctx.name))
    before = managed_view(pool_spec.normalise_pool(read, ctx.cloud_type))
    try:
        module.write("DELETE", ctx.pools_path(name))
    except PaletteApiError as err:
        if not err.is_not_found:  # already gone (another writer): the goal is reached
            raise Failure("cannot delete node pool %s of cluster %s: %s" % (name, ctx.name, err), error=err.to_dict())
    if not module.check_mode:
        ctx.refresh()
    return True, before


def reconcile_pools(module, ctx, desired_pools, purge=False, path="node_pools", validate=False):
    """Several pools by name, in Terraform's order: create new ones, update changed ones, then (``purge`` only)
    delete the worker pools not listed (never Karpenter's). Returns ``(changed, before, after)`` with before/after
    as ``{pool name: pool}`` of the pools touched or compared.

    The caller validates every pool before its first write (``aws_palette_cluster``: ``cluster_validation``, with
    ``pool_validation``'s validators); ``validate=True`` checks them all here, before the first pool write.
    """
    if validate:
        errors = []
        for index, desired in enumerate(desired_pools or []):
            errors += validate_pool(module, ctx, desired, "%s[%d]" % (path, index))
        if errors:
            raise Failure("; ".join(errors), errors=errors)
    changed, before, after = False, {}, {}
    for index, desired in enumerate(desired_pools or []):
        read = ctx.pool_read(module, desired["name"]) if ctx.exists else None
        if read is not None and pool_spec.is_karpenter(read):
            raise Failure(_karpenter_error(desired["name"], ctx, "%s[%d].name" % (path, index)))
        one_changed, one_before, one_after = reconcile_pool(module, ctx, desired, validate=False)
        changed |= one_changed
        if one_before is not None:
            before[desired["name"]] = one_before
        after[desired["name"]] = one_after
    if purge:
        wanted = set(p["name"] for p in desired_pools or [])
        for pool in user_pools(module, ctx):
            if pool["name"] in wanted or pool.get("control_plane"):
                continue
            one_changed, one_before = delete_pool(module, ctx, pool["name"])
            changed |= one_changed
            before[pool["name"]] = one_before
    return changed, before, after


def check_offerings(module, ctx, pools, path="node_pools"):
    """Errors for instance types not offered in the cluster's region and AMI types Palette does not offer
    (issue 13 item 5), asked of Palette for the pools that set them; so check mode fails where the real run
    would meet a 400. ``pools`` is a list of ``(option path, option-shaped pool)``."""
    wanted = [(where, p) for where, p in pools if p.get("instance_type") or p.get("ami_type")]
    if not wanted or not ctx.exists:
        return []
    errors = []
    region = ctx.cluster_config(module).get("region")
    account = ((ctx.load(module).get("spec") or {}).get("cloudAccountRef") or {}).get("uid")
    if region and any(p.get("instance_type") for _w, p in wanted):
        answer = api_step(module, "list the instance types of region %s" % region, module.read,
                          paths.instance_types(region), query={"cloudAccountUid": account} if account else None)
        offered = set(t.get("type") for t in (answer or {}).get("instanceTypes") or [])
        for where, pool in wanted:
            if offered and pool.get("instance_type") and pool["instance_type"] not in offered:
                errors.append("%s: %s is not offered in region %s; pick an instance type the region "
                              "offers" % (join(where, "instance_type"), pool["instance_type"], region))
    if ctx.cloud_type == "eks" and any(p.get("ami_type") for _w, p in wanted):
        offered = set((api_step(module, "list the EKS AMI types", module.read, paths.AMI_TYPES) or {}).get("amiTypes")
                      or [])
        for where, pool in wanted:
            if offered and pool.get("ami_type") and pool["ami_type"] not in offered:
                errors.append("%s: %s is not offered for EKS node pools here; use one of %s"
                              % (join(where, "ami_type"), pool["ami_type"], ", ".join(sorted(offered))))
    return errors


def pool_machines(module, ctx, name):
    """Machines of a pool: list of ``{name, uid, state, health, ready}`` (``[]`` when none)."""
    if not ctx.exists:
        return []
    items = api_step(module, "list the machines of node pool %s" % name, module.client.paginate, "GET",
                     ctx.pools_path(name) + "/machines")
    out = []
    for item in items or []:
        status = item.get("status") or {}
        health = status.get("health")
        out.append({"name": (item.get("metadata") or {}).get("name"), "uid": (item.get("metadata") or {}).get("uid"),
                    "state": status.get("instanceState"),
                    "health": health.get("state") if isinstance(health, dict) else health,
                    "ready": status.get("ready")})
    return out


def ready_bounds(read):
    """``(low, high)`` Running machines a ready pool may have: an autoscaler moves the live count anywhere in
    ``[min_size, max(max_size, size)]`` (REFERENCE.md 11.4)."""
    size = read.get("size") or 0
    low = read.get("minSize") if read.get("minSize") is not None else size
    high = max(read.get("maxSize") if read.get("maxSize") is not None else size, size)
    return min(low, size), high


def _pool_progress(bounds):
    def describe(machines):
        counts = {}
        for machine in machines or []:
            counts[machine.get("state") or "Unknown"] = counts.get(machine.get("state") or "Unknown", 0) + 1
        text = ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items())) or "no machines"
        wanted = "%d" % bounds[0] if bounds[0] == bounds[1] else "%d to %d" % bounds
        return "%s of %s wanted" % (text, wanted)
    return describe


def wait_pool_ready(module, ctx, name, timeout=None, progress=None):
    """Wait (``module.wait``: nothing in check mode) until pool ``name`` has no machine busy or failed and its Running
    count within ``ready_bounds``. Returns the ``WaitResult`` (None in check mode or without a cluster). A timeout
    or a Failed machine raises ``WaitError`` with the states seen (``PaletteModule.run`` reports them)."""
    if not ctx.exists:
        return None
    read = ctx.pool_read(module, name) or {}
    bounds = ready_bounds(read)

    def done(machines):
        running = [m for m in machines if m.get("state") == "Running"]
        busy = [m for m in machines if m.get("state") in MACHINE_BUSY_STATES + MACHINE_FAILED_STATES]
        return bounds[0] <= len(running) <= bounds[1] and not busy

    def failed(machines):
        bad = [m["name"] for m in machines if m.get("state") in MACHINE_FAILED_STATES]
        return "machines failed: %s" % ", ".join(sorted(bad)) if bad else None

    return module.wait(lambda: pool_machines(module, ctx, name), done, failed=failed, timeout=timeout,
                       progress=progress, describe=_pool_progress(bounds),
                       what="node pool %s of cluster %s" % (name, ctx.name))


def run_node_pool(module):
    """present: create or update the pool, then wait for its machines; absent: delete it. Returns the result."""
    params = module.params
    name = params["name"]
    errors = validate_wait_options(params)  # before any request, whatever the state
    if errors:
        raise Failure("; ".join(errors), errors=errors)
    ctx = load_child_context(module, "node_pool")
    if ctx is None:
        if params["state"] == "absent":
            return module.resource_result("node_pool", {}, changed=False)
        after = predicted_options(module, NODE_POOL_OPTIONS)
        return module.resource_result("node_pool", dict(after, cluster_uid=None), changed=True,
                                      diff=object_diff(None, after, "node pool %s of cluster %s" % (name, params["cluster"])))
    what = "node pool %s of cluster %s" % (name, ctx.name)
    if params["state"] == "absent":
        changed, before = delete_pool(module, ctx, name)
        return module.resource_result("node_pool", {}, changed=changed, diff=object_diff(before, None, what))
    desired = options_of(module, NODE_POOL_OPTIONS)
    errors = validate_pool(module, ctx, desired)
    if not errors and plan_pool(module, ctx, desired)[0] is not None:
        errors = check_offerings(module, ctx, [("", _changed_offerings(module, ctx, desired))])
    if errors:
        raise Failure("; ".join(errors), errors=errors)
    changed, before, after = reconcile_pool(module, ctx, desired, validate=False)
    result = dict(after or {}, cluster_uid=ctx.uid)
    if params["wait"]:
        try:
            waited = wait_pool_ready(module, ctx, name, timeout=params.get("wait_timeout"))
        except WaitError as err:
            raise Failure("node pool %s is not ready: %s" % (name, err), machines=err.last,
                          last_state=err.last_state, states=err.history, elapsed=round(err.elapsed, 1))
        if waited is not None:
            result["machines"] = waited.value
            current = current_pool(module, ctx, name)
            if current is not None:
                result.update(managed_view(current))
    return module.resource_result("node_pool", result, changed=changed, diff=object_diff(before, after, what))


def _changed_offerings(module, ctx, desired):
    """The instance type / AMI type of ``desired`` that this run would send new (create, or a change)."""
    current = current_pool(module, ctx, desired["name"])
    out = {}
    for key in ("instance_type", "ami_type"):
        if desired.get(key) and (current is None or current.get(key) != desired[key]):
            out[key] = desired[key]
    return out
