"""The node pool and Fargate tables (issue 10 item 2): every row lands where the spec says, reads back from the flat
read shape, and the argument_spec is the table's."""

from __future__ import absolute_import, division, print_function

import pytest
from specs_fixtures import assert_valid, read_pool

from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs.fargate_table import FARGATE_ROWS
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import (
    FARGATE_PROFILE_OPTIONS,
    NODE_POOL_OPTIONS,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import ROWS

DEF = {'eks': 'v1EksMachinePoolConfigEntity', 'aws': 'v1AwsMachinePoolConfigEntity'}
READ = {'eks': 'v1EksMachinePoolConfig', 'aws': 'v1AwsMachinePoolConfig'}
# a value per option that is valid for a worker pool (control_plane_as_worker: the IaaS control plane below)
SAMPLES = {
    'name': 'p', 'count': 2, 'min_size': 2, 'max_size': 2, 'instance_type': 'm5.large', 'capacity_type': 'spot',
    'max_price': '0.1', 'azs': ['us-east-1a'], 'disk_size_gb': 40, 'ami_type': 'AL2023_x86_64_NVIDIA',
    'ami_id': 'ami-0123456789abcdef0', 'labels': {'a': 'b'}, 'taints': [{'key': 'k', 'value': 'v', 'effect': 'NoSchedule'}],
    'additional_tags': {'t': 'u'}, 'update_strategy': 'OverrideScaling', 'max_surge': '1', 'max_unavailable': '0',
    'node_repave_interval': 60, 'additional_security_groups': ['sg-0123456789abcdef0'], 'root_volume_type': 'io1',
    'root_volume_iops': 500, 'skip_k8s_upgrade': 'enabled', 'override_kubeadm_configuration': 'kubeletExtraArgs: {}',
    'annotations': {'x/y': 'z'},
}


def test_argument_specs_are_the_tables():
    assert list(NODE_POOL_OPTIONS) == [row.key for row in ROWS]
    assert list(FARGATE_PROFILE_OPTIONS) == [row.key for row in FARGATE_ROWS]
    assert all(row.tf for row in ROWS + FARGATE_ROWS)


@pytest.mark.parametrize('cloud_type', ['eks', 'aws'])
def test_every_applicable_row_reaches_the_spec_and_reads_back(cloud_type):
    pool = dict((k, val) for k, val in SAMPLES.items()
                if next(r for r in ROWS if r.key == k).applies(cloud_type, False))
    pool['root_volume_throughput'] = None
    assert np.validate_node_pool(pool, cloud_type) == []
    body = np.build_pool_entity(pool, cloud_type)
    assert_valid(DEF[cloud_type], body)
    read = read_pool(body, cloud_type)
    assert_valid(READ[cloud_type], read)
    current = np.normalise_pool(read, cloud_type)
    for key, value in pool.items():
        if value is not None:
            row = next(r for r in ROWS if r.key == key)
            assert row.canon(current[key]) == row.canon(value), key
    assert np.pool_differences(pool, current, cloud_type) == {}
    # an update that sets nothing sends back what was read
    again = np.build_pool_entity({'name': 'p'}, cloud_type, current_read=read)
    assert np.normalise_pool(read_pool(again, cloud_type), cloud_type) == current


def test_iaas_control_plane_rows():
    pool = {'name': 'cp', 'control_plane': True, 'count': 3, 'instance_type': 'm5.large', 'azs': ['us-west-2a'],
            'control_plane_as_worker': True}
    assert np.validate_node_pool(pool, 'aws') == []
    body = np.build_pool_entity(pool, 'aws')
    assert body['poolConfig']['useControlPlaneAsWorker'] is True and 'skipK8sUpgrade' not in body['poolConfig']
    errors = np.validate_node_pool(dict(pool, skip_k8s_upgrade='enabled'), 'aws')
    assert errors == ['skip_k8s_upgrade: only worker pools take skip_k8s_upgrade; remove it']


def test_unknown_read_fields_survive_an_update():
    read = read_pool(np.build_pool_entity({'name': 'p', 'count': 1, 'instance_type': 'm5.large',
                                           'azs': ['us-east-1a']}, 'eks'), 'eks')
    read['overrideHealthCheckConfiguration'] = 'maxUnhealthy: 40%'
    read['instanceConfig'] = {'cpuSet': 2}     # read-only: never sent
    body = np.build_pool_entity({'name': 'p', 'labels': {'a': 'b'}}, 'eks', current_read=read)
    assert body['poolConfig']['overrideHealthCheckConfiguration'] == 'maxUnhealthy: 40%'
    assert 'instanceConfig' not in body['poolConfig'] and 'instanceConfig' not in body['cloudConfig']
    assert 'subnetIds' not in body['poolConfig']


def test_fargate_rows_round_trip():
    profile = {'name': 'fp', 'subnets': ['subnet-0123456789abcdef0'], 'additional_tags': {'a': 'b'},
               'selectors': [{'namespace': 'web', 'labels': {'app': 'x'}}, {'namespace': 'jobs'}]}
    assert fp.validate_fargate_profile(profile) == []
    body = fp.build_fargate_profile(profile)
    assert_valid('v1FargateProfile', body)
    current = fp.normalise_fargate_profile(body)
    assert fp.fargate_profile_differences(dict(profile, selectors=list(reversed(profile['selectors']))), current) == {}
    assert fp.validate_fargate_profile({'name': 'fp'}) == [
        'selectors: a Fargate profile needs at least one selector (a namespace, optionally labels)']
