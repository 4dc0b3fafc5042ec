# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from specs_fixtures import assert_valid

from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    CLUSTER_SETTINGS_OPTIONS,
    cluster_settings_options,
)

LOCATION_UID = '5f0000000000000000000001'


def test_settings_options_shape():
    assert sorted(CLUSTER_SETTINGS_OPTIONS) == ['backup', 'os_patch', 'rbac', 'scan']
    assert cluster_settings_options() == CLUSTER_SETTINGS_OPTIONS
    assert cluster_settings_options() is not CLUSTER_SETTINGS_OPTIONS


def test_os_patch_build_normalise_differences():
    body = st.build_os_patch({'schedule': '0 2 * * 0', 'reboot_if_required': True})
    assert_valid('v1OsPatchEntity', body)
    assert body == {'osPatchConfig': {'schedule': '0 2 * * 0', 'patchOnBoot': False, 'rebootIfRequired': True}}
    cluster = {'spec': {'clusterConfig': {'machineManagementConfig': body}}}
    current = st.normalise_os_patch(cluster)
    assert current == {'schedule': '0 2 * * 0', 'patch_on_boot': False, 'reboot_if_required': True}
    assert st.os_patch_differences({'schedule': '0 2 * * 0'}, current) == {}
    assert st.os_patch_differences({'patch_on_boot': True}, current) == {'patch_on_boot': (False, True)}
    # unset options keep their current value on the PATCH
    assert st.build_os_patch({'patch_on_boot': True}, current)['osPatchConfig'] == {
        'schedule': '0 2 * * 0', 'patchOnBoot': True, 'rebootIfRequired': True}


def test_backup_build_with_name_and_resolved_uid():
    desired = {'location': 'my-s3', 'prefix': 'daily', 'schedule': '0 1 * * *', 'expiry_hours': 72,
               'namespaces': ['b', 'a']}
    assert st.validate_backup(desired) == []
    body = st.build_backup(desired, location_uid=LOCATION_UID)
    assert_valid('v1ClusterBackupConfig', body)
    assert body == {'backupLocationUid': LOCATION_UID, 'backupLocationName': 'my-s3', 'backupPrefix': 'daily',
                    'durationInHours': 72, 'includeAllDisks': True, 'includeClusterResourceMode': 'Auto',
                    'namespaces': ['a', 'b'], 'schedule': {'scheduledRunTime': '0 1 * * *'}}
    read = {'metadata': {'uid': 'x'}, 'spec': {'clusterUid': 'c', 'config': body}}
    assert_valid('v1ClusterBackup', read)
    current = st.normalise_backup(read)
    assert current['location'] == 'my-s3' and current['expiry_hours'] == 72
    assert st.backup_differences(desired, current) == {}
    assert st.backup_differences({'location': LOCATION_UID}, current) == {}
    assert st.backup_differences({'expiry_hours': 24}, current) == {'expiry_hours': (72, 24)}
    update = st.build_backup({'schedule': ''}, current)
    assert update['backupLocationUid'] == LOCATION_UID and update['schedule'] == {'scheduledRunTime': ''}
    assert update['includeAllDisks'] is True and update['backupPrefix'] == 'daily'


def test_backup_legacy_bool_and_uid_location():
    assert st.normalise_backup({'includeClusterResources': False})['include_cluster_resources'] == 'Never'
    assert st.normalise_backup(None) is None
    body = st.build_backup({'location': LOCATION_UID, 'prefix': 'p', 'schedule': '0 0 * * *'})
    assert body['backupLocationUid'] == LOCATION_UID and 'backupLocationName' not in body


def test_scan_build_and_read_shape():
    body = st.build_scan({'configuration_scan_schedule': '0 4 * * 1', 'conformance_scan_schedule': '0 5 1 * *'})
    assert_valid('v1ClusterComplianceScheduleConfig', body)
    assert body == {'kubeBench': {'schedule': {'scheduledRunTime': '0 4 * * 1'}},
                    'kubeHunter': {'schedule': {'scheduledRunTime': ''}},
                    'sonobuoy': {'schedule': {'scheduledRunTime': '0 5 1 * *'}}}
    read = {'spec': {'clusterUid': 'c', 'driverSpec': {
        'kube-bench': {'config': {'schedule': {'scheduledRunTime': '0 4 * * 1'}}, 'isClusterConfig': False},
        'sonobuoy': {'config': {'schedule': {'scheduledRunTime': '0 5 1 * *'}}}}}}
    assert_valid('v1ClusterComplianceScan', read)
    current = st.normalise_scan(read)
    assert current == {'configuration_scan_schedule': '0 4 * * 1', 'penetration_scan_schedule': '',
                       'conformance_scan_schedule': '0 5 1 * *'}
    assert st.normalise_scan(body) == current
    assert st.scan_differences({'configuration_scan_schedule': '0 4 * * 1'}, current) == {}
    assert st.scan_differences({'penetration_scan_schedule': '0 6 * * *'}, current) == {
        'penetration_scan_schedule': ('', '0 6 * * *')}
    update = st.build_scan({'penetration_scan_schedule': '0 6 * * *'}, current)
    assert update['kubeBench'] == {'schedule': {'scheduledRunTime': '0 4 * * 1'}}


RBAC = {
    'cluster_role_bindings': [{'role': 'cluster-admin',
                               'subjects': [{'type': 'Group', 'name': 'ops'}, {'type': 'User', 'name': 'alice'}]}],
    'role_bindings': [{'namespace': 'apps', 'role': 'edit', 'subjects': [
        {'type': 'ServiceAccount', 'name': 'ci', 'namespace': 'apps'}]},
        {'namespace': 'apps', 'role': 'view', 'role_kind': 'ClusterRole', 'subjects': [{'type': 'Group', 'name': 'dev'}]}],
}


def test_rbac_build_normalise_differences():
    assert st.validate_rbac(RBAC) == []
    body = st.build_rbac(RBAC)
    assert_valid('v1ClusterRbacResourcesUpdateEntity', body)
    cluster_entry, ns_entry = body['rbacs']
    assert cluster_entry['spec']['bindings'][0] == {
        'type': 'ClusterRoleBinding', 'role': {'kind': 'ClusterRole', 'name': 'cluster-admin'},
        'subjects': [{'type': 'Group', 'name': 'ops'}, {'type': 'User', 'name': 'alice'}]}
    assert ns_entry['spec']['bindings'][1]['role'] == {'kind': 'ClusterRole', 'name': 'view'}
    assert ns_entry['spec']['bindings'][0]['namespace'] == 'apps'
    read = {'items': [dict(e, metadata={'uid': str(i)}) for i, e in enumerate(body['rbacs'])]
            + [{'spec': {'isSystem': True, 'bindings': [{'type': 'ClusterRoleBinding', 'role': {'name': 'sys'}}]}}]}
    assert_valid('v1ClusterRbacs', read)
    current = st.normalise_rbac(read)
    assert len(current['cluster_role_bindings']) == 1 and len(current['role_bindings']) == 2
    assert st.rbac_differences(RBAC, current) == {}
    reordered = {'cluster_role_bindings': [{'role': 'cluster-admin', 'subjects': list(reversed(
        RBAC['cluster_role_bindings'][0]['subjects']))}]}
    assert st.rbac_differences(reordered, current) == {}
    assert list(st.rbac_differences({'role_bindings': []}, current)) == ['role_bindings']
    # only cluster_role_bindings given: role bindings stay as they are
    update = st.build_rbac({'cluster_role_bindings': []}, current)
    assert [b['type'] for e in update['rbacs'] for b in e['spec']['bindings']] == ['RoleBinding', 'RoleBinding']
