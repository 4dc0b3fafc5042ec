# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``aws_palette_cluster_info``: list clusters from the search summaries (one request per page of 50), add the
per-cluster details only for the clusters asked for, wait for many clusters at once, write a kubeconfig.

Requests: a summary listing = the search pages (+ one dashboard meta list for the regions); ``details: full`` adds
per cluster: the cluster, its overview, its cloud config and one machines list per pool. A ``wait_for`` poll is one
search request for every awaited cluster (up to 50 a page).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import get_cluster, search_cluster_summaries
from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitError
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_context, node_pools
from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_summary as summaries
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_view import read_cluster_view
from ansible_collections.palette.aws.plugins.module_utils._flows.cost import estimate_cluster
from ansible_collections.palette.aws.plugins.module_utils._flows.kubeconfig import download_kubeconfig, needs_write, write_private_file
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_wait_options
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


class Selection:
    """Which clusters the options select: ``names`` / ``uids`` (any of them) and the filters."""

    def __init__(self, params):
        wanted = list(params.get("clusters") or [])
        if params.get("cluster"):
            wanted.append(params["cluster"])
        self.uids = [w for w in wanted if summaries.looks_like_uid(w)] + ([params["uid"]] if params.get("uid") else [])
        self.names = [w for w in wanted if not summaries.looks_like_uid(w)]
        # the order a wait reports in: what the user listed
        self.wanted = wanted + ([params["uid"]] if params.get("uid") else [])
        self.tags, self.states, self.cloud_types = params.get("tags"), params.get("states"), params.get("cloud_types")
        # a wait sees Deleted clusters too: "went Deleted" (running) or "done" (deleted), not "does not exist"
        self.include_deleted = "Deleted" in (self.states or []) or bool(params.get("wait_for"))

    @property
    def named(self):
        return bool(self.wanted)


def _search(module, selection):
    """Summaries of the search: filtered on the names by the server when only names are asked for."""
    names = selection.names
    if selection.uids:
        # a uid is not a search property: read the cluster for its name (one GET), then search by name
        for uid in selection.uids:
            cluster = get_cluster(module.client, uid, include_deleted=True)
            if cluster is not None:
                names = names + [(cluster.get("metadata") or {}).get("name")]
        if not names:
            return []
    return search_cluster_summaries(module.client, include_deleted=selection.include_deleted, names=names or None)


def _regions(module):
    """Region of every cluster by uid: one dashboard meta list for the whole scope."""
    metas = module.client.get(paths.CLUSTERS_META) or []
    if isinstance(metas, dict):  # some Palette versions wrap the list
        metas = metas.get("items") or []
    return dict(((m.get("metadata") or {}).get("uid"), (m.get("spec") or {}).get("cloudRegion") or None)
                for m in metas)


def summary_views(module, selection, with_regions):
    """Summary views of the selected clusters, sorted by name."""
    items = _search(module, selection)
    regions = _regions(module) if with_regions and items else {}
    views = [summaries.summary_view(s, regions.get((s.get("metadata") or {}).get("uid"))) for s in items]
    views = [v for v in views if summaries.selected(v, selection.names, selection.uids, selection.tags,
                                                    selection.states, selection.cloud_types)]
    return sorted(views, key=lambda v: (v["name"] or "", v["uid"] or ""))


def full_view(module, view):
    """The summary view plus the cluster view of ``aws_palette_cluster`` and each pool's machines."""
    cluster = get_cluster(module.client, view["uid"], include_deleted=True)
    if cluster is None:  # gone since the search
        return view
    ctx = cluster_context.ClusterContext(cluster)
    live = (cluster.get("status") or {}).get("state") != "Deleted"
    full = read_cluster_view(module, cluster, ctx=ctx, with_health=live)
    for pool in full.get("node_pools") or []:
        pool["machines"] = node_pools.pool_machines(module, ctx, pool["name"]) if live else []
    out = dict(view)
    out.update((k, v) for k, v in full.items() if v is not None or k not in out)
    out["details"] = "full"
    return out


def details_level(params, selection):
    """``auto``: full for one cluster named by ``cluster``/``uid`` (what a single-cluster play reads), else summary."""
    if params["details"] != "auto":
        return params["details"]
    single = (params.get("cluster") or params.get("uid")) and not params.get("clusters")
    return "full" if single and not params.get("wait_for") else "summary"


def validate(params):
    errors = validate_wait_options(params)
    if params.get("kubeconfig_type") != "user" and not params.get("kubeconfig_path"):
        errors.append("kubeconfig_type: set kubeconfig_path too (the kubeconfig is written to a file, never returned)")
    if params.get("wait_for") and not (params.get("cluster") or params.get("uid") or params.get("clusters")):
        errors.append("wait_for: name the clusters to wait for with cluster, uid or clusters")
    if params.get("wait_for") and params.get("kubeconfig_path"):
        errors.append("kubeconfig_path: not with wait_for; read the kubeconfig in a task after the wait")
    for index, value in enumerate(params.get("clusters") or []):
        if not value or not value.strip():
            errors.append("clusters[%d]: a cluster name or uid is required, got an empty string" % index)
    if errors:
        raise Failure("; ".join(errors), errors=errors)


def wait(module, selection, condition):
    """Poll the search until every named cluster meets ``condition``: one search request per poll.

    ``wait_timeout: 0`` polls once and reports where the wait stands (the action plugin's progress loop uses it).
    """
    wanted = list(selection.wanted)
    last = {"polls": 0}

    def fetch():
        views = summary_views(module, selection, with_regions=False)
        last["polls"] += 1
        last["views"] = views
        last["status"] = summaries.wait_status(condition, wanted, views)
        return last["status"]

    if module.check_mode:  # nothing was started in check mode: report once, never wait
        status = fetch()
        return last["views"], dict(status, elapsed=0.0, polls=1)
    timeout = module.params["wait_timeout"]
    what = "%s to be %s" % (", ".join(wanted), summaries.WAIT_CONDITIONS[condition])
    try:
        result = module.wait(fetch, lambda s: not s["pending"], what=what, timeout=timeout,
                             describe=lambda s: s["line"])
    except WaitError as err:
        status = dict(last.get("status") or {}, elapsed=round(err.elapsed, 1), polls=last["polls"])
        raise Failure("%s; last poll: %s" % (err, status.get("line")), clusters=last.get("views") or [], wait=status)
    status = dict(result.value, elapsed=round(result.elapsed, 1), polls=result.polls)
    if status["stopped"]:
        raise Failure("stopped waiting for %s: %s" % (what, "; ".join(status["stopped"])), clusters=last["views"],
                      wait=status)
    return last["views"], status


def run(module):
    params = module.params
    validate(params)
    selection = Selection(params)
    level = details_level(params, selection)
    result = dict(changed=False)
    if params.get("wait_for"):
        views, result["wait"] = wait(module, selection, params["wait_for"])
    else:
        views = summary_views(module, selection, with_regions=level == "summary")
    if level == "full":
        views = [full_view(module, v) for v in views]
    if params.get("cost_estimate"):
        for view in views:
            view["cost_estimate"] = estimate_cluster(module.client, view["uid"])
    result["clusters"] = views
    if params.get("kubeconfig_path"):
        result["kubeconfig_written"], result["changed"] = write_kubeconfig(
            module, views, params["kubeconfig_path"], params["kubeconfig_type"])
        result["kubeconfig_path"] = params["kubeconfig_path"]
    return result


def write_kubeconfig(module, views, path, kind):
    """Write the kubeconfig of the one matched cluster to ``path`` (0600): ``(written, changed)``; in check mode
    nothing is written and ``changed`` is the prediction."""
    if len(views) != 1:
        raise Failure("kubeconfig_path needs exactly one matching cluster, found %d (%s); narrow the search with "
                      "cluster or uid" % (len(views), ", ".join(v["name"] for v in views) or "none"))
    view = views[0]
    data = download_kubeconfig(module, view["uid"], view["name"], view.get("state"), kind)
    if module.check_mode:  # predicted: changed when the real run would write the file or fix its mode
        return False, needs_write(path, data) is not None
    try:
        written = write_private_file(path, data)
    except OSError as err:
        raise Failure("kubeconfig_path: cannot write the kubeconfig to %s: %s" % (path, err.strerror or err))
    return written, written
