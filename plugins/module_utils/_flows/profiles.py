# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cluster profiles and cluster settings (OS patch, backup, compliance scan, RBAC) of ``aws_palette_cluster``.

Each ``reconcile_*`` step compares the options the user set with what Palette has, writes through
``module.write`` (nothing in check mode) and returns ``(changed, before, after)`` in option shape.
Profile names and the backup location name resolve to uids; errors list what exists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import resolve_cluster_profile
from ansible_collections.palette.aws.plugins.module_utils._flows.settings import _cluster_path
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec


def _templates(cluster):
    return ((cluster or {}).get("spec") or {}).get("clusterProfileTemplates") or []


def _current_match(profile, cluster):
    """The profile the cluster runs now that ``profile`` names: the same uid, or (no uid given) the same name,
    and version when given."""
    for tmpl in _templates(cluster):
        if profile.get("uid"):
            same = tmpl.get("uid") == profile["uid"]
        else:
            same = tmpl.get("name") == profile.get("name") and profile.get("version") in (None, tmpl.get("profileVersion"))
        if same:
            return {"uid": tmpl.get("uid"), "name": tmpl.get("name"), "version": tmpl.get("profileVersion")}
    return None


def resolve_profiles(module, profiles, cloud_type, cluster=None):
    """``cluster_profiles`` entries with ``uid``, name and version resolved; fails listing what exists.

    With ``cluster`` (an existing one), a profile the cluster already runs needs no lookup. Any other entry,
    given by name or by uid, is looked up, so a typo fails here (naming ``cluster_profiles[N].name`` /
    ``.version`` / ``.uid``) before any write, not in Palette's answer to one.
    """
    out = []
    for index, profile in enumerate(profiles or []):
        entry = dict(profile)
        found = _current_match(profile, cluster)
        if found is None:
            try:
                found = resolve_cluster_profile(module.client, name=profile.get("name"), version=profile.get("version"),
                                                uid=profile.get("uid"), cloud_type=cloud_type,
                                                option="cluster_profiles[%d]" % index)
            except PaletteLookupError as err:
                module.fail_json(msg=str(err))
        entry.update(uid=found["uid"], name=found["name"], version=found["version"])
        out.append(entry)
    return out


def _values(text):
    """Pack values compared as YAML text without trailing blanks (editors add or drop them)."""
    lines = [line.rstrip() for line in (text or "").strip("\n").splitlines()]
    return "\n".join(lines).strip("\n")


def profiles_view(cluster):
    """Current profiles as ``[{uid, name, version, packs: {name: {tag, values}}}]``."""
    out = []
    for tmpl in _templates(cluster):
        packs = dict((p.get("name"), {"tag": p.get("tag"), "values": _values(p.get("values"))})
                     for p in tmpl.get("packs") or [])
        out.append({"uid": tmpl.get("uid"), "name": tmpl.get("name"), "version": tmpl.get("profileVersion"),
                    "packs": packs})
    return out


def validate_pack_values(resolved, cluster):
    """Errors for pack_values naming a pack that a (current) profile does not have."""
    current = dict((p["uid"], p) for p in profiles_view(cluster))
    errors = []
    for index, profile in enumerate(resolved):
        have = current.get(profile["uid"])
        if have is None:
            continue
        for pack in profile.get("pack_values") or []:
            if pack["name"] not in have["packs"]:
                errors.append("cluster_profiles[%d].pack_values: profile %s has no pack %r; its packs are: %s"
                              % (index, have["name"], pack["name"], ", ".join(sorted(have["packs"]))))
    return errors


def _profile_changes(resolved, cluster):
    current = profiles_view(cluster)
    if sorted(p["uid"] for p in current) != sorted(p["uid"] for p in resolved):
        return True
    by_uid = dict((p["uid"], p) for p in current)
    for profile in resolved:
        packs = by_uid[profile["uid"]]["packs"]
        for pack in profile.get("pack_values") or []:
            have = packs.get(pack["name"]) or {}
            if pack.get("values") is not None and _values(pack["values"]) != have.get("values"):
                return True
            if pack.get("tag") and pack["tag"] != have.get("tag"):
                return True
    return False


def _entity(profile, current_packs):
    """Profile entity: the user's pack values over the values the cluster runs now (kept, not reset)."""
    given = dict((p["name"], p) for p in profile.get("pack_values") or [])
    packs = []
    for name, have in sorted((current_packs or {}).items()):
        if name in given:
            continue
        if have.get("values"):
            packs.append({"name": name, "tag": have.get("tag"), "values": have["values"]})
    packs += [given[name] for name in sorted(given)]
    return dict(profile, pack_values=packs)


def _profile_item(uid, name, version, packs):
    item = {"uid": uid, "name": name, "version": version}
    if packs:
        item["pack_values"] = packs
    return item


def _sorted(items):
    return sorted(items, key=lambda p: (p.get("name") or "", p.get("uid") or ""))


def reconcile_profiles(module, ctx, resolved):
    """PUT the desired profile set (PUT replaces the set) when uids or given pack values/tags differ.

    before / after show each profile, with the values of only the packs the user gave values for.
    """
    current = dict((p["uid"], p) for p in profiles_view(ctx.cluster))
    given = dict((p["uid"], [v for v in p.get("pack_values") or [] if v.get("values") is not None])
                 for p in resolved)
    before = _sorted(_profile_item(uid, p["name"], p["version"],
                                   [{"name": v["name"], "values": (p["packs"].get(v["name"]) or {}).get("values")}
                                    for v in given.get(uid) or []])
                     for uid, p in current.items())
    if not _profile_changes(resolved, ctx.cluster):
        return False, before, before
    known = dict((uid, (p["name"], p["version"])) for uid, p in current.items())
    after = _sorted(_profile_item(p["uid"], p.get("name") or known.get(p["uid"], (None, None))[0],
                                  p.get("version") or known.get(p["uid"], (None, None))[1],
                                  [{"name": v["name"], "values": _values(v["values"])} for v in given[p["uid"]]])
                    for p in resolved)
    entities = [_entity(p, (current.get(p["uid"]) or {}).get("packs")) for p in resolved]
    module.write("PUT", _cluster_path(ctx, "/profiles"), body=cluster_spec.build_profiles_update(entities))
    return True, before, after
