# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""orphaned_resources(_info): the module side of ``_aws.orphans`` (clients, the Palette evidence, results).

The purge deletes a cluster's VPC, subnets and addresses, so it needs positive evidence that the cluster is gone
(issue 12 item 1): Palette is asked in every project the API key can see (each with its ``ProjectUid``) and in the
tenant scope, and every answer must parse as what it must be. An empty, unparsable or ambiguous answer stops the
purge; the result says where Palette was asked (``cluster_search``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import cluster_search_body
from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_failure
from ansible_collections.palette.aws.plugins.module_utils._aws.orphans import find_orphans, purge_orphans
from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client, aws_errors
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

MAX_PAGES = 100
SKIP_HINT = "set require_cluster_deleted=false only if you know the cluster is gone"


def validate(module):
    """Raises Failure on a cluster name Palette cannot have (nothing could be tagged with it), before any call."""
    errors = v.validate_dns1123_label(module.params["cluster"], "cluster", "cluster name")
    if errors:
        raise Failure("; ".join(errors))


def _clients(module):
    return lambda service: aws_client(module, service)


def report(module):
    """find_orphans for the module's cluster; AWS errors become a Failure naming the call."""
    validate(module)
    try:
        found = find_orphans(_clients(module), module.params["cluster"])
    except aws_errors() as exc:
        raise aws_failure(exc, "orphan discovery for cluster %s (describe calls)" % module.params["cluster"])
    return dict(changed=False, resources=found["resources"], count=found["count"], left_alone=found["left_alone"])


# -- evidence that the cluster is gone ----------------------------------------------------------------------------

def _unproven(what, detail):
    return Failure("cannot prove that cluster is gone, so nothing was deleted: %s %s; retry later, or %s"
                   % (what, detail, SKIP_HINT))


def _projects(client):
    """[(name, uid)] of every project the key can see; the answer must be ``{items: [{metadata: {uid}}]}``."""
    try:
        answer = client.get(paths.PROJECTS_METADATA, tenant=True)
    except PaletteError as err:
        raise _unproven("the project list failed:", str(err))
    items = answer.get("items") if isinstance(answer, dict) else None
    if not isinstance(items, list) or not items:
        raise _unproven("the project list (GET %s) came back" % paths.PROJECTS_METADATA,
                        "empty or in an unexpected shape (%s)" % _shape(answer))
    projects = []
    for item in items:
        meta = item.get("metadata") if isinstance(item, dict) else None
        if not isinstance(meta, dict) or not isinstance(meta.get("uid"), str) or not meta["uid"]:
            raise _unproven("the project list", "has an entry without metadata.uid (%s)" % _shape(item))
        projects.append((meta.get("name") or meta["uid"], meta["uid"]))
    return projects


def _shape(value):
    if value is None:
        return "no body"
    if isinstance(value, dict):
        return "an object with keys %s" % (", ".join(sorted(value)) or "none")
    return "a %s" % type(value).__name__


def _scoped(client, project_uid):
    """A copy of the client that sends ``ProjectUid: project_uid`` (None: the tenant scope)."""
    scoped = copy.copy(client)
    scoped.project_uid = project_uid
    return scoped


def _search_scope(client, name, where, tenant):
    """Live clusters named ``name`` in one scope, from answers that must be ``{items: [...], listmeta}`` pages."""
    body, query, found = cluster_search_body(name), {}, []
    for _page in range(MAX_PAGES):
        try:
            answer = client.request("POST", paths.CLUSTER_SEARCH, body=body, query=query, idempotent=True,
                                    tenant=tenant)
        except PaletteError as err:
            raise _unproven("the cluster search in %s failed:" % where, str(err))
        items = answer.get("items") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise _unproven("the cluster search in %s came back" % where,
                            "empty or in an unexpected shape (%s)" % _shape(answer))
        for item in items:
            meta = item.get("metadata") if isinstance(item, dict) else None
            if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
                raise _unproven("the cluster search in %s" % where, "has an entry without metadata.name")
            if meta["name"] == name:
                found.append({"uid": meta.get("uid"), "scope": where,
                              "state": ((item.get("status") or {}).get("state")) or "Unknown"})
        token = (answer.get("listmeta") or {}).get("continue") if isinstance(answer.get("listmeta"), dict) else None
        if not token:
            return found
        query = {"continue": token}
    raise _unproven("the cluster search in %s" % where, "did not end after %d pages" % MAX_PAGES)


def cluster_search(module):
    """Where Palette was asked for the cluster and what it said: ``{cluster, scopes: [...], found: [...]}``.

    Raises Failure when an answer does not prove anything (error, empty body, wrong shape).
    """
    name, client = module.params["cluster"], module.client
    scopes, found = [], []
    for project, uid in _projects(client):
        where = "project %s" % project
        hits = _search_scope(_scoped(client, uid), name, where, tenant=False)
        scopes.append({"scope": "project", "name": project, "uid": uid, "clusters_named": len(hits)})
        found += hits
    hits = _search_scope(_scoped(client, None), name, "the tenant scope", tenant=True)
    scopes.append({"scope": "tenant", "name": None, "uid": None, "clusters_named": len(hits)})
    found += hits
    return {"cluster": name, "scopes": scopes, "found": found}


def guard(module):
    """The evidence (None when require_cluster_deleted=false); raises Failure while Palette still has the cluster."""
    if not module.params["require_cluster_deleted"]:
        return None
    evidence = cluster_search(module)
    if evidence["found"]:
        where = "; ".join("%s (state %s, uid %s)" % (c["scope"], c["state"], c["uid"]) for c in evidence["found"])
        raise Failure("cluster %s still exists in Palette: %s; its AWS resources are not orphans. Delete it first "
                      "(aws_palette_cluster state=absent, with force_delete once it has been stuck in Deleting)"
                      % (module.params["cluster"], where),
                      cluster_state=evidence["found"][0]["state"], cluster_search=evidence)
    return evidence


def _failed_entries(failures):
    return ["%s %s: %s" % (rtype, entry["id"], entry["error"]) for rtype, entries in sorted(failures.items())
            for entry in entries]


def purge(module):
    """The orphaned_resources flow: validate, prove the cluster is gone, purge; raises Failure on what could not go."""
    validate(module)
    params = module.params
    evidence = guard(module)
    try:
        result = purge_orphans(_clients(module), params["cluster"], include_volumes=params["include_volumes"],
                               check_mode=module.check_mode, wait_timeout=params["wait_timeout"])
    except aws_errors() as exc:
        raise aws_failure(exc, "orphan purge for cluster %s (describe calls)" % params["cluster"],
                          cluster_search=evidence)
    result["cluster_search"] = evidence
    failures = _failed_entries(result["failures"])
    if failures:
        raise Failure("could not delete %d orphaned resource(s) of cluster %s (re-run to retry): %s"
                      % (len(failures), params["cluster"], "; ".join(failures)), **result)
    return result
