# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The cluster profiles of ``aws_palette_cluster``: resolve, validate pack values, update, wait for the apply.

Profile names resolve to uids (errors list what exists); pack values name packs of the chosen profile version
and parse as YAML (checked before any write). A change is sent with ``resolveNotification=true`` (as the SDK
does) and the apply setting, then the run waits until ``status.spcApply.canBeApplied`` (REFERENCE.md 11.11).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    import yaml
except ImportError:  # ansible-core depends on PyYAML; without it pack values are not parsed before the write
    yaml = None

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteLookupError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import resolve_cluster_profile
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_wait import describe_spc
from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as cluster_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.settings_parts import pending_profile_changes
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

INSTALL_LATER = "DownloadAndInstallLater"


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
                raise Failure(str(err))
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


def _profile_packs(module, uid):
    """Pack names of a profile version (GET the profile; ``spec.published.packs``)."""
    doc = module.client.get(paths.profile(uid)) or {}
    spec = doc.get("spec") or {}
    packs = (spec.get("published") or {}).get("packs") or spec.get("packs") or []
    return set(p.get("name") for p in packs if p.get("name"))


def validate_pack_values(module, resolved, cluster=None):
    """Errors for pack values that name a pack the chosen profile version does not have, or that are not YAML."""
    current = dict((p["uid"], p) for p in profiles_view(cluster))
    errors = []
    for index, profile in enumerate(resolved):
        where = "cluster_profiles[%d].pack_values" % index
        given = profile.get("pack_values") or []
        for pack_index, pack in enumerate(given):
            if pack.get("values") and yaml is not None:
                try:
                    yaml.safe_load(pack["values"])
                except yaml.YAMLError as err:
                    errors.append("%s[%d].values: the values of pack %s are not valid YAML (%s); fix the YAML text"
                                  % (where, pack_index, pack["name"], " ".join(str(err).split())))
        if not given:
            continue
        have = current.get(profile["uid"])
        packs = set(have["packs"]) if have else _profile_packs(module, profile["uid"])
        label = " ".join(x for x in ((have or profile).get("name"), (have or profile).get("version")) if x)
        for pack in given:
            if pack["name"] not in packs:
                errors.append("%s: profile %s has no pack %r; its packs are: %s"
                              % (where, label, pack["name"], ", ".join(sorted(packs)) or "none"))
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


def reconcile_profiles(module, ctx, resolved, apply_setting=None):
    """PUT the desired profile set (PUT replaces the set) when uids or given pack values/tags differ.

    before / after show each profile, with the values of only the packs the user gave values for.
    ``apply_setting``: Palette's spcApplySettings.actionType (DownloadAndInstall / DownloadAndInstallLater).
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
    if not module.check_mode:
        # re-read right before the PUT: the pack values kept are what the cluster runs now, not what the run read first
        current = dict((p["uid"], p) for p in profiles_view(module.client.get(paths.cluster(ctx.uid))))
    entities = [_entity(p, (current.get(p["uid"]) or {}).get("packs")) for p in resolved]
    module.write("PUT", paths.cluster(ctx.uid, "/profiles"), query={"resolveNotification": True},
                 body=cluster_spec.build_profiles_update(entities, apply_setting))
    if not module.check_mode:
        now = module.client.get(paths.cluster(ctx.uid))
        if _profile_changes(resolved, now):
            raise Failure("cluster_profiles: after the update cluster %s runs %s, not the requested profiles; another "
                          "writer changed them meanwhile: run again once the other change is done"
                          % (ctx.name, ", ".join("%s %s" % (p["name"], p["version"]) for p in profiles_view(now))))
    return True, before, after


def settle_profile_change(module, ctx, apply_setting=None):
    """After a profile change: wait until Palette may apply it (``status.spcApply.canBeApplied``), or say it is
    pending. Returns a message when the change is pending (wait false, or DownloadAndInstallLater), else None."""
    if module.check_mode:
        return None
    if apply_setting == INSTALL_LATER:
        return ("the profile change of cluster %s is downloaded and waits to be installed (apply_setting %s); "
                "install it with install_profile_changes: true" % (ctx.name, INSTALL_LATER))
    if not module.params.get("wait"):
        return "the profile change of cluster %s is pending until Palette can apply it (wait is false)" % ctx.name
    module.wait(lambda: module.client.get(paths.cluster(ctx.uid)), lambda c: not pending_profile_changes(c),
                what="the profile change of cluster %s to be applicable (status.spcApply.canBeApplied)" % ctx.name,
                describe=describe_spc)
    return None
