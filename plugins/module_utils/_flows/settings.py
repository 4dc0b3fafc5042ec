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

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid

# Palette answers these codes when a feature was never configured (REFERENCE.md 10.3 / 10.8)
NOT_CONFIGURED = ("BackupNotConfigured", "ResourceNotFound")


def _cluster_path(ctx, suffix=""):
    return paths.cluster(ctx.uid, suffix)


def resolve_backup_location(module, location):
    """Uid of a backup location given by name or uid (``paths.BACKUP_LOCATIONS``)."""
    if not location:
        return None
    items = (module.client.get(paths.BACKUP_LOCATIONS) or {}).get("items") or []
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
