# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from specs_fixtures import assert_valid

from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_parts as sp
from ansible_collections.palette.aws.plugins.module_utils._specs import settings_table as table

LOCATION_UID = '5f0000000000000000000001'


SETTINGS = ['backup', 'host_cluster', 'install_profile_changes', 'namespaces', 'os_patch', 'pause_agent_upgrades',
            'rbac', 'scan', 'timezone']


def test_settings_options_come_from_the_table():
    spec = table.argument_spec()
    assert sorted(spec) == SETTINGS
    assert spec['timezone'] == {'type': 'str'}
    assert spec is not table.argument_spec() and spec['os_patch'] is not table.BY_KEY['os_patch'].options


def test_every_row_builds_a_body_palette_accepts():
    """Each row's day-2 body and its create placement validate against the spec."""
    desired = {'os_patch': {'schedule': '0 2 * * 0', 'patch_after': '2099-01-01T00:00:00Z'},
               'namespaces': [{'name': 'web', 'cpu_cores': 2, 'memory_mib': 2048, 'gpu_limit': 1}, {'name': '/^db-.*/'}],
               'timezone': 'Europe/Paris', 'pause_agent_upgrades': True,
               'host_cluster': {'enabled': True, 'endpoint_type': 'Ingress', 'ingress_host': 'vc.example.com'},
               'rbac': {'cluster_role_bindings': [{'role': 'view', 'subjects': [{'type': 'User', 'name': 'a'}]}]}}
    bodies = {'os_patch': 'v1OsPatchEntity', 'namespaces': 'v1ClusterNamespaceResourcesUpdateEntity',
              'timezone': 'v1TimezoneUpdateEntity', 'pause_agent_upgrades': 'v1ClusterUpgradeSettingsEntity',
              'host_cluster': 'v1HostClusterConfigEntity', 'rbac': 'v1ClusterRbac'}
    for key, definition in bodies.items():
        row = table.BY_KEY[key]
        assert_valid(definition, row.build(desired[key], None, None))
        assert row.differences(desired[key], row.predict(desired[key], None)) == {}, key
    spec = {}
    table.add_to_create(spec, desired)
    assert_valid('v1ClusterConfigEntity', spec['clusterConfig'])
    assert spec['clusterConfig']['timezone'] == 'Europe/Paris'
    assert [n['metadata']['name'] for n in spec['clusterConfig']['resources']['namespaces']] == ['/^db-.*/', 'web']
    assert spec['clusterConfig']['resources']['namespaces'][0]['spec']['isRegex'] is True
    assert [row.key for row, _default in table.after_create(desired)] == ['pause_agent_upgrades']


def test_rows_read_what_palette_returns():
    cluster = {'metadata': {'annotations': {'spectroComponentsUpgradeForbidden': 'true'}},
               'spec': {'clusterConfig': {'timezone': 'UTC', 'hostClusterConfig': {
                   'isHostCluster': True, 'clusterEndpoint': {'type': 'LoadBalancer', 'config': {
                       'loadBalancerConfig': {'loadBalancerSourceRanges': ['10.0.0.0/8']}}}}}},
               'status': {'spcApply': {'actionType': 'DownloadAndInstallLater', 'canBeApplied': False}}}
    read = dict((row.key, row.normalise(cluster)) for row in table.ROWS if row.read is None)
    assert read['timezone'] == 'UTC' and read['pause_agent_upgrades'] is True
    assert read['host_cluster'] == {'enabled': True, 'endpoint_type': 'LoadBalancer', 'ingress_host': None,
                                    'load_balancer_source_ranges': ['10.0.0.0/8']}
    assert read['install_profile_changes'] is False
    assert table.BY_KEY['install_profile_changes'].differences(True, False) == {
        'install_profile_changes': (False, True)}
    assert table.BY_KEY['install_profile_changes'].differences(False, False) == {}
    assert table.BY_KEY['pause_agent_upgrades'].differences(True, True) == {}
    assert table.BY_KEY['timezone'].differences('UTC', 'UTC') == {}
    namespaces = {'items': [{'metadata': {'name': 'web'}, 'spec': {'resourceAllocation': {
        'cpuCores': 2, 'memoryMiB': 2048, 'gpuConfig': {'limit': 0, 'provider': 'nvidia'}}}}]}
    current = table.BY_KEY['namespaces'].normalise(namespaces)
    assert table.BY_KEY['namespaces'].differences([{'name': 'web', 'cpu_cores': 2.0, 'memory_mib': 2048}], current) == {}


def test_rbac_on_a_cluster_without_any_is_a_workspace_post():
    row = table.BY_KEY['rbac']
    assert row.write('c1', None) == ('POST', '/v1/workspaces/c1/clusterRbacs')
    assert row.write('c1', {'cluster_role_bindings': [], 'role_bindings': []}) == ('PUT', '/v1/spectroclusters/c1/config/rbacs')


def test_settings_validation_names_the_option():
    errors = table.validate({'timezone': 'Mars/Olympus_Mons', 'namespaces': [{'name': 'Bad_NS', 'cpu_cores': 0}],
                             'host_cluster': {'enabled': False, 'ingress_host': 'x'},
                             'os_patch': {'patch_after': 'tomorrow'}})
    text = ' | '.join(errors)
    for expected in ('timezone:', 'namespaces[0].name', 'namespaces[0].cpu_cores', 'host_cluster.enabled',
                     'os_patch.patch_after'):
        assert expected in text, (expected, errors)
    assert sp.validate_timezone('Europe/Paris') == [] and sp.validate_timezone('UTC') == []
    assert 'in the past' in ' '.join(sp.validate_patch_after('2001-01-01T00:00:00Z'))
    # an unchanged past time is not refused (a converged re-run)
    assert sp.validate_patch_after('2001-01-01T00:00:00Z', '2001-01-01T00:00:00.000Z') == []


def test_os_patch_build_normalise_differences():
    body = st.build_os_patch({'schedule': '0 2 * * 0', 'reboot_if_required': True})
    assert_valid('v1OsPatchEntity', body)
    assert body == {'osPatchConfig': {'schedule': '0 2 * * 0', 'patchOnBoot': False, 'rebootIfRequired': True}}
    cluster = {'spec': {'clusterConfig': {'machineManagementConfig': body}}}
    current = st.normalise_os_patch(cluster)
    assert current == {'schedule': '0 2 * * 0', 'patch_on_boot': False, 'reboot_if_required': True, 'patch_after': None}
    assert st.os_patch_differences({'schedule': '0 2 * * 0'}, current) == {}
    assert st.os_patch_differences({'patch_on_boot': True}, current) == {'patch_on_boot': (False, True)}
    # unset options keep their current value on the PATCH
    assert st.build_os_patch({'patch_on_boot': True}, current)['osPatchConfig'] == {
        'schedule': '0 2 * * 0', 'patchOnBoot': True, 'rebootIfRequired': True}
    later = st.build_os_patch({'patch_after': '2099-01-02T03:04:05+01:00'}, current)['osPatchConfig']
    assert later['onDemandPatchAfter'] == '2099-01-02T02:04:05Z'
    assert st.os_patch_differences({'patch_after': '2099-01-02T02:04:05.000Z'},
                                   st.normalise_os_patch(later)) == {}


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
