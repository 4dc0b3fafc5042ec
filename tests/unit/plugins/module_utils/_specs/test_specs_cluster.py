# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest
from specs_fixtures import (
    KMS_ARN,
    assert_valid,
    eks_dynamic_params,
    eks_static_params,
    example,
    iaas_static_params,
    meaning,
    read_cluster,
    spot_pool,
)

from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as c
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np

ACCOUNT = '6650a1b2c3d4e5f601234567'
EKS_PROFILE = [{'uid': '6650a1b2c3d4e5f60000aaaa'}]
AWS_PROFILE = [{'uid': '6650a1b2c3d4e5f60000bbbb'}]


def test_eks_static_example_builds_the_example_body():
    params = eks_static_params()
    errors, _warnings = c.validate_cluster(params)
    assert errors == []
    body = c.build_create_entity(params, ACCOUNT, EKS_PROFILE)
    assert_valid('v1SpectroEksClusterEntity', body)
    assert meaning(body) == meaning(example('eks-create'))


def test_eks_static_with_spot_pool_taints_fargate_kms_validates():
    params = eks_static_params()
    params['node_pools'].append(spot_pool())
    errors, warnings = c.validate_cluster(params)
    assert errors == []
    assert len(warnings) == 1 and 'private_and_public' in warnings[0] and '0.0.0.0/0' in warnings[0]
    body = c.build_create_entity(params, ACCOUNT, EKS_PROFILE)
    assert_valid('v1SpectroEksClusterEntity', body)
    pools = body['spec']['machinepoolconfig']
    assert [p['poolConfig']['name'] for p in pools] == ['cp-pool', 'worker-pool', 'spot-pool']
    cp = pools[0]
    assert cp['poolConfig']['isControlPlane'] is True and cp['poolConfig']['size'] == 0
    assert cp['cloudConfig']['capacityType'] == 'spot' and cp['cloudConfig']['spotMarketOptions'] == {'maxPrice': '0.0'}
    spot = pools[2]
    assert spot['cloudConfig']['spotMarketOptions'] == {'maxPrice': '0.09'}
    assert spot['cloudConfig']['azs'] == ['us-east-1b']
    assert spot['poolConfig']['updateStrategy'] == {'type': 'OverrideScaling', 'maxSurge': '1', 'maxUnavailable': '0'}
    assert {'key': 'batch', 'value': '', 'effect': 'PreferNoSchedule'} in spot['poolConfig']['taints']
    cfg = body['spec']['cloudConfig']
    assert cfg['endpointAccess'] == {'public': True, 'private': True, 'publicCIDRs': ['203.0.113.0/24'],
                                     'privateCIDRs': ['10.0.0.0/16']}
    assert cfg['encryptionConfig'] == {'isEnabled': True, 'provider': KMS_ARN}
    assert cfg['bastionDisabled'] is True


def test_eks_dynamic_body():
    params = eks_dynamic_params()
    errors, warnings = c.validate_cluster(params)
    assert errors == [] and warnings == []
    body = c.build_create_entity(params, ACCOUNT, [{'uid': 'p1', 'pack_values': [{'name': 'kubernetes-eks',
                                                                                 'tag': '1.30', 'values': 'a: 1'}],
                                                    'variables': {'b': 2, 'a': 'x'}}])
    assert_valid('v1SpectroEksClusterEntity', body)
    spec = body['spec']
    assert 'vpcId' not in spec['cloudConfig']
    assert spec['cloudConfig']['endpointAccess'] == {'public': True, 'private': False, 'publicCIDRs': ['0.0.0.0/0'],
                                                     'privateCIDRs': []}
    assert len(spec['machinepoolconfig']) == 1  # no cp-pool with dynamic placement
    pool = spec['machinepoolconfig'][0]
    assert pool['cloudConfig'] == {'instanceType': 't3.xlarge', 'amiType': 'AL2023_x86_64_NVIDIA', 'capacityType': 'on-demand',
                                   'rootDeviceSize': 60, 'azs': ['eu-west-1a', 'eu-west-1b']}
    assert (pool['poolConfig']['size'], pool['poolConfig']['minSize'], pool['poolConfig']['maxSize']) == (3, 3, 3)
    assert spec['fargateProfiles'] == [{'name': 'jobs', 'subnetIds': [], 'additionalTags': {},
                                        'selectors': [{'namespace': 'jobs'}]}]
    assert spec['clusterConfig'] == {'machineManagementConfig': {'osPatchConfig': {
        'schedule': '0 3 * * 0', 'patchOnBoot': True, 'rebootIfRequired': False}}, 'updateWorkerPoolsInParallel': True}
    assert spec['profiles'] == [{'uid': 'p1', 'packValues': [{'name': 'kubernetes-eks', 'tag': '1.30', 'values': 'a: 1'}],
                                 'variables': [{'name': 'a', 'value': 'x'}, {'name': 'b', 'value': '2'}]}]
    assert body['metadata'] == {'name': 'eks-dyn', 'labels': {}}


def test_iaas_static_control_plane_of_three_spot_taints_internal_lb():
    params = iaas_static_params()
    errors, warnings = c.validate_cluster(params)
    assert errors == [] and warnings == []
    body = c.build_create_entity(params, ACCOUNT, AWS_PROFILE)
    assert_valid('v1SpectroAwsClusterEntity', body)
    spec = body['spec']
    assert spec['clusterType'] == 'PureManage'
    assert spec['cloudConfig'] == {'region': 'us-west-2', 'controlPlaneLoadBalancer': 'internal',
                                   'vpcId': 'vpc-0123456789abcdef0', 'sshKeyName': 'my-ec2-keypair'}
    cp, worker = spec['machinepoolconfig']  # control plane first
    assert cp['poolConfig']['isControlPlane'] and cp['poolConfig']['labels'] == ['control-plane']
    assert (cp['poolConfig']['size'], cp['poolConfig']['minSize'], cp['poolConfig']['maxSize']) == (3, 3, 3)
    assert 'skipK8sUpgrade' not in cp['poolConfig'] and 'amiType' not in cp['cloudConfig']
    assert worker['poolConfig']['skipK8sUpgrade'] == 'disabled' and worker['poolConfig']['nodeRepaveInterval'] == 0
    assert 'fargateProfiles' not in spec


def test_iaas_example_meaning():
    params = iaas_static_params()
    params['control_plane_load_balancer'] = None
    params['node_pools'][1]['count'] = 1
    body = c.build_create_entity(params, '6650a1b2c3d4e5f601234567', AWS_PROFILE)
    want = example('aws-create')
    # the example lists the control plane first and has no clusterConfig (we always send osPatch defaults)
    body['spec'].pop('clusterConfig')
    for pool in want['spec']['machinepoolconfig']:
        pool['poolConfig'].setdefault('additionalLabels', {})
    assert meaning(body) == meaning(want)


def test_create_with_settings_puts_policies_and_rbac_in_the_entity():
    params = eks_dynamic_params()
    params['backup'] = {'location': 'my-s3', 'prefix': 'daily', 'schedule': '0 1 * * *', 'expiry_hours': 72}
    params['scan'] = {'configuration_scan_schedule': '0 4 * * 1'}
    params['rbac'] = {'cluster_role_bindings': [{'role': 'cluster-admin', 'subjects': [{'type': 'Group', 'name': 'ops'}]}]}
    assert c.validate_cluster(params)[0] == []
    body = c.build_create_entity(params, ACCOUNT, ['p1'], {'backup_location_uid': '5f0000000000000000000001'})
    assert_valid('v1SpectroEksClusterEntity', body)
    assert body['spec']['policies']['backupPolicy']['backupLocationUid'] == '5f0000000000000000000001'
    assert body['spec']['policies']['scanPolicy']['kubeBench'] == {'schedule': {'scheduledRunTime': '0 4 * * 1'}}
    assert body['spec']['clusterConfig']['resources']['rbacs'][0]['spec']['bindings'][0]['role'] == {
        'kind': 'ClusterRole', 'name': 'cluster-admin'}


@pytest.mark.parametrize('make,cloud_type', [(eks_static_params, 'eks'), (eks_dynamic_params, 'eks'),
                                             (iaas_static_params, 'aws')])
def test_normalise_round_trip_is_converged(make, cloud_type):
    params = make()
    if cloud_type == 'eks':
        params['node_pools'].append(dict(spot_pool(), subnets=None, azs=None))
        if params.get('vpc_id'):
            params['node_pools'][-1]['subnets'] = [{'az': 'us-east-1b', 'subnet_id': 'subnet-0ddd3333eeee4444f'}]
        else:
            params['node_pools'][-1]['azs'] = ['eu-west-1b']
    body = c.build_create_entity(params, ACCOUNT, [{'uid': '6650a1b2c3d4e5f60000aaaa'}])
    current = c.normalise_cluster(*read_cluster(body, cloud_type))
    assert current['uid'] and current['cloud_config_uid'] == 'cc0000000000000000000001'
    assert current['cloud_account_uid'] == ACCOUNT and current['state'] == 'Running' and current['health'] == 'Healthy'
    assert current['cloud_type'] == cloud_type and current['region'] == params['region']
    assert c.validate_cluster(params, current)[0] == []
    assert c.immutable_changes(params, current) == []
    assert c.cluster_config_differences(params, current) == {}
    assert c.metadata_differences(params, current) == {}
    assert c.build_metadata_patch(params, current) is None
    pools = dict((p['name'], p) for p in current['node_pools'])
    assert sorted(pools) == sorted(p['name'] for p in params['node_pools'])
    for pool in params['node_pools']:
        assert np.pool_differences(pool, pools[pool['name']]) == {}, pool['name']
    for profile in params.get('fargate_profiles') or []:
        have = [f for f in current['fargate_profiles'] if f['name'] == profile['name']][0]
        assert fp.fargate_profile_differences(profile, have) == {}
    if cloud_type == 'eks':
        assert all(p['name'] != 'cp-pool' for p in current['node_pools'])
        assert current['control_plane_subnets'] == sorted(params.get('control_plane_subnets') or [], key=lambda s: s['az'])
        assert current['encryption'] == {'enabled': bool(params.get('encryption_kms_key_arn')),
                                         'kms_key_arn': params.get('encryption_kms_key_arn')}
    else:
        assert current['control_plane_load_balancer'] == 'internal' and current['endpoint_access'] is None
        assert current['node_pools'][0]['control_plane'] is True


def _eks_current():
    params = eks_static_params()
    body = c.build_create_entity(params, ACCOUNT, EKS_PROFILE)
    cluster, config, overview = read_cluster(body, 'eks')
    return params, cluster, config, c.normalise_cluster(cluster, config, overview)


def test_immutable_changes_name_field_current_and_requested():
    params, _cluster, _config, current = _eks_current()
    params.update(region='us-west-2', vpc_id='vpc-0ffffffffffffffff', endpoint_access='public', ssh_key_name='other',
                  encryption_kms_key_arn=KMS_ARN.replace('1234abcd', 'ffffabcd'), update_worker_pools_in_parallel=True,
                  control_plane_subnets=[{'az': 'us-east-1c', 'subnet_id': 'subnet-0ccc1111bbbb2222c'}])
    changes = c.immutable_changes(params, current)
    fields = [x.split(':')[0] for x in changes]
    assert sorted(fields) == sorted(['region', 'vpc_id', 'ssh_key_name', 'endpoint_access',
                                     'update_worker_pools_in_parallel', 'control_plane_subnets', 'encryption_kms_key_arn'])
    assert 'region: current us-east-1, requested us-west-2' in changes
    assert c.immutable_changes({'cloud_type': 'aws'}, current) == ['cloud_type: current eks, requested aws']


def test_cluster_config_update_keeps_current_and_sets_cidrs():
    params, _cluster, config, current = _eks_current()
    desired = {'public_access_cidrs': ['0.0.0.0/0'], 'private_access_cidrs': []}
    assert c.cluster_config_differences(desired, current) == {
        'public_access_cidrs': (['203.0.113.0/24'], ['0.0.0.0/0']), 'private_access_cidrs': (['10.0.0.0/16'], [])}
    body = c.build_cluster_config_update(desired, config)
    assert_valid('v1EksCloudClusterConfigEntity', body)
    cfg = body['clusterConfig']
    assert cfg['endpointAccess'] == {'public': True, 'private': True, 'publicCIDRs': ['0.0.0.0/0'], 'privateCIDRs': []}
    assert cfg['vpcId'] == params['vpc_id'] and cfg['encryptionConfig']['provider'] == KMS_ARN
    assert config['spec']['clusterConfig']['endpointAccess']['publicCIDRs'] == ['203.0.113.0/24']  # not mutated


def test_encryption_is_chosen_at_creation():
    """Enabling secrets encryption on an existing cluster is an immutable change (REFERENCE.md 11.2)."""
    params = eks_dynamic_params()
    body = c.build_create_entity(params, ACCOUNT, EKS_PROFILE)
    current = c.normalise_cluster(*read_cluster(body, 'eks'))
    desired = {'encryption_kms_key_arn': 'alias/eks-secrets'}
    assert c.immutable_changes(desired, current) == ['encryption_kms_key_arn: current None, requested alias/eks-secrets']
    assert c.cluster_config_differences(desired, current) == {}


def test_cluster_config_update_keeps_fields_newer_than_the_spec():
    params, _cluster, config, current = _eks_current()
    config = copy.deepcopy(config)
    config['spec']['clusterConfig']['overrideClusterAPIConfig'] = 'a: 1\n'
    body = c.build_cluster_config_update({'public_access_cidrs': ['0.0.0.0/0']}, config)
    assert body['clusterConfig']['overrideClusterAPIConfig'] == 'a: 1\n'
    assert body['clusterConfig']['endpointAccess']['publicCIDRs'] == ['0.0.0.0/0']


def test_aws_cluster_config_update_is_valid():
    body = c.build_create_entity(iaas_static_params(), ACCOUNT, AWS_PROFILE)
    _cluster, config, _o = read_cluster(body, 'aws')
    update = c.build_cluster_config_update({}, config)
    assert_valid('v1AwsCloudClusterConfigEntity', update)
    assert update['clusterConfig']['controlPlaneLoadBalancer'] == 'internal'


@pytest.mark.parametrize('tags,purge,want', [
    ({'env': 'prod'}, True, {'env': 'prod'}),
    ({'team': 'a'}, False, {'env': 'dev', 'owner': 'platform', 'team': 'a'}),
    ({'env': 'dev', 'owner': 'platform'}, True, None),
    (None, True, None),
])
def test_metadata_patch_purge_tags(tags, purge, want):
    params, _cluster, _config, current = _eks_current()
    patch = c.build_metadata_patch({'tags': tags, 'purge_tags': purge}, current)
    if want is None:
        assert patch is None
        return
    assert_valid('v1ObjectMetaInputEntitySchema', patch)
    assert patch['metadata']['labels'] == want
    assert patch['metadata']['annotations'] == {'description': 'EKS cluster managed by Ansible'}
    assert patch['metadata']['name'] == 'eks-demo'


def test_metadata_patch_description_and_key_only_tag():
    _params, _cluster, _config, current = _eks_current()
    patch = c.build_metadata_patch({'description': 'new', 'tags': {'flag': None}}, current)
    assert patch['metadata'] == {'name': 'eks-demo', 'labels': {'flag': 'spectro__tag'},
                                 'annotations': {'description': 'new'}}
    current2 = dict(current, tags=c.labels_to_tags(patch['metadata']['labels']), description='new')
    assert c.build_metadata_patch({'description': 'new', 'tags': {'flag': None}}, current2) is None


def test_profiles_update_body():
    body = c.build_profiles_update([{'uid': 'a', 'variables': {'x': 1}}, 'b'], action_type='DownloadAndInstallLater')
    assert_valid('v1SpectroClusterProfiles', body)
    assert body == {'profiles': [{'uid': 'a', 'packValues': [], 'variables': [{'name': 'x', 'value': '1'}]},
                                 {'uid': 'b', 'packValues': [], 'variables': []}],
                    'spcApplySettings': {'actionType': 'DownloadAndInstallLater'}}


def test_build_does_not_mutate_params():
    params = eks_static_params()
    before = copy.deepcopy(params)
    c.build_create_entity(params, ACCOUNT, EKS_PROFILE)
    assert params == before


def test_public_endpoint_warnings():
    params = eks_dynamic_params()
    params['public_access_cidrs'] = ['198.51.100.0/24', '10.1.0.0/16']
    errors, warnings = c.validate_cluster(params)
    assert errors == []
    assert any('endpoint_access is public' in w and 'private_and_public' in w for w in warnings)
    assert any('10.1.0.0/16' in w and 'private' in w for w in warnings)
    params.pop('public_access_cidrs')
    params.pop('endpoint_access')  # default public, no CIDRs -> the docs' caution
    assert any('0.0.0.0/0' in w for w in c.validate_cluster(params)[1])
