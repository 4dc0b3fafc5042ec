# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster settings of ``aws_palette_cluster``: one row per setting (issue 10 item 2).

A row says, for one option: its argument_spec entry; where it is read (the GET cluster document, or a GET of
a path under the cluster) and how the read is normalised to the option's shape; how the desired value is
compared with the current one; the day-2 request (method, path, body); where it goes in the create entity
(or that it is written right after the create, or not at all); how it is validated. Everything else iterates
``ROWS``: the argument spec (``argument_spec``), validation (``validate``), the create entity (``add_to_create``),
and the read / compare / write / verify steps of ``_flows.settings``.

Adding a setting: one row here (its small helpers in ``settings_parts`` or inline), its DOCUMENTATION in the
module, and tests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_parts as sp
from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    BACKUP_OPTIONS,
    OS_PATCH_OPTIONS,
    RBAC_OPTIONS,
    SCAN_OPTIONS,
)

# where a setting goes at create: into the create entity (a function), written right after the create, or nowhere
AFTER_CREATE = 'after_create'
NOT_ON_CREATE = 'not_on_create'
BACKUP_KEYS = ('location', 'prefix', 'schedule', 'expiry_hours', 'include_all_disks', 'include_cluster_resources',
               'namespaces')


class Setting:
    """One row. ``read`` None = from the GET cluster document; else a path suffix GET (not configured = None).

    ``normalise(raw)`` -> current value in option shape; ``differences(desired, current)`` ->
    ``{field: (current, desired)}`` (empty = converged); ``build(desired, current, refs)`` -> request body;
    ``write(uid, current)`` -> (method, path); ``create(spec, desired, refs)`` puts it into the create entity
    (or AFTER_CREATE / NOT_ON_CREATE, with ``create_default`` the value a new cluster has);
    ``validate(desired, current)`` -> errors (``current`` None on create); ``predict(desired, current)`` ->
    the value after the write; ``view(value)`` -> what results and diffs show; ``after_profiles``: runs after
    the profile step (it acts on what that step did).
    """

    def __init__(self, key, options, normalise, differences, build, write, read=None, validate=None, create=None,
                 create_default=None, predict=None, view=None, after_profiles=False):
        self.key = key
        self.options = options
        self.read = read
        self.normalise = normalise
        self.differences = differences
        self.build = build
        self.write = write
        self.validate = validate or (lambda desired, current: [])
        self.create = create or NOT_ON_CREATE
        self.create_default = create_default
        self.predict = predict or _predict_for(options)
        self.view = view or (lambda value: value)
        self.after_profiles = after_profiles


def _predict_for(options):
    if options.get('type') == 'dict':
        return lambda desired, current: dict(current or {}, **dict((k, val) for k, val in (desired or {}).items()
                                                                   if val is not None))
    return lambda desired, current: desired


def _cluster_config(spec):
    return spec.setdefault('clusterConfig', {})


def _resources(spec):
    return _cluster_config(spec).setdefault('resources', {})


def _policies(spec):
    return spec.setdefault('policies', {})


def _on_cluster(suffix, method):
    return lambda uid, current: (method, paths.cluster(uid, suffix))


def _scalar_differences(key, canon=lambda value: value):
    def differences(desired, current):
        if desired is None or canon(desired) == canon(current):
            return {}
        return {key: (current, desired)}
    return differences


def _or_missing(differences, key):
    """A feature that is not configured yet (current None) is written even when no field differs."""
    return lambda desired, current: differences(desired, current) or ({} if current is not None else
                                                                      {key: (None, desired)})


def _rbac_write(uid, current):
    # SDK ApplyClusterRbacConfig (REFERENCE.md 11.9): a cluster without RBAC takes a POST to the workspace path
    if current is None:
        return 'POST', paths.workspace_cluster_rbacs(uid)
    return 'PUT', paths.cluster(uid, '/config/rbacs')


def _rbac_build(desired, current, _refs=None):
    if current is None:  # one v1ClusterRbac carrying every binding
        bindings = [b for entity in st.rbac_entities(desired) for b in entity['spec']['bindings']]
        return {'spec': {'bindings': bindings}}
    return st.build_rbac(desired, current)


def _rbac_predict(desired, current):
    return st.normalise_rbac([dict(entity) for entity in st.rbac_entities(desired, current)])


def _backup_predict(desired, current):
    after = dict(current or {})
    after.update((k, want) for k, (_have, want) in st.backup_differences(desired, current).items())
    return after


def _view_keys(keys):
    return lambda value: dict((k, value.get(k)) for k in keys if value.get(k) is not None) if value else None


ROWS = (
    Setting('os_patch', dict(type='dict', options=OS_PATCH_OPTIONS),
            normalise=st.normalise_os_patch, differences=st.os_patch_differences, build=st.build_os_patch,
            write=_on_cluster('/clusterConfig/osPatch', 'PATCH'), validate=st.validate_os_patch,
            create=lambda spec, desired, refs: _cluster_config(spec).setdefault('machineManagementConfig', {})
            .update(osPatchConfig=st.os_patch_config(desired))),
    Setting('backup', dict(type='dict', options=BACKUP_OPTIONS), read='/features/backup',
            normalise=st.normalise_backup, differences=_or_missing(st.backup_differences, 'backup'),
            build=lambda desired, current, refs: st.build_backup(desired, current, (refs or {}).get('backup_location_uid')),
            write=lambda uid, current: ('PUT' if current is not None else 'POST', paths.cluster(uid, '/features/backup')),
            validate=lambda desired, current: st.validate_backup(desired, current=current),
            create=lambda spec, desired, refs: _policies(spec).update(
                backupPolicy=st.build_backup(desired, location_uid=(refs or {}).get('backup_location_uid'))),
            predict=_backup_predict, view=_view_keys(BACKUP_KEYS)),
    Setting('scan', dict(type='dict', options=SCAN_OPTIONS), read='/features/complianceScan',
            normalise=st.normalise_scan, differences=_or_missing(st.scan_differences, 'scan'),
            build=lambda desired, current, refs: st.build_scan(desired, current),
            write=lambda uid, current: ('PUT' if current is not None else 'POST',
                                        paths.cluster(uid, '/features/complianceScan')),
            validate=lambda desired, current: st.validate_scan(desired),
            create=lambda spec, desired, refs: _policies(spec).update(scanPolicy=st.build_scan(desired)),
            predict=lambda desired, current: st.normalise_scan(st.build_scan(desired, current))),
    Setting('rbac', dict(type='dict', options=RBAC_OPTIONS), read='/config/rbacs',
            normalise=lambda read: st.normalise_rbac(read) if read is not None else None,
            differences=st.rbac_differences, build=_rbac_build, write=_rbac_write,
            validate=lambda desired, current: st.validate_rbac(desired),
            create=lambda spec, desired, refs: st.rbac_entities(desired) and _resources(spec).update(
                rbacs=st.rbac_entities(desired)),
            predict=_rbac_predict),
    Setting('namespaces', dict(type='list', elements='dict', options=dict(
        name=dict(type='str', required=True), cpu_cores=dict(type='float'), memory_mib=dict(type='int'),
        gpu_limit=dict(type='int'))), read='/config/namespaces',
        normalise=sp.normalise_namespaces, differences=sp.namespaces_differences, build=sp.build_namespaces,
        write=_on_cluster('/config/namespaces', 'PUT'), validate=sp.validate_namespaces,
        create=lambda spec, desired, refs: desired and _resources(spec).update(
        namespaces=sp.namespace_entities(desired)),
        predict=lambda desired, current: sp.desired_namespaces(desired)),
    Setting('timezone', dict(type='str'),
            normalise=lambda cluster: ((cluster.get('spec') or {}).get('clusterConfig') or {}).get('timezone') or None,
            differences=_scalar_differences('timezone'), build=lambda desired, current, refs: {'timezone': desired},
            write=_on_cluster('/clusterConfig/timezone', 'PATCH'), validate=sp.validate_timezone,
            create=lambda spec, desired, refs: _cluster_config(spec).update(timezone=desired)),
    Setting('pause_agent_upgrades', dict(type='bool'),
            normalise=sp.agent_upgrades_paused, differences=_scalar_differences('pause_agent_upgrades', bool),
            build=sp.build_agent_upgrades, write=_on_cluster('/upgrade/settings', 'POST'),
            create=AFTER_CREATE, create_default=False),
    Setting('host_cluster', dict(type='dict', options=dict(
        enabled=dict(type='bool', required=True), endpoint_type=dict(type='str', choices=list(sp.HOST_ENDPOINT_TYPES)),
        ingress_host=dict(type='str'), load_balancer_source_ranges=dict(type='list', elements='str'))),
        normalise=sp.normalise_host_cluster, differences=sp.host_cluster_differences,
        build=sp.build_host_cluster, write=_on_cluster('/clusterConfig/hostCluster', 'PATCH'),
        validate=sp.validate_host_cluster,
        create=lambda spec, desired, refs: _cluster_config(spec).update(
        hostClusterConfig=sp.host_cluster_config(desired)),
        predict=lambda desired, current: sp.normalise_host_cluster(
        {'spec': {'clusterConfig': {'hostClusterConfig': sp.host_cluster_config(desired)}}})),
    Setting('install_profile_changes', dict(type='bool'),
            normalise=lambda cluster: not sp.pending_profile_changes(cluster), differences=sp.install_differences,
            build=lambda desired, current, refs: None, write=_on_cluster('/status/spcApply', 'POST'),
            predict=lambda desired, current: True if desired else current, after_profiles=True),
)
BY_KEY = dict((row.key, row) for row in ROWS)


def argument_spec():
    """``{option: argument_spec entry}`` of every setting (a fresh copy)."""
    return dict((row.key, copy.deepcopy(row.options)) for row in ROWS)


def given(params, after_profiles=None):
    """The rows of the settings the user set (optionally only those before / after the profile step)."""
    return [row for row in ROWS if params.get(row.key) is not None
            and (after_profiles is None or row.after_profiles == after_profiles)]


def validate(params, current=None):
    """Errors of every setting given; ``current`` = ``{key: current value}`` of an existing cluster, None on create."""
    errors = []
    for row in given(params):
        errors += row.validate(params[row.key], None if current is None else current.get(row.key))
    return errors


def add_to_create(spec, params, refs=None):
    """Put every setting given that the create entity carries into ``spec`` (the create entity's spec)."""
    for row in given(params):
        if callable(row.create):
            row.create(spec, params[row.key], refs)


def after_create(params):
    """``[(row, current)]`` of the settings a new cluster gets by a write right after its create."""
    return [(row, row.create_default) for row in given(params) if row.create == AFTER_CREATE]
