# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``aws_palette_cluster_info``: find clusters by name, uid, tags or state; describe them; write a kubeconfig."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import get_cluster, search_cluster_summaries
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, node_pools
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_view import read_cluster_view
from ansible_collections.palette.aws.plugins.module_utils._flows.kubeconfig import download_kubeconfig, write_private_file
from ansible_collections.palette.aws.plugins.module_utils._specs.cluster import tags_to_labels

CLOUD_TYPES = ("eks", "aws")


def _matches(summary, name, tags, states):
    meta = summary.get("metadata") or {}
    labels = meta.get("labels") or {}
    if name and meta.get("name") != name:
        return False
    if states and ((summary.get("status") or {}).get("state") not in states):
        return False
    cloud_type = (((summary.get("specSummary") or {}).get("cloudConfig") or {}).get("cloudType"))
    if cloud_type and cloud_type not in CLOUD_TYPES:
        return False
    return all(labels.get(k) == v for k, v in tags_to_labels(tags).items())


def find_clusters(module, name=None, uid=None, tags=None, states=None):
    """Raw ``v1SpectroCluster`` documents of the clusters that match every filter given."""
    include_deleted = "Deleted" in (states or [])
    if uid:
        cluster = get_cluster(module.client, uid, include_deleted=include_deleted)
        if cluster is None:
            return []
        summary = dict(cluster, specSummary={"cloudConfig": {"cloudType": (cluster.get("spec") or {}).get("cloudType")}})
        return [cluster] if _matches(summary, name, tags, states) else []
    items = search_cluster_summaries(module.client, name, include_deleted)
    out = []
    for summary in sorted(items, key=lambda s: ((s.get("metadata") or {}).get("name") or "")):
        if _matches(summary, name, tags, states):
            cluster = get_cluster(module.client, summary["metadata"]["uid"], include_deleted=include_deleted)
            if cluster is not None:
                out.append(cluster)
    return out


def describe(module, cluster):
    """The cluster view of ``aws_palette_cluster`` plus each pool's machines (name, state, health, ready)."""
    ctx = cluster_context.ClusterContext(cluster)
    live = (cluster.get("status") or {}).get("state") not in ("Deleted",)
    view = read_cluster_view(module, cluster, ctx=ctx, with_health=live)
    for pool in view.get("node_pools") or []:
        pool["machines"] = node_pools.pool_machines(module, ctx, pool["name"]) if live else []
    return view


def run(module):
    params = module.params
    try:
        clusters = find_clusters(module, params["name"], params["uid"], params["tags"], params["states"])
        views = [describe(module, c) for c in clusters]
        result = dict(changed=False, clusters=views)
        if params["kubeconfig_path"]:
            result["kubeconfig_written"] = write_kubeconfig(module, views, params["kubeconfig_path"])
            result["kubeconfig_path"] = params["kubeconfig_path"]
    except PaletteError as err:
        module.fail_api(err, "cannot read Palette clusters")
    module.exit_json(**result)


def write_kubeconfig(module, views, path):
    """Write the kubeconfig of the one matched cluster to ``path`` (0600); False in check mode or unchanged."""
    if len(views) != 1:
        module.fail_json(msg="kubeconfig_path needs exactly one matching cluster, found %d (%s); narrow the search "
                             "with name or uid" % (len(views), ", ".join(v["name"] for v in views) or "none"))
    view = views[0]
    data = download_kubeconfig(module, view["uid"], view["name"], view.get("state"))
    if module.check_mode:
        return False
    try:
        return write_private_file(path, data)
    except OSError as err:
        module.fail_json(msg="cannot write the kubeconfig to %s: %s" % (path, err.strerror or err))
