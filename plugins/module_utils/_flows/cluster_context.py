# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the pool, Fargate and other child-object flows know about one cluster, and how they load it.

    ctx = load_cluster_context(module, module.params['cluster'])   # raises Failure when absent
    ctx.load(module)           # the cloud config (read once, again after ctx.refresh())
    ctx.checked(module)        # the same, which must be a real cloud config (before planning a write)
    ctx.fresh(module)          # a new, checked read now (read-modify-write: right before a write and to verify it)

Helpers raise ``Failure`` (``palette.Failure``) and return: only ``PaletteModule.run`` ends a run. A cloud-config
read that is not a cloud config (an empty or wrongly shaped answer) is an error, never "no pools / no profiles":
a whole-list write built from it would drop what others have (issue 12 item 2).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cluster, get_cloud_config
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


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
        """The cloud config, fetched when stale (or never read); ``{}`` when there is none (e.g. a deleted cluster)."""
        if self._stale:
            self._cloud_config = None
            if self.exists:
                self._cloud_config = api_step(module, "read the cloud config of cluster %s" % self.name,
                                              get_cloud_config, module.client, self.cloud_type, self.config_uid)
            self._stale = False
        return self._cloud_config if isinstance(self._cloud_config, dict) else {}

    def checked(self, module):
        """The cloud config, which must be a real one before a write is planned from it: an empty or malformed read
        raises Failure (issue 12 item 2), so that no whole-list write drops what others have."""
        read = self.load(module)
        spec = read.get("spec")
        if not isinstance(spec, dict) or not isinstance(spec.get("machinePoolConfig"), list) \
                or not spec["machinePoolConfig"] or not isinstance(spec.get("fargateProfiles") or [], list):
            raise Failure("the read of the cloud config of cluster %s (%s) did not return a cloud config with its "
                          "machine pools (an empty or malformed answer); nothing was changed, so that no pool or "
                          "Fargate profile is lost: run the task again" % (self.name, self.config_uid))
        return read

    def fresh(self, module):
        """Read the cloud config again now (right before a write, and to verify it), checked like ``checked``."""
        self._stale = True
        return self.checked(module)

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
    """Run one API step; when Palette refuses it, raise Failure naming ``action`` (the error kept in ``error``)."""
    try:
        return func(*args, **kwargs)
    except PaletteError as err:
        extra = {"error": err.to_dict()} if isinstance(err, PaletteApiError) else {}
        raise Failure("cannot %s: %s" % (action, err), **extra)


def load_cluster_context(module, name_or_uid, required=True):
    """``ClusterContext`` of the cluster named (or with the uid) ``name_or_uid``.

    A value that looks like a uid (24 hex digits) is tried as a uid first, then as a name. When there is
    no such cluster: raises Failure (``required``) or returns None.
    """
    client = module.client
    cluster = None
    if is_uid(name_or_uid):
        cluster = api_step(module, "read cluster %s" % name_or_uid, find_cluster, client, uid=name_or_uid)
    if cluster is None:
        cluster = api_step(module, "find cluster %s" % name_or_uid, find_cluster, client, name=name_or_uid)
    if cluster is None:
        if required:
            raise Failure("cluster %r not found by name or uid in this Palette scope (project %s); check the "
                          "cluster option, palette_project, or create it with palette.aws.aws_palette_cluster"
                          % (name_or_uid, module.params.get("palette_project") or "none: tenant"))
        return None
    if (cluster.get("status") or {}).get("state") == "Deleting":
        raise Failure("cluster %s is being deleted (state Deleting); its pools and profiles cannot change"
                      % name_or_uid)
    if cluster.get("spec", {}).get("cloudType") not in ("eks", "aws"):
        raise Failure("cluster %r has cloud type %r; this collection manages eks and aws clusters only"
                      % (name_or_uid, cluster.get("spec", {}).get("cloudType")))
    return ClusterContext(cluster)


def options_of(module, names):
    return dict((k, module.params.get(k)) for k in names)


def load_child_context(module, key):
    """The cluster's ``ClusterContext``, or None when the cluster is missing and that is not an error.

    Missing is fine for ``state=absent`` (the object is gone with its cluster: the caller returns "no change")
    and in check mode (a dry run of a deploy play whose cluster task only predicted the create: the caller
    returns the predicted object; a warning says so). Otherwise a missing cluster raises Failure.
    """
    params = module.params
    lenient = params["state"] == "absent" or module.check_mode
    ctx = load_cluster_context(module, params["cluster"], required=not lenient)
    if ctx is None and params["state"] != "absent":
        module.warn("cluster %s does not exist; check mode predicts the %s as if the cluster had been created"
                    % (params["cluster"], key.replace("_", " ")))
    return ctx


def predicted_options(module, names):
    """The options the user set (empty members dropped), for a check-mode prediction without a cluster."""
    return normalise(options_of(module, names)) or {}


def object_diff(before, after, what, after_note=None):
    diff = {"before": before or {}, "after": after or {}, "before_header": what, "after_header": what}
    if after_note:
        diff["after_header"] = "%s (%s)" % (what, after_note)
    return diff
