# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Name / uid resolution of Palette objects: project, cluster, cloud config, cloud account, profile.

``find_*`` return the object or None; ``resolve_*`` return what the caller needs or raise
PaletteLookupError with the names that do exist, so the user can fix a typo. "None" only ever means "Palette
said it does not exist" (404, or no match in a list that parsed as a list): an empty, truncated or wrongly shaped
answer raises PaletteApiError (see answers.py), so it is never taken for "absent".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import answers, paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteLookupError

_LISTED = 40  # longest list of existing names quoted in an error


def _meta(item):
    return (item or {}).get("metadata") or {}


def _state(item):
    return ((item or {}).get("status") or {}).get("state")


def _listing(names):
    names = sorted(set(n for n in names if n))
    if not names:
        return "none"
    more = len(names) - _LISTED
    return ", ".join(names[:_LISTED]) + (" ... (%d more)" % more if more > 0 else "")


def _get_or_none(client, path, query=None, expect="resource"):
    """The object at ``path`` (it must have the ``expect`` shape), or None when Palette answers 404."""
    try:
        return client.get(path, query=query, expect=expect)
    except PaletteApiError as err:
        if err.is_not_found:
            return None
        raise


def resolve_project(client, name_or_uid):
    """Project uid from a name or uid; the client then scopes every call to it."""
    return client.resolve_project(name_or_uid)


# -- clusters ---------------------------------------------------------------------------------

def _string_filter(prop, value, negation=False, ignore_case=None):
    condition = {"operator": "eq", "negation": negation, "match": {"conjunction": "or", "values": [value]}}
    if ignore_case is not None:
        condition["ignoreCase"] = ignore_case
    return {"property": prop, "type": "string", "condition": {"string": condition}}


def cluster_search_body(name=None, include_deleted=False, names=None):
    """The one cluster search body (lookups, ``aws_palette_cluster_info``, the inventory plugin).

    As the Palette SDK's ``GetClusterByName``: not nested, not deleted (unless asked) and, when ``name`` is
    given, named exactly ``name`` (case-sensitive) in a second filter group. ``names`` (a list) selects any of
    these names in that group instead: a whole fleet in one search. Callers sort what they show.
    """
    scope = [_string_filter("environment", "nested", negation=True)]
    if not include_deleted:
        scope.append({"property": "isDeleted", "type": "bool", "condition": {"bool": {"value": False}}})
    groups = [{"conjunction": "and", "filters": scope}]
    wanted = [name] if name else sorted(set(names or []))
    if wanted:
        name_filter = _string_filter("clusterName", wanted[0], ignore_case=False)
        name_filter["condition"]["string"]["match"]["values"] = wanted
        groups.append({"conjunction": "and", "filters": [name_filter]})
    return {"filter": {"conjunction": "and", "filterGroups": groups}, "sort": []}


def search_cluster_summaries(client, name=None, include_deleted=False, names=None):
    """Every cluster summary the search returns (all pages, 50 a page), named ``name`` or any of ``names``.

    Each summary must carry ``metadata.uid``: one that does not makes the answer unusable (PaletteApiError).
    """
    items = client.paginate("POST", paths.CLUSTER_SEARCH, body=cluster_search_body(name, include_deleted, names))
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("metadata"), dict) and item["metadata"].get("uid")):
            raise PaletteApiError(200, answers.UNEXPECTED, "a cluster summary without metadata.uid (%s) where every "
                                  "summary must have one" % answers.snippet(repr(item)),
                                  method="POST", path=paths.CLUSTER_SEARCH)
    return items


def search_clusters(client, name, include_deleted=False):
    """Cluster summaries named exactly ``name`` (all pages)."""
    items = search_cluster_summaries(client, name, include_deleted)
    return [item for item in items if _meta(item).get("name") == name]


def get_cluster(client, uid, include_deleted=False):
    """GET a cluster; None when it is 404, has no status, or is Deleted (unless include_deleted)."""
    cluster = _get_or_none(client, paths.cluster(uid))
    if cluster is None:
        return None
    if not include_deleted and (not cluster.get("status") or _state(cluster) == "Deleted"):
        return None
    return cluster


def _pick_one(name, items):
    if len(items) > 1:
        live = [i for i in items if _state(i) != "Deleted"]
        items = live or sorted(items, key=lambda i: _meta(i).get("creationTimestamp") or "")[-1:]
    if len(items) > 1:
        uids = ", ".join(sorted(_meta(i).get("uid") or "?" for i in items))
        raise PaletteLookupError("%d clusters are named %r (uids: %s); give the cluster uid instead"
                                 % (len(items), name, uids))
    return items[0] if items else None


def find_cluster(client, name=None, uid=None, include_deleted=False):
    """A cluster (full ``v1SpectroCluster``) by uid, else by name; None when there is none."""
    if uid:
        return get_cluster(client, uid, include_deleted)
    if not name:
        raise ValueError("find_cluster needs a name or a uid")
    summary = _pick_one(name, search_clusters(client, name, include_deleted))
    if summary is None:
        return None
    return get_cluster(client, _meta(summary).get("uid"), include_deleted)


def get_cloud_config(client, cloud_type, config_uid):
    """``v1EksCloudConfig`` / ``v1AwsCloudConfig`` (cloud_type ``eks`` or ``aws``), or None if absent."""
    return _get_or_none(client, paths.cloud_config(cloud_type, config_uid))


def cluster_cloud_config(client, cluster):
    """The cloud config a cluster points at (``spec.cloudConfigRef.uid``), or None."""
    spec = (cluster or {}).get("spec") or {}
    config_uid = (spec.get("cloudConfigRef") or {}).get("uid")
    if not config_uid or not spec.get("cloudType"):
        return None
    return get_cloud_config(client, spec["cloudType"], config_uid)


# -- cloud accounts ---------------------------------------------------------------------------

def list_cloud_accounts(client):
    return client.paginate("GET", paths.AWS_ACCOUNTS)


def find_cloud_account(client, name_or_uid, accounts=None):
    """An AWS cloud account by name, else by uid; None when there is none."""
    accounts = list_cloud_accounts(client) if accounts is None else accounts
    for key in ("name", "uid"):
        for account in accounts:
            if _meta(account).get(key) == name_or_uid:
                return account
    return None


def _named(option, text):
    """``text`` prefixed with the option the user typed (``cloud_account: ...``) when one is given."""
    return "%s: %s" % (option, text) if option else text


def resolve_cloud_account(client, name_or_uid, option=None):
    """Uid of an AWS cloud account given by name or uid.

    A miss raises PaletteLookupError naming ``option`` (the user's option, e.g. ``cloud_account``) and listing
    the accounts that exist.
    """
    accounts = list_cloud_accounts(client)
    account = find_cloud_account(client, name_or_uid, accounts)
    if account is None:
        raise PaletteLookupError(_named(option, "no AWS cloud account named %r (nor with that uid); existing: %s; "
                                                "give one of these, or create the account with "
                                                "palette.aws.cloud_account"
                                        % (name_or_uid, _listing(_meta(a).get("name") for a in accounts))))
    return _meta(account).get("uid")


# -- cluster profiles -------------------------------------------------------------------------

def _profile_summary(item):
    spec = (item or {}).get("spec") or {}
    meta = _meta(item)
    return {"uid": meta.get("uid"), "name": meta.get("name"),
            "version": spec.get("version"), "cloud_type": spec.get("cloudType")}


def _profile_matches(profile, name, version, uid, cloud_type):
    if uid and profile["uid"] != uid:
        return False
    if name and profile["name"] != name:
        return False
    if version and profile["version"] != version:
        return False
    # Add-on profiles are cloud-agnostic ("all") and fit any cluster.
    return not cloud_type or profile["cloud_type"] in (cloud_type, "all")


def list_cluster_profiles(client, name=None, version=None, uid=None, cloud_type=None):
    """Profiles as ``{uid, name, version, cloud_type}``, filtered on what is given."""
    profiles = [_profile_summary(item) for item in client.get_items(paths.PROFILES_METADATA)]
    return [p for p in profiles if _profile_matches(p, name, version, uid, cloud_type)]


def resolve_cluster_profile(client, name=None, version=None, uid=None, cloud_type=None, option=None):
    """Exactly one profile ``{uid, name, version, cloud_type}``; errors list what exists.

    ``option`` is the path of the user's entry (``cluster_profiles[0]``): a miss or an ambiguous name raises
    PaletteLookupError naming the sub-option at fault (``cluster_profiles[0].name``, ``.version`` or ``.uid``).
    """
    if not (name or uid):
        raise ValueError("resolve_cluster_profile needs a name or a uid")
    profiles = list_cluster_profiles(client, cloud_type=cloud_type)
    matches = [p for p in profiles if _profile_matches(p, name, version, uid, None)]
    kind = " for cloud type %s" % cloud_type if cloud_type else ""

    def where(key):
        return "%s.%s" % (option, key) if option else None

    if not matches:
        same_name = [p for p in profiles if name and p["name"] == name]
        if uid:
            text = "no cluster profile with uid %r%s%s; existing: %s" % (
                uid, " named %r" % name if name else "", kind, _listing(p["name"] for p in profiles))
            raise PaletteLookupError(_named(where("uid"), text))
        if same_name:
            text = "cluster profile %r has no version %r%s; existing versions: %s" % (
                name, version, kind, _listing(p["version"] for p in same_name))
            raise PaletteLookupError(_named(where("version"), text))
        text = "no cluster profile named %r%s; existing: %s" % (name, kind, _listing(p["name"] for p in profiles))
        raise PaletteLookupError(_named(where("name"), text))
    if len(matches) > 1:
        found = _listing("%s %s (%s, uid %s)" % (p["name"], p["version"], p["cloud_type"], p["uid"])
                         for p in matches)
        text = "%d cluster profiles named %r%s match: %s; set version (or uid) to pick one" % (
            len(matches), name, kind, found)
        raise PaletteLookupError(_named(where("version"), text))
    return matches[0]
