# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_profile_info: find cluster profiles by name, version, cloud type and profile type.

Two reads: the metadata list (one GET of every visible profile's uid, name, version and cloud type,
matched exactly the way the Palette SDK does) and, only when something matched, the search endpoint
for what the metadata lacks (profile type, scope, packs), filtered server-side and joined by uid.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


def _metadata_entry(item):
    meta = item.get("metadata") or {}
    spec = item.get("spec") or {}
    return {"uid": meta.get("uid"), "name": meta.get("name"), "version": spec.get("version"),
            "cloud_type": spec.get("cloudType")}


def metadata_matches(items, name=None, version=None, cloud_type=None):
    """Metadata entries matching the given fields exactly (unset fields match anything)."""
    wanted = (("name", name), ("version", version), ("cloud_type", cloud_type))
    entries = [_metadata_entry(i) for i in items or []]
    return [e for e in entries if all(value is None or e[key] == value for key, value in wanted)]


def search_body(name=None, version=None, cloud_type=None, profile_type=None):
    """The ``v1ClusterProfilesFilterSpec`` for the given filters (exact, case-sensitive name)."""
    flt = {}
    if name is not None:
        flt["profileName"] = {"eq": name, "ignoreCase": False}
    if version is not None:
        flt["version"] = {"eq": version}
    if cloud_type is not None:
        flt["environment"] = [cloud_type]
    if profile_type is not None:
        flt["profileType"] = [profile_type]
    return {"filter": flt, "sort": [{"field": "profileName", "order": "asc"}]}


def _details(summary):
    """profile_type, scope and packs of a ``v1ClusterProfileSummary``."""
    meta = summary.get("metadata") or {}
    published = (summary.get("specSummary") or {}).get("published") or {}
    packs = [{"name": p.get("name"), "tag": p.get("tag"), "layer": p.get("layer"), "type": p.get("type")}
             for p in published.get("packs") or []]
    return {"profile_type": published.get("type"), "scope": (meta.get("annotations") or {}).get("scope"),
            "packs": packs}


def _sort_key(profile):
    parts = [int(p) if p.isdigit() else 0 for p in (profile.get("version") or "0").replace("-", ".").split(".")]
    return (profile.get("name") or "", parts, profile.get("uid") or "")


def find_profiles(client, name=None, version=None, cloud_type=None, profile_type=None):
    """Profiles ``{uid, name, version, cloud_type, profile_type, scope, packs, versions}``, sorted."""
    items = (client.get(paths.PROFILES_METADATA) or {}).get("items") or []
    candidates = metadata_matches(items, name, version, cloud_type)
    if not candidates:
        return []
    body = search_body(name, version, cloud_type, profile_type)
    details = dict(((s.get("metadata") or {}).get("uid"), _details(s))
                   for s in client.paginate("POST", paths.PROFILES_SEARCH, body=body))
    # Every version of the same name and cloud type, so a playbook can pick the newest.
    all_entries = metadata_matches(items)
    profiles = []
    for entry in candidates:
        extra = details.get(entry["uid"])
        if extra is None and profile_type is not None:
            continue  # the search left it out: not of the requested type
        profile = dict(entry, **(extra or {"profile_type": None, "scope": None, "packs": []}))
        profile["versions"] = sorted((e["version"] for e in all_entries
                                      if e["name"] == entry["name"] and e["cloud_type"] == entry["cloud_type"]),
                                     key=lambda v: _sort_key({"version": v})[1])
        profiles.append(profile)
    return sorted(profiles, key=_sort_key)


def run(module):
    """The cluster_profile_info flow; returns the result dict."""
    params = module.params
    try:
        profiles = find_profiles(module.client, params["name"], params["version"], params["cloud_type"],
                                 params["profile_type"])
    except PaletteError as err:
        raise Failure("cannot list cluster profiles: %s" % err)
    return {"changed": False, "profiles": profiles}
