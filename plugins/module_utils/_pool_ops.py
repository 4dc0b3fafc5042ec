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

from ansible_collections.palette.aws.plugins.module_utils._client import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._lookup import find_cluster, get_cloud_config
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fargate_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as pool_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid
from ansible_collections.palette.aws.plugins.module_utils._wait import WaitError, wait_for

MACHINE_BUSY_STATES = ("Pending", "Provisioning", "Provisioned", "Deleting")
MACHINE_FAILED_STATES = ("Failed",)


class ClusterContext:
    """What pool and Fargate steps need to know about one cluster.

    ``uid``, ``name``, ``cloud_type`` (``eks`` / ``aws``), ``config_uid`` (cloud config uid), ``cluster``
    (the raw ``v1SpectroCluster``) and ``cloud_config`` (the raw ``v1EksCloudConfig`` /
    ``v1AwsCloudConfig``, re-read after ``refresh()``). In check mode after a predicted create there is
    no cluster yet: ``uid`` is None and ``cloud_config`` an empty shell.
    """

    def __init__(self, cluster, cloud_config=None):
        meta = (cluster or {}).get("metadata") or {}
        spec = (cluster or {}).get("spec") or {}
        self.cluster = cluster or {}
        self.uid = meta.get("uid")
        self.name = meta.get("name")
        self.cloud_type = spec.get("cloudType")
        self.config_uid = (spec.get("cloudConfigRef") or {}).get("uid")
        self._cloud_config = cloud_config
        self._stale = cloud_config is None

    @property
    def exists(self):
        return bool(self.uid and self.config_uid)

    def refresh(self):
        """Mark the cloud config stale: the next read fetches it again."""
        self._stale = True

    def load(self, module):
        """The cloud config, fetched when stale (or never read)."""
        if self._stale:
            self._cloud_config = None
            if self.exists:
                self._cloud_config = _call(module, "read the cloud config of cluster %s" % self.name,
                                           get_cloud_config, module.client, self.cloud_type, self.config_uid)
            self._stale = False
        return self._cloud_config or {}

    @property
    def cloud_config(self):
        return self._cloud_config or {}

    def cluster_config(self, module):
        """``spec.clusterConfig`` of the cloud config (region, vpcId, endpointAccess, ...)."""
        return (self.load(module).get("spec") or {}).get("clusterConfig") or {}

    def static(self, module):
        """True when the cluster runs in a VPC the user gave (static placement)."""
        return bool(self.cluster_config(module).get("vpcId"))

    def pools_read(self, module):
        """Raw flat pools (``spec.machinePoolConfig``), the EKS ``cp-pool`` included."""
        return list((self.load(module).get("spec") or {}).get("machinePoolConfig") or [])

    def pool_read(self, module, name):
        for pool in self.pools_read(module):
            if pool.get("name") == name:
                return pool
        return None

    def fargate_read(self, module):
        """Raw ``v1FargateProfile`` list (EKS only; ``[]`` otherwise)."""
        return list((self.load(module).get("spec") or {}).get("fargateProfiles") or [])

    def pools_path(self, name=None):
        path = "/v1/cloudconfigs/%s/%s/machinePools" % (self.cloud_type, self.config_uid)
        return path + ("/%s" % name if name else "")


def _call(module, action, func, *args, **kwargs):
    """Run one API step; fail the module with ``action`` named when Palette refuses it."""
    try:
        return func(*args, **kwargs)
    except PaletteError as err:
        module.fail_api(err, "cannot %s" % action)


def load_cluster_context(module, name_or_uid, required=True):
    """``ClusterContext`` of the cluster named (or with the uid) ``name_or_uid``.

    A value that looks like a uid (24 hex digits) is tried as a uid first, then as a name. When there is
    no such cluster: fails the module (``required``) or returns None.
    """
    client = module.client
    cluster = None
    if is_uid(name_or_uid):
        cluster = _call(module, "read cluster %s" % name_or_uid, find_cluster, client, uid=name_or_uid)
    if cluster is None:
        cluster = _call(module, "find cluster %s" % name_or_uid, find_cluster, client, name=name_or_uid)
    if cluster is None:
        if required:
            module.fail_json(msg="cluster %r not found by name or uid in this Palette scope (project %s); check "
                                 "the name, palette_project, or create it with palette.aws.aws_palette_cluster"
                                 % (name_or_uid, module.params.get("palette_project") or "none: tenant"))
        return None
    if (cluster.get("status") or {}).get("state") == "Deleting":
        module.fail_json(msg="cluster %s is being deleted (state Deleting); its pools and profiles cannot change"
                             % name_or_uid)
    if cluster.get("spec", {}).get("cloudType") not in ("eks", "aws"):
        module.fail_json(msg="cluster %r has cloud type %r; this collection manages eks and aws clusters only"
                             % (name_or_uid, cluster.get("spec", {}).get("cloudType")))
    return ClusterContext(cluster)


# ------------------------------------------------------------------------------------------ pools

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

        _call(module, "create node pool %s in cluster %s" % (name, ctx.name), module.create, ctx.pools_path(), body, find)
    else:
        _call(module, "update node pool %s of cluster %s" % (name, ctx.name), module.write, "PUT",
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
    _call(module, "delete node pool %s of cluster %s" % (name, ctx.name), module.write, "DELETE",
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
    items = _call(module, "list the machines of node pool %s" % name, module.client.paginate, "GET",
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


# ---------------------------------------------------------------------------------------- Fargate

def _fargate_view(read_list):
    """``{name: normalised profile}`` of a read (or request) ``fargateProfiles`` list."""
    return dict((p.get("name"), fargate_spec.normalise_fargate_profile(p)) for p in read_list or [])


def validate_fargate(module, ctx, profiles, path="fargate_profiles"):
    """Errors for a list of desired profiles (EKS only; static placement needs subnets)."""
    if ctx.cloud_type != "eks":
        return ["%s: Fargate profiles exist only on EKS clusters (cluster %s has cloud type %s); remove them"
                % (path, ctx.name, ctx.cloud_type)]
    static = ctx.static(module) if ctx.exists else None
    current = ctx.fargate_read(module) if ctx.exists else []
    errors = []
    for index, profile in enumerate(profiles or []):
        effective = fargate_spec.effective_fargate_profile(profile, current)
        errors += fargate_spec.validate_fargate_profile(effective, "%s[%d]" % (path, index), static=static)
    names = [p.get("name") for p in profiles or []]
    for name in sorted(set(n for n in names if names.count(n) > 1)):
        errors.append("%s: profile %s is listed more than once; list each profile once" % (path, name))
    return errors


def _put_fargate(module, ctx, new_list, before, after):
    if _canon_view(before) == _canon_view(after):
        return False
    _call(module, "replace the Fargate profiles of cluster %s" % ctx.name, module.write, "PUT",
          "/v1/cloudconfigs/eks/%s/fargateProfiles" % ctx.config_uid, body={"fargateProfiles": new_list})
    if not module.check_mode:
        ctx.refresh()
    return True


def _canon_view(view):
    out = {}
    for name, profile in (view or {}).items():
        selectors = [(s.get("namespace"), sorted((s.get("labels") or {}).items())) for s in profile.get("selectors") or []]
        out[name] = dict(profile, subnets=sorted(profile.get("subnets") or []), selectors=sorted(selectors))
    return out


def reconcile_fargate(module, ctx, desired_list, purge=False, path="fargate_profiles", validate=True):
    """Make the listed profiles present (unset options keep their value); ``purge`` removes unlisted ones.

    Palette replaces the whole list, so one PUT carries every profile. Returns
    ``(changed, before, after)`` as ``{profile name: profile}`` maps of the whole list.
    """
    if validate:
        errors = validate_fargate(module, ctx, desired_list, path)
        if errors:
            module.fail_json(msg="; ".join(errors))
    current = ctx.fargate_read(module)
    new_list = fargate_spec.merge_fargate_profile_list(current, desired_list, purge=purge)
    before, after = _fargate_view(current), _fargate_view(new_list)
    return _put_fargate(module, ctx, new_list, before, after), before, after


def delete_fargate_profile(module, ctx, name):
    """Remove one profile (PUT of the list without it). Returns ``(changed, before)``."""
    if ctx.cloud_type != "eks":
        return False, None
    current = ctx.fargate_read(module)
    before = _fargate_view(current)
    if name not in before:
        return False, None
    new_list = fargate_spec.merge_fargate_profiles(current, {"name": name}, state="absent")
    _put_fargate(module, ctx, new_list, before, _fargate_view(new_list))
    return True, before[name]
