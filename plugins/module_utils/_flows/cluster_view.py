# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Views of a cluster for results and diffs: what Palette has (``read_cluster_view``), what a create body would
produce (``predicted_view``, check mode) and the managed, comparable fields of a view (``diff_view``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, node_pools
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec

# read-only results left out of diffs (they change on their own)
# Read-only facts Palette reports; never part of a diff.
VOLATILE = ("state", "health", "uid", "cloud_config_uid", "api_endpoints", "karpenter_pools")


def read_cluster_view(module, cluster, overview=None, ctx=None, with_health=True):
    """The ``cluster`` result (INTERFACE.md section 1) of a raw ``v1SpectroCluster``.

    ``ctx`` (a ``ClusterContext`` of this cluster) lends its cloud config when already read; the overview
    (health) is fetched unless given or ``with_health`` is false.
    """
    ctx = ctx or cluster_context.ClusterContext(cluster)
    if overview is None and with_health and ctx.uid:
        overview = module.client.get(paths.cluster_overview(ctx.uid))
    return cluster_spec.normalise_cluster(cluster, ctx.load(module), overview)


def predicted_view(body, cloud_type):
    """The ``cluster`` result a create body would produce (check mode)."""
    spec = body["spec"]
    cluster = {"metadata": copy.deepcopy(body["metadata"]),
               "spec": {"cloudType": cloud_type, "clusterConfig": copy.deepcopy(spec.get("clusterConfig") or {})},
               "status": {}}
    cloud_config = {"spec": {"cloudAccountRef": {"uid": spec["cloudAccountUid"]},
                             "clusterConfig": copy.deepcopy(spec["cloudConfig"]),
                             "machinePoolConfig": [node_pools.entity_to_read(e) for e in spec.get("machinepoolconfig") or []],
                             "fargateProfiles": copy.deepcopy(spec.get("fargateProfiles") or [])}}
    return cluster_spec.normalise_cluster(cluster, cloud_config)


def diff_view(view):
    """Managed, normalised fields of a cluster view (no volatile state; CIDR lists are sets)."""
    view = dict((k, v) for k, v in (view or {}).items() if k not in VOLATILE)
    for key in ("public_access_cidrs", "private_access_cidrs"):
        if view.get(key):
            view[key] = sorted(view[key])
    return normalise(view) or {}
