# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster settings: OS patching, backup, compliance scans and RBAC bindings (REFERENCE.md section 10).

Each setting has ``validate_*``, ``build_*`` (request body; unset options keep the current value, so a
full PUT never resets what the user did not mention), ``normalise_*`` (read shape -> option shape) and
``*_differences(desired, current)`` -> ``{option: (current, desired)}`` for options the user set.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    BACKUP_OPTIONS,
    CLUSTER_RESOURCE_MODES,
    OS_PATCH_OPTIONS,
    ROLE_KINDS,
    SCAN_OPTIONS,
    SUBJECT_TYPES,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.settings_parts import canon_patch_time, validate_patch_after

# option name -> (write key, read key) of the three compliance-scan drivers
SCAN_DRIVERS = {
    'configuration_scan_schedule': ('kubeBench', 'kube-bench'),
    'penetration_scan_schedule': ('kubeHunter', 'kube-hunter'),
    'conformance_scan_schedule': ('sonobuoy', 'sonobuoy'),
}


def _merge(desired, current, keys):
    eff = copy.deepcopy(current) if current else {}
    for key in keys:
        if (desired or {}).get(key) is not None:
            eff[key] = copy.deepcopy(desired[key])
    return eff


def _differences(desired, current, keys, canon=lambda key, value: value):
    diffs = {}
    for key in keys:
        want = (desired or {}).get(key)
        if want is None:
            continue
        have = (current or {}).get(key)
        if canon(key, want) != canon(key, have):
            diffs[key] = (have, want)
    return diffs


# ------------------------------------------------------------------------------------------- OS patch

def validate_os_patch(os_patch, current=None, path='os_patch'):
    errors = v.validate_cron((os_patch or {}).get('schedule'), v.join(path, 'schedule'), allow_empty=True)
    return errors + validate_patch_after((os_patch or {}).get('patch_after'), (current or {}).get('patch_after'),
                                         v.join(path, 'patch_after'))


def os_patch_config(desired, current=None):
    """``v1OsPatchConfig``; patchOnBoot/rebootIfRequired default to false (always serialised)."""
    eff = _merge(desired, current, OS_PATCH_OPTIONS)
    cfg = {'patchOnBoot': bool(eff.get('patch_on_boot')), 'rebootIfRequired': bool(eff.get('reboot_if_required'))}
    if eff.get('schedule') is not None:
        cfg['schedule'] = eff['schedule']
    if eff.get('patch_after'):
        cfg['onDemandPatchAfter'] = canon_patch_time(eff['patch_after'])
    return cfg


def build_os_patch(desired, current=None, _refs=None):
    """``v1OsPatchEntity`` for ``PATCH /v1/spectroclusters/{uid}/clusterConfig/osPatch``."""
    return {'osPatchConfig': os_patch_config(desired, current)}


def normalise_os_patch(read):
    """From ``v1OsPatchConfig`` or a whole ``v1SpectroCluster`` (its machineManagementConfig)."""
    read = read or {}
    if 'spec' in read:
        read = ((read['spec'].get('clusterConfig') or {}).get('machineManagementConfig') or {}).get('osPatchConfig')
        read = read or {}
    return {'schedule': read.get('schedule') or None, 'patch_on_boot': bool(read.get('patchOnBoot')),
            'reboot_if_required': bool(read.get('rebootIfRequired')),
            'patch_after': canon_patch_time(read.get('onDemandPatchAfter'))}


def os_patch_differences(desired, current):
    canon = {'schedule': lambda value: value or None, 'patch_after': canon_patch_time}
    return _differences(desired, current, OS_PATCH_OPTIONS, lambda key, value: canon.get(key, lambda x: x)(value))


# --------------------------------------------------------------------------------------------- backup

def validate_backup(backup, path='backup', current=None):
    """Schedule (cron, ``''`` disables), expiry; with ``current`` None (no backup policy yet) location,
    prefix, schedule and expiry_hours are required."""
    backup = backup or {}
    errors = v.validate_cron(backup.get('schedule'), v.join(path, 'schedule'), allow_empty=True)
    errors += v.validate_range(backup.get('expiry_hours'), 1, None, v.join(path, 'expiry_hours'))
    errors += v.validate_choice(backup.get('include_cluster_resources'), CLUSTER_RESOURCE_MODES,
                                v.join(path, 'include_cluster_resources'))
    for dup in v.duplicates(backup.get('namespaces') or []):
        errors.append('%s: %s is listed more than once' % (v.join(path, 'namespaces'), dup))
    if current is None:
        for key in ('location', 'prefix', 'schedule', 'expiry_hours'):
            if backup.get(key) in (None, ''):
                errors.append('%s: required to set up backups; set %s' % (v.join(path, key), key))
    return errors


def build_backup(desired, current=None, location_uid=None):
    """``v1ClusterBackupConfig`` (POST/PUT ``.../features/backup``, or create ``policies.backupPolicy``).

    ``location`` may be a uid or a name; give ``location_uid`` when the caller resolved a name.
    Create defaults (Terraform's): include_all_disks true, include_cluster_resources Auto.
    """
    eff = _merge(desired, current, BACKUP_OPTIONS)
    if current is None:
        eff.setdefault('include_all_disks', True)
        eff.setdefault('include_cluster_resources', 'Auto')
    body = {}
    location = (desired or {}).get('location')
    if location_uid or v.is_uid(location):
        body['backupLocationUid'] = location_uid or location
    if location and not v.is_uid(location):
        body['backupLocationName'] = location
    if location is None and current:
        for key, field in (('location_uid', 'backupLocationUid'), ('location_name', 'backupLocationName')):
            if current.get(key):
                body[field] = current[key]
    for key, field in (('prefix', 'backupPrefix'), ('expiry_hours', 'durationInHours'),
                       ('include_all_disks', 'includeAllDisks'),
                       ('include_cluster_resources', 'includeClusterResourceMode')):
        if eff.get(key) is not None:
            body[field] = eff[key]
    body['namespaces'] = sorted(set(eff.get('namespaces') or []))
    body['schedule'] = {'scheduledRunTime': eff.get('schedule') or ''}
    return body


def normalise_backup(read):
    """From ``v1ClusterBackup`` (``spec.config``) or a ``v1ClusterBackupConfig``; None when not configured."""
    if not read:
        return None
    config = ((read.get('spec') or {}).get('config') if 'spec' in read else read) or {}
    mode = config.get('includeClusterResourceMode')
    if not mode and config.get('includeClusterResources') is not None:
        mode = 'Always' if config['includeClusterResources'] else 'Never'
    return {
        'location': config.get('backupLocationName') or config.get('backupLocationUid'),
        'location_uid': config.get('backupLocationUid'),
        'location_name': config.get('backupLocationName'),
        'prefix': config.get('backupPrefix'),
        'schedule': (config.get('schedule') or {}).get('scheduledRunTime') or '',
        'expiry_hours': int(config['durationInHours']) if config.get('durationInHours') is not None else None,
        'include_all_disks': config.get('includeAllDisks'),
        'include_cluster_resources': mode,
        'namespaces': sorted(config.get('namespaces') or []),
    }


def backup_differences(desired, current):
    diffs = _differences(desired, current, [k for k in BACKUP_OPTIONS if k != 'location'],
                         lambda key, value: sorted(value or []) if key == 'namespaces' else value)
    location = (desired or {}).get('location')
    if location is not None and location not in ((current or {}).get('location_uid'),
                                                 (current or {}).get('location_name')):
        diffs['location'] = ((current or {}).get('location'), location)
    return diffs


# ----------------------------------------------------------------------------------------------- scan

def validate_scan(scan, path='scan'):
    errors = []
    for key in SCAN_OPTIONS:
        errors += v.validate_cron((scan or {}).get(key), v.join(path, key), allow_empty=True)
    return errors


def build_scan(desired, current=None):
    """``v1ClusterComplianceScheduleConfig``; unset drivers keep their schedule, ``''`` = not scheduled."""
    eff = _merge(desired, current, SCAN_OPTIONS)
    return dict((write, {'schedule': {'scheduledRunTime': eff.get(key) or ''}})
                for key, (write, _read) in SCAN_DRIVERS.items())


def normalise_scan(read):
    """From the read shape ``v1ClusterComplianceScan`` (``spec.driverSpec['kube-bench']...``) or the write shape."""
    if not read:
        return None
    drivers = (read.get('spec') or {}).get('driverSpec') if 'spec' in read else None
    out = {}
    for key, (write, read_key) in SCAN_DRIVERS.items():
        if drivers is not None:
            config = ((drivers.get(read_key) or {}).get('config') or {})
        else:
            config = read.get(write) or {}
        out[key] = (config.get('schedule') or {}).get('scheduledRunTime') or ''
    return out


def scan_differences(desired, current):
    return _differences(desired, current, SCAN_OPTIONS)


# ----------------------------------------------------------------------------------------------- RBAC

def validate_rbac(rbac, path='rbac'):
    errors = []
    for kind in ('cluster_role_bindings', 'role_bindings'):
        for index, binding in enumerate((rbac or {}).get(kind) or []):
            where = '%s[%d]' % (v.join(path, kind), index)
            if not isinstance(binding, dict):
                errors.append('%s: expected a dictionary with role and subjects' % where)
                continue
            for key in ('role', 'namespace') if kind == 'role_bindings' else ('role',):
                if not binding.get(key):
                    errors.append('%s: required; set %s' % (v.join(where, key), key))
            errors += v.validate_choice(binding.get('role_kind'), ROLE_KINDS, v.join(where, 'role_kind'))
            if not binding.get('subjects'):
                errors.append('%s: a binding needs at least one subject' % v.join(where, 'subjects'))
            for sub_index, subject in enumerate(binding.get('subjects') or []):
                errors += _validate_subject(subject, '%s[%d]' % (v.join(where, 'subjects'), sub_index))
    return errors


def _validate_subject(subject, where):
    if not isinstance(subject, dict):
        return ['%s: expected a dictionary with type, name and namespace' % where]
    errors = v.validate_choice(subject.get('type'), SUBJECT_TYPES, v.join(where, 'type'))
    if not subject.get('type'):
        errors.append('%s: required; use one of %s' % (v.join(where, 'type'), ', '.join(SUBJECT_TYPES)))
    if not subject.get('name'):
        errors.append('%s: required; name the user, group or service account' % v.join(where, 'name'))
    if subject.get('type') == 'ServiceAccount' and not subject.get('namespace'):
        errors.append('%s: a ServiceAccount subject needs its namespace' % v.join(where, 'namespace'))
    return errors


def _binding_body(binding, kind):
    cluster_wide = kind == 'cluster_role_bindings'
    default_kind = 'ClusterRole' if cluster_wide else 'Role'
    body = {'type': 'ClusterRoleBinding' if cluster_wide else 'RoleBinding',
            'role': {'kind': binding.get('role_kind') or default_kind, 'name': binding['role']},
            'subjects': []}
    if kind == 'role_bindings':
        body['namespace'] = binding['namespace']
    for subject in binding.get('subjects') or []:
        entry = {'type': subject['type'], 'name': subject['name']}
        if subject.get('namespace'):
            entry['namespace'] = subject['namespace']
        body['subjects'].append(entry)
    return body


def rbac_entities(desired, current=None):
    """``[v1ClusterRbacInputEntity]``: one entry for ClusterRoleBindings, one for RoleBindings (as Terraform)."""
    eff = _merge(desired, current, ('cluster_role_bindings', 'role_bindings'))
    out = []
    for kind in ('cluster_role_bindings', 'role_bindings'):
        bindings = [_binding_body(b, kind) for b in eff.get(kind) or []]
        if bindings:
            out.append({'spec': {'bindings': bindings}})
    return out


def build_rbac(desired, current=None):
    """``v1ClusterRbacResourcesUpdateEntity`` for ``PUT .../config/rbacs`` (the whole desired set)."""
    return {'rbacs': rbac_entities(desired, current)}


def normalise_rbac(read):
    """From ``v1ClusterRbacs`` (``items``) or a list of them; system-created bindings are skipped."""
    items = read.get('items') if isinstance(read, dict) else read
    out = {'cluster_role_bindings': [], 'role_bindings': []}
    for entry in items or []:
        spec = entry.get('spec') or {}
        if spec.get('isSystem'):
            continue
        for binding in spec.get('bindings') or []:
            cluster_wide = binding.get('type') == 'ClusterRoleBinding'
            role = binding.get('role') or {}
            item = {'role': role.get('name'),
                    'subjects': [dict((k, s.get(k)) for k in ('type', 'name', 'namespace'))
                                 for s in binding.get('subjects') or []]}
            if not cluster_wide:
                item.update(namespace=binding.get('namespace'), role_kind=role.get('kind') or 'Role')
            out['cluster_role_bindings' if cluster_wide else 'role_bindings'].append(item)
    return out


def _canon_bindings(kind, bindings):
    out = []
    for binding in bindings or []:
        role_kind = binding.get('role_kind') or 'Role'
        subjects = sorted((s.get('type') or '', s.get('name') or '', s.get('namespace') or '')
                          for s in binding.get('subjects') or [])
        key = (binding.get('role'), subjects) if kind == 'cluster_role_bindings' else \
            (binding.get('namespace'), binding.get('role'), role_kind, subjects)
        out.append(key)
    return sorted(out, key=repr)


def rbac_differences(desired, current):
    return _differences(desired, current, ('cluster_role_bindings', 'role_bindings'), _canon_bindings)
