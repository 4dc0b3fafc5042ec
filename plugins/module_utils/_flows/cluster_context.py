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


from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cluster, get_cloud_config
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid


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
                self._cloud_config = api_step(module, "read the cloud config of cluster %s" % self.name,
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
        return paths.machine_pools(self.cloud_type, self.config_uid, name)


def api_step(module, action, func, *args, **kwargs):
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
        cluster = api_step(module, "read cluster %s" % name_or_uid, find_cluster, client, uid=name_or_uid)
    if cluster is None:
        cluster = api_step(module, "find cluster %s" % name_or_uid, find_cluster, client, name=name_or_uid)
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


def options_of(module, names):
    return dict((k, module.params.get(k)) for k in names)


def load_child_context(module, key, **extra):
    """The cluster's ``ClusterContext``, or None when the cluster is missing and that is not an error.

    Missing is fine for ``state=absent`` (the object is gone with its cluster) and in check mode (a
    dry run of a deploy play, whose cluster task only predicted the create); the module then exits
    with the predicted object. Otherwise a missing cluster fails the module. ``extra`` goes into the
    result of the "already absent" exit.
    """
    params = module.params
    lenient = params["state"] == "absent" or module.check_mode
    ctx = load_cluster_context(module, params["cluster"], required=not lenient)
    if ctx is not None:
        return ctx
    if params["state"] == "absent":
        module.exit_resource(key, {}, changed=False, **extra)
    module.warn("cluster %s does not exist; check mode predicts the %s as if the cluster had been created"
                % (params["cluster"], key.replace("_", " ")))
    return None


def predicted_options(module, names):
    """The options the user set (empty members dropped), for a check-mode prediction without a cluster."""
    return normalise(options_of(module, names)) or {}


def object_diff(before, after, what, after_note=None):
    diff = {"before": before or {}, "after": after or {}, "before_header": what, "after_header": what}
    if after_note:
        diff["after_header"] = "%s (%s)" % (what, after_note)
    return diff
