# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Machine-pool and Fargate-profile reconcile steps of an existing cluster.

Shared by ``aws_palette_cluster`` (inline ``node_pools`` / ``fargate_profiles``), ``node_pool`` and
``fargate_profile``. Every function takes the module (a ``PaletteModule``) and a ``ClusterContext``:

    ctx = load_cluster_context(module, module.params['cluster'])      # fails the module if absent
    changed, before, after = reconcile_pool(module, ctx, desired_pool)  # option-shaped dicts
    changed, before = delete_pool(module, ctx, 'workers')
    changed, before, after = reconcile_fargate(module, ctx, [profile], purge=False)
    changed, before = delete_fargate_profile(module, ctx, 'fp-web')
    result = wait_pool_ready(module, ctx, 'workers', timeout=1800, progress=callback)

``desired_pool`` / ``profile`` use the option names of ``_specs.options`` (``None`` = unmanaged).
``before`` / ``after`` are normalised option-shaped dicts (``None`` when the object did not / will not
exist), ready for a ``diff``. All writes go through ``module.write`` / ``module.create``, so check mode
writes nothing and still returns the predicted ``after``. Input errors fail the module (``fail_json``)
before any write; API errors fail it through ``module.fail_api`` with the action that failed.
After a write the context's cloud config is re-read lazily (``ctx.refresh``), and only then: a run that
changes nothing reads it once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitError, wait_for
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_context import api_step, load_child_context, object_diff, options_of, predicted_options
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as pool_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import NODE_POOL_OPTIONS
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_wait_options

MACHINE_BUSY_STATES = ("Pending", "Provisioning", "Provisioned", "Deleting")


MACHINE_FAILED_STATES = ("Failed",)


def entity_to_read(entity):
    """A request entity ``{cloudConfig, poolConfig}`` as the flat read shape (the predicted read)."""
    flat = dict(copy.deepcopy(entity.get("cloudConfig") or {}))
    flat.update(copy.deepcopy(entity.get("poolConfig") or {}))
    subnets = flat.pop("subnets", None) or []
    flat["subnetIds"] = dict((s.get("az"), s.get("id")) for s in subnets)
    return flat


def managed_view(pool):
    """The option-shaped pool without empty members (what diffs and results show)."""
    return dict((k, v) for k, v in (pool or {}).items() if v not in (None, [], {}))


def current_pool(module, ctx, name):
    """Normalised current pool named ``name``, or None."""
    read = ctx.pool_read(module, name)
    return pool_spec.normalise_pool(read, ctx.cloud_type) if read else None


def user_pools(module, ctx):
    """Normalised pools a user manages by name: all but the EKS control-plane placement pool (``cp-pool``);
    an IaaS control-plane pool is included (``control_plane`` true)."""
    out = []
    for read in ctx.pools_read(module):
        if ctx.cloud_type == "eks" and (read.get("isControlPlane") or read.get("name") == pool_spec.EKS_CONTROL_PLANE_POOL):
            continue
        out.append(pool_spec.normalise_pool(read, ctx.cloud_type))
    return out


def validate_pool(module, ctx, desired, path=""):
    """Errors (list of str) for ``desired`` in the cluster of ``ctx``: the rules of
    ``pool_validation.validate_pool_for_cluster`` (the pool itself, against the pool of the same name if it
    exists, the cluster's placement and region, one IaaS control plane), the ones ``aws_palette_cluster``
    applies to its ``node_pools``. Uses the cloud config already read (no request when it is loaded)."""
    if not ctx.exists:  # check mode after a predicted create: only the pool itself can be checked
        return pool_spec.validate_node_pool(desired, ctx.cloud_type, path)
    cluster = cluster_spec.normalise_cluster(ctx.cluster, ctx.load(module))
    return pool_spec.validate_pool_for_cluster(desired, cluster, path)


def plan_pool(module, ctx, desired):
    """``(action, body, before, after)`` for one pool; action is None, ``create`` or ``update``."""
    read = ctx.pool_read(module, desired["name"]) if ctx.exists else None
    if read is None:
        body = pool_spec.build_pool_entity(desired, ctx.cloud_type)
        after = pool_spec.normalise_pool(entity_to_read(body), ctx.cloud_type)
        return "create", body, None, managed_view(after)
    current = pool_spec.normalise_pool(read, ctx.cloud_type)
    if not pool_spec.pool_differences(desired, current):
        return None, None, managed_view(current), managed_view(current)
    body = pool_spec.build_pool_entity(desired, ctx.cloud_type, current, read)
    after = pool_spec.normalise_pool(entity_to_read(body), ctx.cloud_type)
    return "update", body, managed_view(current), managed_view(after)


def reconcile_pool(module, ctx, desired, path="", validate=True):
    """Create the pool ``desired['name']`` or update it in place. Returns ``(changed, before, after)``.

    Only options set in ``desired`` are compared; an update sends the full entity with every unset
    option kept from the current pool (and unmanaged read fields passed through). A create is sent
    with ``module.create`` so a lost answer is adopted, never duplicated. ``path`` prefixes error
    messages (``node_pools[1]``). Does not wait: see ``wait_pool_ready``.
    """
    if validate:
        errors = validate_pool(module, ctx, desired, path)
        if errors:
            module.fail_json(msg="; ".join(errors))
    action, body, before, after = plan_pool(module, ctx, desired)
    if action is None:
        return False, before, after
    name = desired["name"]
    if action == "create":
        def find():
            ctx.refresh()
            return name if ctx.pool_read(module, name) else None

        api_step(module, "create node pool %s in cluster %s" % (name, ctx.name), module.create, ctx.pools_path(), body, find)
    else:
        api_step(module, "update node pool %s of cluster %s" % (name, ctx.name), module.write, "PUT",
              ctx.pools_path(name), body=body)
    if not module.check_mode:
        ctx.refresh()
    return True, before, after


def delete_pool(module, ctx, name):
    """Delete the worker pool ``name``. Returns ``(changed, before)``; absent already = no change.

    Refuses (fails the module) to delete a control-plane pool or the last worker pool: Palette needs
    one control plane (IaaS) and at least one worker pool.
    """
    read = ctx.pool_read(module, name) if ctx.exists else None
    if read is None:
        return False, None
    if read.get("isControlPlane") or (ctx.cloud_type == "eks" and name == pool_spec.EKS_CONTROL_PLANE_POOL):
        module.fail_json(msg="node pool %s of cluster %s is the control plane; it cannot be deleted (delete the "
                             "cluster instead)" % (name, ctx.name))
    workers = [p for p in user_pools(module, ctx) if not p.get("control_plane")]
    if [p["name"] for p in workers] == [name]:
        module.fail_json(msg="node pool %s is the last worker pool of cluster %s; a cluster needs at least one "
                             "worker pool, so add another pool before deleting this one" % (name, ctx.name))
    before = managed_view(pool_spec.normalise_pool(read, ctx.cloud_type))
    api_step(module, "delete node pool %s of cluster %s" % (name, ctx.name), module.write, "DELETE",
          ctx.pools_path(name))
    if not module.check_mode:
        ctx.refresh()
    return True, before


def reconcile_pools(module, ctx, desired_pools, purge=False, path="node_pools"):
    """Several pools by name, in Terraform's order: create new ones, update changed ones, then
    (``purge`` only) delete the worker pools not listed. Returns ``(changed, before, after)`` with
    before/after as ``{pool name: pool}`` of the pools touched or compared."""
    changed, before, after = False, {}, {}
    for index, desired in enumerate(desired_pools or []):
        one_changed, one_before, one_after = reconcile_pool(module, ctx, desired, "%s[%d]" % (path, index))
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


def _pool_progress(size):
    def describe(machines):
        counts = {}
        for machine in machines or []:
            counts[machine.get("state") or "Unknown"] = counts.get(machine.get("state") or "Unknown", 0) + 1
        text = ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items())) or "no machines"
        return "%s of %s wanted" % (text, size)
    return describe


def wait_pool_ready(module, ctx, name, timeout=None, progress=None):
    """Wait until pool ``name`` has exactly its size in Running machines and none busy.

    Returns ``WaitResult(value=machines, elapsed, polls, history)``, or None in check mode. Fails the
    module on timeout or when a machine is Failed, with the last state and the states seen.
    ``progress(machines, elapsed)`` is called after every poll (see ``_wait.wait_for``).
    """
    if module.check_mode or not ctx.exists:
        return None
    # the context is current: it is re-read after every write (reconcile_pool / delete_pool refresh it)
    read = ctx.pool_read(module, name) or {}
    size = read.get("size") or 0
    timeout = timeout if timeout is not None else module.params.get("wait_timeout") or 3600

    def done(machines):
        running = [m for m in machines if m.get("state") == "Running"]
        busy = [m for m in machines if m.get("state") in MACHINE_BUSY_STATES]
        return len(running) == size and not busy

    def failed(machines):
        bad = [m["name"] for m in machines if m.get("state") in MACHINE_FAILED_STATES]
        return "machines failed: %s" % ", ".join(sorted(bad)) if bad else None

    try:
        return wait_for(lambda: pool_machines(module, ctx, name), done, failed=failed, timeout=timeout,
                        max_interval=module.params.get("wait_sleep"), progress=progress,
                        describe=_pool_progress(size), what="node pool %s of cluster %s" % (name, ctx.name))
    except WaitError as err:
        module.fail_api(err, "node pool %s is not ready" % name, machines=err.last)


def run_node_pool(module):
    """present: create or update the pool, then wait for its machines; absent: delete it."""
    params = module.params
    name = params["name"]
    errors = validate_wait_options(params)  # before any request, whatever the state
    if errors:
        module.fail_json(msg="; ".join(errors))
    ctx = load_child_context(module, "node_pool")
    if ctx is None:
        after = predicted_options(module, NODE_POOL_OPTIONS)
        module.exit_resource("node_pool", dict(after, cluster_uid=None), changed=True,
                             diff=object_diff(None, after, "node pool %s of cluster %s" % (name, params["cluster"])))
    what = "node pool %s of cluster %s" % (name, ctx.name)
    if params["state"] == "absent":
        changed, before = delete_pool(module, ctx, name)
        module.exit_resource("node_pool", {}, changed=changed, diff=object_diff(before, None, what))
    desired = options_of(module, NODE_POOL_OPTIONS)
    changed, before, after = reconcile_pool(module, ctx, desired)
    result = dict(after or {}, cluster_uid=ctx.uid)
    if params["wait"]:
        waited = wait_pool_ready(module, ctx, name)
        if waited is not None:
            result["machines"] = waited.value
            current = current_pool(module, ctx, name)
            if current is not None:
                result.update(managed_view(current))
    module.exit_resource("node_pool", result, changed=changed, diff=object_diff(before, after, what))
