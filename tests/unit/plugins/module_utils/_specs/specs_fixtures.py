# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared inputs for the _specs tests: option-shaped params, the example bodies, and read shapes
built the way Palette stores a create body (REFERENCE.md section 4 and section 9)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

from palette_emulator.schema import validate_body

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', '..'))
EXAMPLES = os.path.join(REPO, 'tests', 'fixtures', 'palette_examples')

KMS_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
SUBNET_A = {'az': 'us-east-1a', 'subnet_id': 'subnet-0aaa1111bbbb2222c'}
SUBNET_B = {'az': 'us-east-1b', 'subnet_id': 'subnet-0ddd3333eeee4444f'}


def example(name):
    with open(os.path.join(EXAMPLES, name + '.json')) as handle:
        return json.load(handle)


def assert_valid(definition, body):
    errors = validate_body(definition, body)
    assert errors == [], errors


def meaning(value):
    """Drop None / empty containers: on create an absent field and an empty one mean the same."""
    if isinstance(value, dict):
        out = dict((k, meaning(val)) for k, val in value.items())
        return dict((k, val) for k, val in out.items() if val not in (None, {}, []))
    if isinstance(value, list):
        return [meaning(x) for x in value]
    return value


def eks_static_params():
    """The EKS example (examples/eks-create.json) as aws_palette_cluster options."""
    return {
        'name': 'eks-demo', 'cloud_type': 'eks', 'description': 'EKS cluster managed by Ansible',
        'tags': {'env': 'dev', 'owner': 'platform'}, 'cloud_account': 'aws-account',
        'cluster_profiles': [{'name': 'eks-infra', 'version': '1.0.0'}],
        'region': 'us-east-1', 'vpc_id': 'vpc-0a1b2c3d4e5f67890', 'ssh_key_name': 'my-ec2-keypair',
        'control_plane_subnets': [dict(SUBNET_A), dict(SUBNET_B)],
        'endpoint_access': 'private_and_public', 'public_access_cidrs': ['203.0.113.0/24'],
        'private_access_cidrs': ['10.0.0.0/16'], 'encryption_kms_key_arn': KMS_ARN,
        'node_pools': [{
            'name': 'worker-pool', 'count': 2, 'min_size': 2, 'max_size': 4, 'instance_type': 't3.large',
            'disk_size_gb': 60, 'subnets': [dict(SUBNET_A), dict(SUBNET_B)], 'labels': {'workload': 'general'},
            'taints': [{'key': 'dedicated', 'value': 'general', 'effect': 'NoSchedule'}],
        }],
        'fargate_profiles': [{'name': 'fp-web', 'subnets': ['subnet-0aaa1111bbbb2222c', 'subnet-0ddd3333eeee4444f'],
                              'additional_tags': {'team': 'web'},
                              'selectors': [{'namespace': 'web', 'labels': {'app': 'frontend'}}]}],
    }


def spot_pool():
    return {'name': 'spot-pool', 'count': 1, 'min_size': 1, 'max_size': 5, 'instance_type': 'm5.large',
            'capacity_type': 'spot', 'max_price': '0.09', 'subnets': [dict(SUBNET_B)],
            'taints': [{'key': 'spot', 'value': 'true', 'effect': 'NoExecute'},
                       {'key': 'batch', 'effect': 'PreferNoSchedule'}],
            'additional_tags': {'cost-center': '42'}, 'update_strategy': 'OverrideScaling',
            'max_surge': '1', 'max_unavailable': '0'}


def eks_dynamic_params():
    return {
        'name': 'eks-dyn', 'cloud_type': 'eks', 'cloud_account': 'aws-account', 'region': 'eu-west-1',
        'cluster_profiles': [{'name': 'eks-infra'}], 'endpoint_access': 'public',
        'public_access_cidrs': ['0.0.0.0/0'],
        'node_pools': [{'name': 'general', 'count': 3, 'instance_type': 't3.xlarge',
                        'azs': ['eu-west-1a', 'eu-west-1b'], 'ami_type': 'AL2023_x86_64_NVIDIA'}],
        'fargate_profiles': [{'name': 'jobs', 'selectors': [{'namespace': 'jobs'}]}],
        'os_patch': {'schedule': '0 3 * * 0', 'patch_on_boot': True},
        'update_worker_pools_in_parallel': True,
    }


def iaas_static_params():
    subnet = {'az': 'us-west-2a', 'subnet_id': 'subnet-0123aaaa4567bbbb8'}
    return {
        'name': 'aws-iaas-demo', 'cloud_type': 'aws', 'cloud_account': 'aws-account', 'region': 'us-west-2',
        'cluster_profiles': [{'uid': '6650a1b2c3d4e5f60000bbbb'}], 'vpc_id': 'vpc-0123456789abcdef0',
        'ssh_key_name': 'my-ec2-keypair', 'control_plane_load_balancer': 'internal', 'tags': {'env': 'dev'},
        'description': 'AWS IaaS cluster managed by Ansible',
        'node_pools': [
            {'name': 'worker-pool', 'count': 3, 'min_size': 3, 'max_size': 6, 'instance_type': 'm5.large',
             'capacity_type': 'spot', 'max_price': '0.12', 'disk_size_gb': 80, 'subnets': [dict(subnet)],
             'labels': {'tier': 'backend'}, 'node_repave_interval': 0, 'update_strategy': 'RollingUpdateScaleIn',
             'taints': [{'key': 'gpu', 'value': 'true', 'effect': 'NoSchedule'},
                        {'key': 'maintenance', 'value': 'planned', 'effect': 'PreferNoSchedule'}]},
            {'name': 'cp-pool', 'control_plane': True, 'count': 3, 'instance_type': 'm5.xlarge',
             'disk_size_gb': 65, 'subnets': [dict(subnet)]},
        ],
    }


# ---------------------------------------------------------------- read shapes, the way Palette stores a body

_EKS_READ_POOL = ('additionalAnnotations', 'additionalLabels', 'additionalTags', 'amiType', 'awsLaunchTemplate', 'azs',
                  'capacityType', 'enableAwsLaunchTemplate', 'instanceType', 'isControlPlane', 'labels',
                  'machinePoolProperties', 'maxSize', 'minSize', 'name', 'nodeRepaveInterval', 'overrideKubeadmConfiguration',
                  'rootDeviceSize',
                  'size', 'spotMarketOptions', 'taints', 'updateStrategy', 'useControlPlaneAsWorker')
_AWS_READ_POOL = tuple(k for k in _EKS_READ_POOL if k not in ('amiType', 'awsLaunchTemplate', 'enableAwsLaunchTemplate')) + (
    'additionalSecurityGroups', 'hostResourceGroupArn', 'licenseConfigurationArns', 'skipK8sUpgrade')


def read_pool(entity, cloud_type):
    """Flat ``v1EksMachinePoolConfig`` / ``v1AwsMachinePoolConfig`` from a pool request entity."""
    flat = {}
    flat.update(copy.deepcopy(entity['cloudConfig']))
    flat.update(copy.deepcopy(entity['poolConfig']))
    subnets = flat.pop('subnets', None) or []
    keep = _EKS_READ_POOL if cloud_type == 'eks' else _AWS_READ_POOL
    out = dict((k, val) for k, val in flat.items() if k in keep)
    out['isControlPlane'] = bool(out.get('isControlPlane'))
    if subnets:
        out['subnetIds'] = dict((s['az'], s['id']) for s in subnets)
    assert_valid('v1EksMachinePoolConfig' if cloud_type == 'eks' else 'v1AwsMachinePoolConfig', out)
    return out


def read_cluster(entity, cloud_type, uid='c0ffee00c0ffee00c0ffee00', config_uid='cc0000000000000000000001'):
    """(v1SpectroCluster, v1EksCloudConfig/v1AwsCloudConfig, overview) for a create entity."""
    spec = entity['spec']
    cluster = {
        'metadata': dict(copy.deepcopy(entity['metadata']), uid=uid),
        'spec': {'cloudType': cloud_type, 'cloudConfigRef': {'kind': cloud_type + 'CloudConfig', 'uid': config_uid},
                 'clusterConfig': copy.deepcopy(spec.get('clusterConfig') or {}),
                 'clusterProfileTemplates': [{'uid': p['uid'], 'name': 'infra', 'profileVersion': '1.0.0'}
                                             for p in spec.get('profiles') or []]},
        'status': {'state': 'Running'},
    }
    cluster['spec']['clusterConfig'].pop('resources', None)
    assert_valid('v1SpectroCluster', cluster)
    config = {'metadata': {'uid': config_uid},
              'spec': {'cloudAccountRef': {'uid': spec['cloudAccountUid']},
                       'clusterConfig': copy.deepcopy(spec['cloudConfig']),
                       'machinePoolConfig': [read_pool(p, cloud_type) for p in spec['machinepoolconfig']]}}
    if cloud_type == 'eks':
        config['spec']['fargateProfiles'] = copy.deepcopy(spec.get('fargateProfiles') or [])
    assert_valid('v1EksCloudConfig' if cloud_type == 'eks' else 'v1AwsCloudConfig', config)
    overview = {'status': {'health': {'state': 'Healthy'}}}
    return cluster, config, overview
