# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The cluster settings steps of ``aws_palette_cluster``, driven by the rows of ``_specs.settings_table``.

For each setting the user gave: read (from the cluster document or a GET), compare, and when it differs write
through ``module.write`` (nothing in check mode), re-reading right before the write and verifying after it.
The backup location name resolves to a uid before any write; errors list what exists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import CONFLICT_RETRIES
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_table as table
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import is_uid
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

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
    raise Failure("backup.location: backup location %r not found by name or uid; existing locations: %s"
                  % (location, ", ".join(names) or "none (add one in Palette first)"))


def _read_feature(module, ctx, suffix):
    try:
        return module.client.get(_cluster_path(ctx, suffix))
    except PaletteApiError as err:
        if err.is_not_found or err.code in NOT_CONFIGURED:
            return None
        raise


def read_setting(module, ctx, row, cluster=None):
    """Current value of one setting (``cluster``: a GET cluster document to read it from, default ``ctx``'s)."""
    if row.read is None:
        return row.normalise(cluster if cluster is not None else ctx.cluster)
    return row.normalise(_read_feature(module, ctx, row.read))


def read_settings(module, ctx, params):
    """Current values of the settings the user manages: ``{key: value}`` (only keys given)."""
    return dict((row.key, read_setting(module, ctx, row)) for row in table.given(params))


def backup_needs_write(desired, current):
    """Whether the backup step will write (no policy yet, or a difference)."""
    return bool(table.BY_KEY["backup"].differences(desired, current))


def resolve_references(module, params, current):
    """Look up, before any write, the names the settings steps will send: ``{"backup_location_uid": uid}``.

    Only what a write needs is looked up (a converged run reads nothing more); a miss fails naming the option.
    """
    refs = {}
    backup = params.get("backup")
    if backup is not None and backup.get("location") and backup_needs_write(backup, current.get("backup")):
        refs["backup_location_uid"] = resolve_backup_location(module, backup["location"])
    return refs


def _fresh(module, ctx, row):
    """The setting as Palette has it right now (a cluster-document setting re-reads the cluster)."""
    cluster = module.client.get(paths.cluster(ctx.uid)) if row.read is None else None
    return read_setting(module, ctx, row, cluster)


def write_setting(module, ctx, row, desired, current, refs=None):
    """Write one setting; outside check mode re-read right before the write (what others changed meanwhile is
    merged into the body) and verify afterwards, retrying a bounded number of times on a conflict.

    Returns ``(changed, after)``.
    """
    if module.check_mode:
        return True, row.predict(desired, current)
    for _attempt in range(CONFLICT_RETRIES):
        fresh = _fresh(module, ctx, row)
        if not row.differences(desired, fresh):
            return False, fresh  # another writer already did it
        method, path = row.write(ctx.uid, fresh)
        module.write(method, path, body=row.build(desired, fresh, refs))
        after = _fresh(module, ctx, row)
        if not row.differences(desired, after):
            return True, after
    raise Failure("%s: another writer changed the setting while this run wrote it (%d attempts); what Palette has "
                  "now: %s; run again once the other change is done" % (row.key, CONFLICT_RETRIES, after),
                  setting=row.key)


def reconcile_settings(module, ctx, params, current, refs=None, after_profiles=False):
    """Run the settings steps for every setting the user gave. Returns ``{key: (changed, before, after)}`` in the
    shape results and diffs show. ``refs`` is what ``resolve_references`` looked up before the first write."""
    out = {}
    for row in table.given(params, after_profiles=after_profiles):
        desired, have = params[row.key], current.get(row.key)
        changed, after = False, have
        if row.differences(desired, have):
            changed, after = write_setting(module, ctx, row, desired, have, refs)
        out[row.key] = (changed, row.view(have), row.view(after))
    return out


def apply_after_create(module, ctx, params):
    """The settings a create entity cannot carry, written right after the create (e.g. the agent-upgrade lock)."""
    for row, default in table.after_create(params):
        if row.differences(params[row.key], default):
            write_setting(module, ctx, row, params[row.key], default)
