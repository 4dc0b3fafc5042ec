# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest
from specs_fixtures import assert_valid, example, meaning, read_pool, spot_pool

from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import NODE_POOL_OPTIONS, node_pool_options

DEF = {'eks': 'v1EksMachinePoolConfigEntity', 'aws': 'v1AwsMachinePoolConfigEntity'}


def _read(pool, cloud_type='eks'):
    """A pool as Palette would return it after creating it from ``pool``."""
    return read_pool(np.build_pool_entity(pool, cloud_type), cloud_type)


def _autoscaled_read(size=5):
    read = _read({'name': 'workers', 'count': 2, 'min_size': 2, 'max_size': 8, 'instance_type': 't3.large',
                  'azs': ['us-east-1a'], 'labels': {'a': 'b'}})
    read['size'] = size  # what an older Palette kept; a live one keeps size = min_size (REFERENCE.md 11.3)
    return read


def test_options_have_no_defaults_on_mutable_fields():
    for name, spec in NODE_POOL_OPTIONS.items():
        assert 'default' not in spec, name
    opts = node_pool_options()
    opts['count']['default'] = 1
    assert 'default' not in NODE_POOL_OPTIONS['count']  # a fresh copy each time


def test_eks_update_example_body():
    current = np.normalise_pool(read_pool(example('eks-machinepool-update'), 'eks'), 'eks')
    body = np.build_pool_entity({'name': 'worker-pool'}, 'eks', current=current)
    assert meaning(body) == meaning(example('eks-machinepool-update'))
    assert_valid(DEF['eks'], body)


def test_aws_update_example_body_keeps_unmanaged_fields():
    read = read_pool(example('aws-machinepool-update'), 'aws')
    read['additionalSecurityGroups'] = [{'id': 'sg-0123456789abcdef0'}]
    read['additionalAnnotations'] = {'note': 'kept'}
    body = np.build_pool_entity({'name': 'worker-pool', 'count': 5}, 'aws', current_read=read)
    assert_valid(DEF['aws'], body)
    assert body['cloudConfig']['additionalSecurityGroups'] == [{'id': 'sg-0123456789abcdef0'}]
    assert body['poolConfig']['additionalAnnotations'] == {'note': 'kept'}
    assert body['poolConfig']['skipK8sUpgrade'] == 'disabled'
    assert (body['poolConfig']['size'], body['poolConfig']['minSize'], body['poolConfig']['maxSize']) == (5, 4, 8)
    assert body['cloudConfig']['instanceType'] == 'm5.2xlarge'


def test_update_with_count_unset_keeps_autoscaled_size_and_everything_else():
    read = _autoscaled_read()
    current = np.normalise_pool(read, 'eks')
    body = np.build_pool_entity({'name': 'workers', 'instance_type': 't3.xlarge'}, 'eks', current=current)
    assert_valid(DEF['eks'], body)
    pc, cc = body['poolConfig'], body['cloudConfig']
    assert (pc['size'], pc['minSize'], pc['maxSize']) == (2, 2, 8)   # an autoscaled EKS pool persists size = min
    assert cc['instanceType'] == 't3.xlarge' and cc['amiType'] == 'AL2023_x86_64_STANDARD'
    assert cc['azs'] == ['us-east-1a'] and cc['rootDeviceSize'] == 60 and cc['capacityType'] == 'on-demand'
    assert pc['additionalLabels'] == {'a': 'b'} and pc['updateStrategy'] == {'type': 'RollingUpdateScaleOut'}


@pytest.mark.parametrize('change,want', [
    ({'min_size': 1, 'max_size': 4}, (1, 1, 4)),   # size = min (REFERENCE.md 11.3)
    ({'min_size': 6}, (6, 6, 8)),
    ({'max_size': 3}, (2, 2, 3)),
    ({'min_size': 10}, (10, 10, 10)),               # min crossed the current max: max follows
    ({'count': 2}, (2, 2, 8)),                      # count == min_size: accepted
    ({'count': 1}, (1, 1, 8)),                      # count below the unmanaged min lowers it
])
def test_update_sizes_eks_autoscaled_keeps_size_at_min(change, want):
    current = np.normalise_pool(_autoscaled_read(), 'eks')
    pool = dict({'name': 'workers'}, **change)
    assert np.validate_node_pool(pool, 'eks', current=current) == []
    pc = np.build_pool_entity(pool, 'eks', current=current)['poolConfig']
    assert (pc['size'], pc['minSize'], pc['maxSize']) == want


@pytest.mark.parametrize('pool', [
    {'name': 'workers', 'count': 7},
    {'name': 'workers', 'count': 3, 'min_size': 2, 'max_size': 8},
])
def test_eks_autoscaled_count_must_equal_min_size(pool):
    current = np.normalise_pool(_autoscaled_read(), 'eks')
    errors = np.validate_node_pool(pool, 'eks', current=current)
    assert len(errors) == 1 and errors[0].startswith('count: ') and 'keeps its size at min_size' in errors[0], errors
    create = dict(pool, instance_type='t3.large', azs=['us-east-1a'], min_size=2, max_size=8)
    assert np.validate_node_pool(create, 'eks')[0].startswith('count: ')


def test_eks_autoscaled_pool_never_compares_count_with_the_read_size():
    read = _autoscaled_read(size=5)   # whatever size Palette reports, count is not compared
    desired = {'name': 'workers', 'count': 2, 'min_size': 2, 'max_size': 8}
    assert np.pool_differences(desired, np.normalise_pool(read, 'eks'), 'eks') == {}


@pytest.mark.parametrize('change,want', [
    ({'min_size': 1, 'max_size': 4}, (4, 1, 4)),   # IaaS: size clamped down into the new bounds
    ({'count': 7}, (7, 2, 8)),
    ({'count': 12}, (12, 2, 12)),                   # explicit count widens the unmanaged bound
])
def test_update_sizes_iaas(change, want):
    read = _read({'name': 'workers', 'count': 2, 'min_size': 2, 'max_size': 8, 'instance_type': 't3.large',
                  'azs': ['us-west-2a']}, 'aws')
    read['size'] = 5
    current = np.normalise_pool(read, 'aws')
    pool = dict({'name': 'workers'}, **change)
    assert np.validate_node_pool(pool, 'aws', current=current) == []
    pc = np.build_pool_entity(pool, 'aws', current=current)['poolConfig']
    assert (pc['size'], pc['minSize'], pc['maxSize']) == want


def test_fixed_pool_count_moves_bounds_with_it():
    current = np.normalise_pool(_read({'name': 'fixed', 'count': 3, 'instance_type': 't3.large', 'azs': ['us-east-1a']}), 'eks')
    assert (current['count'], current['min_size'], current['max_size']) == (3, 3, 3)
    pc = np.build_pool_entity({'name': 'fixed', 'count': 5}, 'eks', current=current)['poolConfig']
    assert (pc['size'], pc['minSize'], pc['maxSize']) == (5, 5, 5)


def test_create_sizes_from_min_only():
    pc = np.build_pool_entity({'name': 'p', 'min_size': 2, 'max_size': 6, 'instance_type': 't3.large',
                               'azs': ['us-east-1a']}, 'eks')['poolConfig']
    assert (pc['size'], pc['minSize'], pc['maxSize']) == (2, 2, 6)


def test_strategy_switch_drops_surge_and_spot_switch_drops_price():
    current = np.normalise_pool(_read(dict(spot_pool(), subnets=None, azs=['us-east-1a'])), 'eks')
    assert current['max_surge'] == '1' and current['max_price'] == '0.09'
    pool = {'name': 'spot-pool', 'update_strategy': 'RollingUpdateScaleIn', 'capacity_type': 'on-demand'}
    assert np.validate_node_pool(pool, 'eks', current=current) == []
    body = np.build_pool_entity(pool, 'eks', current=current)
    assert_valid(DEF['eks'], body)
    assert body['poolConfig']['updateStrategy'] == {'type': 'RollingUpdateScaleIn'}
    assert 'spotMarketOptions' not in body['cloudConfig']
    assert np.pool_differences(pool, current) == {'update_strategy': ('OverrideScaling', 'RollingUpdateScaleIn'),
                                                  'capacity_type': ('spot', 'on-demand')}


def test_spot_without_price_sends_terraform_default():
    body = np.build_pool_entity({'name': 'p', 'count': 1, 'instance_type': 'm5.large', 'capacity_type': 'spot',
                                 'azs': ['us-west-2a']}, 'aws')
    assert body['cloudConfig']['spotMarketOptions'] == {'maxPrice': '0.0'}
    assert_valid(DEF['aws'], body)


def test_custom_ami_goes_with_its_ami_type():
    pool = {'name': 'p', 'count': 1, 'instance_type': 't3.large', 'azs': ['us-east-1a'], 'ami_id': 'ami-0123456789abcdef0'}
    assert np.validate_node_pool(pool, 'eks') == []
    body = np.build_pool_entity(pool, 'eks')
    assert_valid(DEF['eks'], body)
    assert body['cloudConfig']['enableAwsLaunchTemplate'] is True
    assert body['cloudConfig']['awsLaunchTemplate'] == {'ami': {'id': 'ami-0123456789abcdef0'}}
    assert body['cloudConfig']['amiType'] == 'AL2023_x86_64_STANDARD'   # REFERENCE.md 11.7: both sent
    both = dict(pool, ami_type='AL2023_x86_64_NVIDIA')
    assert np.validate_node_pool(both, 'eks') == []
    assert np.build_pool_entity(both, 'eks')['cloudConfig']['amiType'] == 'AL2023_x86_64_NVIDIA'
    read = read_pool(body, 'eks')
    read['awsLaunchTemplate']['rootVolume'] = {'type': 'gp3'}
    again = np.build_pool_entity({'name': 'p', 'ami_id': 'ami-0fedcba9876543210'}, 'eks', current_read=read)
    assert again['cloudConfig']['awsLaunchTemplate'] == {'ami': {'id': 'ami-0fedcba9876543210'}, 'rootVolume': {'type': 'gp3'}}
    assert np.pool_differences(pool, np.normalise_pool(read, 'eks')) == {}
    current = np.normalise_pool(read, 'eks')
    errors = np.pool_immutable_changes({'name': 'p', 'ami_type': 'AL2023_x86_64_NVIDIA'}, current)
    assert len(errors) == 1 and 'ami_type' in errors[0] and 'cannot change' in errors[0]


@pytest.mark.parametrize('cloud_type,pool', [
    ('eks', dict(spot_pool(), subnets=None, azs=['us-east-1a', 'us-east-1b'])),
    ('eks', spot_pool()),
    ('aws', {'name': 'cp', 'control_plane': True, 'count': 3, 'instance_type': 'm5.large', 'azs': ['us-west-2a']}),
    ('aws', {'name': 'w', 'count': 2, 'instance_type': 'm5.large', 'subnets': [
        {'az': 'us-west-2b', 'subnet_id': 'subnet-0123aaaa4567bbbb9'}, {'az': 'us-west-2a', 'subnet_id': 'subnet-0123aaaa4567bbbb8'}],
        'node_repave_interval': 30, 'labels': {'x': 1}, 'additional_tags': {'t': 'v'}}),
])
def test_normalise_build_round_trip(cloud_type, pool):
    assert np.validate_node_pool(pool, cloud_type) == []
    body = np.build_pool_entity(pool, cloud_type)
    assert_valid(DEF[cloud_type], body)
    read = read_pool(body, cloud_type)
    current = np.normalise_pool(read, cloud_type)
    assert np.pool_differences(pool, current) == {}
    assert np.validate_node_pool({'name': pool['name']}, cloud_type, current=current) == []
    # a PUT built from the current read only is the create body again (nothing drifts)
    again = np.build_pool_entity({'name': pool['name']}, cloud_type, current=current, current_read=read)
    assert meaning(again) == meaning(body)
    assert_valid(DEF[cloud_type], again)


def test_normalise_flat_read_shape():
    read = {'name': 'w', 'isControlPlane': False, 'size': 2, 'minSize': 1, 'maxSize': 3, 'instanceType': 't3.large',
            'capacityType': 'spot', 'spotMarketOptions': {'maxPrice': '0.2'}, 'rootDeviceSize': 50,
            'azs': ['us-east-1b', 'us-east-1a'], 'subnetIds': {'us-east-1b': 'subnet-0bbbbbbbbbbbbbbbb',
                                                               'us-east-1a': 'subnet-0aaaaaaaaaaaaaaaa'},
            'additionalLabels': {'k': 'v'}, 'additionalTags': None, 'amiType': 'AL2023_x86_64_STANDARD',
            'taints': [{'key': 'b', 'value': 'x', 'effect': 'NoExecute'}, {'key': 'a', 'effect': 'NoSchedule'}],
            'updateStrategy': {'type': 'OverrideScaling', 'maxSurge': '25%', 'maxUnavailable': '0'}}
    assert_valid('v1EksMachinePoolConfig', read)
    assert np.normalise_pool(read, 'eks') == {
        'name': 'w', 'control_plane': False, 'count': 2, 'min_size': 1, 'max_size': 3, 'instance_type': 't3.large',
        'capacity_type': 'spot', 'max_price': '0.2', 'azs': ['us-east-1a', 'us-east-1b'],
        'subnets': [{'az': 'us-east-1a', 'subnet_id': 'subnet-0aaaaaaaaaaaaaaaa'},
                    {'az': 'us-east-1b', 'subnet_id': 'subnet-0bbbbbbbbbbbbbbbb'}],
        'disk_size_gb': 50, 'ami_type': 'AL2023_x86_64_STANDARD', 'ami_id': None, 'labels': {'k': 'v'},
        'taints': [{'key': 'a', 'value': '', 'effect': 'NoSchedule'}, {'key': 'b', 'value': 'x', 'effect': 'NoExecute'}],
        'additional_tags': {}, 'update_strategy': 'OverrideScaling', 'max_surge': '25%', 'max_unavailable': '0',
        'node_repave_interval': None, 'additional_security_groups': [], 'annotations': {},
        'control_plane_as_worker': False, 'override_kubeadm_configuration': None, 'root_volume_iops': None,
        'root_volume_throughput': None, 'root_volume_type': None, 'skip_k8s_upgrade': None}


def test_pool_differences_only_for_set_options_and_order_insensitive():
    current = np.normalise_pool(_read(dict(spot_pool(), subnets=None, azs=['us-east-1a', 'us-east-1b'])), 'eks')
    desired = {'name': 'spot-pool', 'azs': ['us-east-1b', 'us-east-1a'],
               'taints': list(reversed(spot_pool()['taints'])), 'labels': {}, 'count': 1}
    assert np.pool_differences(desired, current) == {}
    desired['labels'] = {'new': 'label'}
    desired['count'] = 4
    assert np.pool_differences(desired, current) == {'labels': ({}, {'new': 'label'}), 'count': (1, 4)}


def test_pool_immutable_control_plane_flip():
    current = {'name': 'w', 'control_plane': False}
    assert np.pool_immutable_changes({'name': 'w', 'control_plane': True}, current)[0].startswith('node pool w control_plane')
    assert np.pool_immutable_changes({'name': 'w'}, current) == []


def test_build_does_not_mutate_inputs():
    current = np.normalise_pool(_autoscaled_read(), 'eks')
    before = copy.deepcopy(current)
    pool = {'name': 'workers', 'taints': [{'key': 'k', 'value': None, 'effect': 'NoSchedule'}]}
    np.build_pool_entity(pool, 'eks', current=current)
    assert current == before and pool['taints'][0]['value'] is None
