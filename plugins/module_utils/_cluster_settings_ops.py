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

from ansible_collections.palette.aws.plugins.module_utils._client import PaletteApiError, PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._lookup import resolve_cluster_profile
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid

LOCATIONS_PATH = "/v1/users/assets/locations"
# Palette answers these codes when a feature was never configured (REFERENCE.md 10.3 / 10.8)
NOT_CONFIGURED = ("BackupNotConfigured", "ResourceNotFound")


def _cluster_path(ctx, suffix=""):
    return "/v1/spectroclusters/%s%s" % (ctx.uid, suffix)


# ------------------------------------------------------------------------------------ profiles

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


# ------------------------------------------------------------------------------------ settings

def resolve_backup_location(module, location):
    """Uid of a backup location given by name or uid (``GET /v1/users/assets/locations``)."""
    if not location:
        return None
    items = (module.client.get(LOCATIONS_PATH) or {}).get("items") or []
    for key in ("uid", "name"):
        for item in items:
            if (item.get("metadata") or {}).get(key) == location:
                return item["metadata"]["uid"]
    if is_uid(location):
        return location
    names = sorted((i.get("metadata") or {}).get("name") or "?" for i in items)
    module.fail_json(msg="backup.location: backup location %r not found by name or uid; existing locations: %s"
                         % (location, ", ".join(names) or "none (add one in Palette first)"))


def _read_feature(module, ctx, suffix):
    try:
        return module.client.get(_cluster_path(ctx, suffix))
    except PaletteApiError as err:
        if err.is_not_found or err.code in NOT_CONFIGURED:
            return None
        raise


def read_settings(module, ctx, params):
    """Current settings the user manages: ``{os_patch, backup, scan, rbac}`` (only keys given)."""
    current = {}
    if params.get("os_patch") is not None:
        current["os_patch"] = st.normalise_os_patch(ctx.cluster)
    if params.get("backup") is not None:
        current["backup"] = st.normalise_backup(_read_feature(module, ctx, "/features/backup"))
    if params.get("scan") is not None:
        current["scan"] = st.normalise_scan(_read_feature(module, ctx, "/features/complianceScan"))
    if params.get("rbac") is not None:
        current["rbac"] = st.normalise_rbac(_read_feature(module, ctx, "/config/rbacs") or {})
    return current


def _view(value, keys):
    return dict((k, value.get(k)) for k in keys if (value or {}).get(k) is not None) if value else None


def reconcile_os_patch(module, ctx, desired, current):
    diffs = st.os_patch_differences(desired, current)
    if not diffs:
        return False, current, current
    after = dict(current or {}, **dict((k, want) for k, (_have, want) in diffs.items()))
    module.write("PATCH", _cluster_path(ctx, "/clusterConfig/osPatch"), body=st.build_os_patch(desired, current))
    return True, current, after


def backup_needs_write(desired, current):
    """Whether ``reconcile_backup`` will write (no policy yet, or a difference)."""
    return current is None or bool(st.backup_differences(desired, current))


def resolve_references(module, params, current):
    """Look up, before any write, the names the settings steps will send: ``{"backup_location_uid": uid}``.

    Only what a write needs is looked up (a converged run reads nothing more); a miss fails the module naming
    the option.
    """
    refs = {}
    backup = params.get("backup")
    if backup is not None and backup.get("location") and backup_needs_write(backup, current.get("backup")):
        refs["backup_location_uid"] = resolve_backup_location(module, backup["location"])
    return refs


def reconcile_backup(module, ctx, desired, current, backup_location_uid=None):
    diffs = st.backup_differences(desired, current)
    keys = ("location", "prefix", "schedule", "expiry_hours", "include_all_disks", "include_cluster_resources",
            "namespaces")
    if not backup_needs_write(desired, current):
        return False, _view(current, keys), _view(current, keys)
    location_uid = backup_location_uid or resolve_backup_location(module, desired.get("location"))
    body = st.build_backup(desired, current, location_uid=location_uid)
    after = dict(current or {}, **dict((k, want) for k, (_have, want) in diffs.items()))
    module.write("PUT" if current is not None else "POST", _cluster_path(ctx, "/features/backup"), body=body)
    return True, _view(current, keys), _view(after, keys)


def reconcile_scan(module, ctx, desired, current):
    diffs = st.scan_differences(desired, current)
    if current is not None and not diffs:
        return False, current, current
    body = st.build_scan(desired, current)
    after = st.normalise_scan(body)
    module.write("PUT" if current is not None else "POST", _cluster_path(ctx, "/features/complianceScan"), body=body)
    return True, current, after


def reconcile_rbac(module, ctx, desired, current):
    if not st.rbac_differences(desired, current):
        return False, current, current
    body = st.build_rbac(desired, current)
    after = st.normalise_rbac([dict(entity, spec=entity["spec"]) for entity in body["rbacs"]])
    module.write("PUT", _cluster_path(ctx, "/config/rbacs"), body=body)
    return True, current, after


SETTING_STEPS = (("os_patch", reconcile_os_patch), ("backup", reconcile_backup), ("scan", reconcile_scan),
                 ("rbac", reconcile_rbac))


def reconcile_settings(module, ctx, params, current, refs=None):
    """Run the settings steps for every setting the user gave. Returns ``{key: (changed, before, after)}``.

    ``refs`` is what ``resolve_references`` looked up before the first write.
    """
    out = {}
    for key, step in SETTING_STEPS:
        if params.get(key) is not None:
            extra = {}
            if key == "backup" and (refs or {}).get("backup_location_uid"):
                extra["backup_location_uid"] = refs["backup_location_uid"]
            out[key] = step(module, ctx, params[key], current.get(key), **extra)
    return out
