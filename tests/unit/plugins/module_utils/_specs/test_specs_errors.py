# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad inputs: every error names the option path and says how to fix it; all errors are collected."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from specs_fixtures import eks_dynamic_params, eks_static_params, iaas_static_params, spot_pool

from ansible_collections.palette.aws.plugins.module_utils._specs import cluster as c
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fp
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs import settings as st
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v


def _eks(**changes):
    params = eks_static_params()
    params.update(changes)
    return params


def _eks_pool(index=0, **changes):
    params = eks_static_params()
    params['node_pools'].append(spot_pool())
    params['node_pools'][index].update(changes)
    return params


def _iaas(**changes):
    params = iaas_static_params()
    params.update(changes)
    return params


def _iaas_pool(index, **changes):
    params = iaas_static_params()
    params['node_pools'][index].update(changes)
    return params


def _dyn(**changes):
    params = eks_dynamic_params()
    params.update(changes)
    return params


SIX_SELECTORS = [{'namespace': 'ns%d' % i} for i in range(6)]

CASES = [
    # (id, params, option path in the message, a word of the fix)
    ('bad public cidr', _eks(public_access_cidrs=['203.0.113.0/33']), 'public_access_cidrs[0]', 'address/prefix'),
    ('cidr host bits', _eks(private_access_cidrs=['10.0.0.1/16']), 'private_access_cidrs[0]', '10.0.0.0/16'),
    ('min > max', _eks_pool(1, min_size=4, max_size=2, count=None), 'node_pools[1].min_size', 'min_size <= max_size'),
    ('count above max', _eks_pool(0, count=9), 'node_pools[0].count', 'count <= max_size'),
    ('unknown taint effect', _eks_pool(1, taints=[{'key': 'a', 'effect': 'NoWay'}]), 'node_pools[1].taints[0].effect',
     'NoSchedule'),
    ('bad taint key', _eks_pool(0, taints=[{'key': '-bad', 'effect': 'NoSchedule'}]), 'node_pools[0].taints[0].key',
     'label key'),
    ('6 fargate selectors', _eks(fargate_profiles=[{'name': 'fp', 'subnets': ['subnet-0aaa1111bbbb2222c'],
                                                    'selectors': SIX_SELECTORS}]),
     'fargate_profiles[0].selectors', 'at most 5'),
    ('fargate selector without namespace', _eks(fargate_profiles=[{'name': 'fp', 'subnets': ['subnet-0aaa1111bbbb2222c'],
                                                                   'selectors': [{'labels': {'a': 'b'}}]}]),
     'fargate_profiles[0].selectors[0].namespace', 'required'),
    ('static pool with azs', _eks_pool(0, subnets=None, azs=['us-east-1a']), 'node_pools[0].azs', 'give subnets'),
    ('dynamic pool with subnets', _dyn(node_pools=[dict(eks_dynamic_params()['node_pools'][0], azs=None,
                                                        subnets=[{'az': 'eu-west-1a', 'subnet_id': 'subnet-0aaa1111bbbb2222c'}])]),
     'node_pools[0].subnets', 'vpc_id'),
    ('pool with azs and subnets', _eks_pool(0, azs=['us-east-1a']), 'node_pools[0].azs', 'not both'),
    ('iaas control plane of 2', _iaas_pool(1, count=2), 'node_pools[1].count', '1, 3 or 5'),
    ('iaas control plane on spot', _iaas_pool(1, capacity_type='spot'), 'node_pools[1].capacity_type', 'on-demand'),
    ('iaas control plane autoscaling', _iaas_pool(1, min_size=1), 'node_pools[1].min_size', 'does not autoscale'),
    ('max_price without spot', _eks_pool(0, max_price='0.1'), 'node_pools[0].max_price', 'capacity_type: spot'),
    ('bad max_price', _eks_pool(1, max_price='cheap'), 'node_pools[1].max_price', 'decimal'),
    ('disk 0', _eks_pool(0, disk_size_gb=0), 'node_pools[0].disk_size_gb', 'between 1 and 2000'),
    ('disk 2001', _eks_pool(0, disk_size_gb=2001), 'node_pools[0].disk_size_gb', 'between 1 and 2000'),
    ('OverrideScaling without max_surge', _eks_pool(1, max_surge=None), 'node_pools[1].max_surge', 'needs both'),
    ('max_unavailable without OverrideScaling', _eks_pool(0, max_unavailable='1'), 'node_pools[0].max_unavailable',
     'OverrideScaling'),
    ('surge and unavailable both 0', _eks_pool(1, max_surge='0'), 'node_pools[1].max_surge', 'both be 0'),
    ('fargate on aws', _iaas(fargate_profiles=[{'name': 'fp', 'selectors': [{'namespace': 'a'}]}]), 'fargate_profiles',
     'cloud_type eks'),
    ('endpoint_access on aws', _iaas(endpoint_access='private'), 'endpoint_access', 'cloud_type eks'),
    ('kms key on aws', _iaas(encryption_kms_key_arn='alias/x'), 'encryption_kms_key_arn', 'cloud_type eks'),
    ('control_plane_load_balancer on eks', _eks(control_plane_load_balancer='internal'), 'control_plane_load_balancer',
     'cloud_type aws'),
    ('bad kms arn', _eks(encryption_kms_key_arn='arn:aws:kms:us-east-1:1234:key/nope'), 'encryption_kms_key_arn',
     'key ARN'),
    ('kms key in another region', _eks(encryption_kms_key_arn='arn:aws:kms:eu-west-1:123456789012:alias/k'),
     'encryption_kms_key_arn', 'cluster region'),
    ('bad os patch cron', _dyn(os_patch={'schedule': '61 * * * *'}), 'os_patch.schedule', 'minute'),
    ('cron with 6 fields', _dyn(os_patch={'schedule': '0 0 * * * *'}), 'os_patch.schedule', '5-field'),
    ('bad scan cron', _dyn(scan={'penetration_scan_schedule': '0 0 32 * *'}), 'scan.penetration_scan_schedule',
     'day of month'),
    ('backup without location', _dyn(backup={'prefix': 'p', 'schedule': '0 1 * * *', 'expiry_hours': 1}),
     'backup.location', 'required'),
    ('no worker pool', _iaas(node_pools=[iaas_static_params()['node_pools'][1]]), 'node_pools', 'worker pool'),
    ('iaas without control plane', _iaas(node_pools=[iaas_static_params()['node_pools'][0]]), 'node_pools',
     'control-plane pool'),
    ('duplicate pool names', _eks_pool(1, name='worker-pool'), 'node_pools', 'used twice'),
    ('duplicate fargate names', _eks(fargate_profiles=[eks_static_params()['fargate_profiles'][0]] * 2),
     'fargate_profiles', 'used twice'),
    ('private cidrs with public endpoint', _eks(endpoint_access='public'), 'private_access_cidrs', 'private_and_public'),
    ('public cidrs with private endpoint', _eks(endpoint_access='private', private_access_cidrs=None),
     'public_access_cidrs', 'private_and_public'),
    ('static+dynamic mixed', _dyn(control_plane_subnets=[{'az': 'eu-west-1a', 'subnet_id': 'subnet-0aaa1111bbbb2222c'}]),
     'control_plane_subnets', 'vpc_id'),
    ('eks static with one cp subnet', _eks(control_plane_subnets=[eks_static_params()['control_plane_subnets'][0]]),
     'control_plane_subnets', 'two availability'),
    ('az of another region', _dyn(node_pools=[dict(eks_dynamic_params()['node_pools'][0], azs=['us-east-1a'])]),
     'node_pools[0].azs', 'not in region'),
    ('control_plane on eks', _eks_pool(0, control_plane=True), 'node_pools[0].control_plane', 'control_plane_subnets'),
    ('reserved cp-pool name on eks', _eks_pool(0, name='cp-pool'), 'node_pools[0].name', 'reserved'),
    ('ami_type on aws', _iaas_pool(0, ami_type='AL2023_x86_64_STANDARD'), 'node_pools[0].ami_type', 'EKS'),
    ('deprecated ami for new pool', _eks_pool(0, ami_type='AL2_x86_64'), 'node_pools[0].ami_type', 'AL2023'),
    ('missing instance type', _eks_pool(0, instance_type=None), 'node_pools[0].instance_type', 'required to create'),
    ('missing count', _eks_pool(0, count=None, min_size=None), 'node_pools[0].count', 'required to create'),
    ('bad pool name', _eks_pool(0, name='Worker_Pool'), 'node_pools[0].name', 'lower-case'),
    ('bad label key', _eks_pool(0, labels={'a b': 'c'}), 'node_pools[0].labels[a b]', 'label key'),
    ('aws reserved tag', _eks_pool(0, additional_tags={'aws:x': 'y'}), 'node_pools[0].additional_tags[aws:x]', 'reserved'),
    ('bad subnet id', _eks_pool(0, subnets=[{'az': 'us-east-1a', 'subnet_id': 'sub-123'}]),
     'node_pools[0].subnets[0].subnet_id', 'subnet-'),
    ('bad cluster name', _eks(name='My_Cluster'), 'cluster', 'lower-case'),
    ('missing region on create', _eks(region=None), 'region', 'required to create'),
    ('repave interval on eks', _eks_pool(0, node_repave_interval=10), 'node_pools[0].node_repave_interval', 'IaaS'),
    ('rbac service account without namespace', _dyn(rbac={'cluster_role_bindings': [
        {'role': 'view', 'subjects': [{'type': 'ServiceAccount', 'name': 'sa'}]}]}),
     'rbac.cluster_role_bindings[0].subjects[0].namespace', 'namespace'),
    ('fargate static without subnets', _eks(fargate_profiles=[{'name': 'fp', 'selectors': [{'namespace': 'a'}]}]),
     'fargate_profiles[0].subnets', 'private subnets'),
]


@pytest.mark.parametrize('params,path,fix', [c_[1:] for c_ in CASES], ids=[c_[0] for c_ in CASES])
def test_error_names_option_and_fix(params, path, fix):
    errors, _warnings = c.validate_cluster(params)
    matching = [e for e in errors if e.startswith(path + ':') or e.startswith(path + ' ') or e.startswith(path + '.')]
    assert matching, errors
    assert any(fix in e for e in matching), matching


def test_at_least_twenty_distinct_cases():
    assert len(set(c_[0] for c_ in CASES)) >= 20
    assert len(set(c_[2] for c_ in CASES)) >= 20


def test_all_errors_are_collected_not_just_the_first():
    params = _eks_pool(0, disk_size_gb=0, max_price='1', taints=[{'key': 'k', 'effect': 'Bad'}])
    params.update(public_access_cidrs=['nope'], control_plane_load_balancer='internal')
    errors, _w = c.validate_cluster(params)
    for path in ('node_pools[0].disk_size_gb', 'node_pools[0].max_price', 'node_pools[0].taints[0].effect',
                 'public_access_cidrs[0]', 'control_plane_load_balancer'):
        assert any(e.startswith(path) for e in errors), (path, errors)


def test_standalone_validators_use_the_given_path():
    assert np.validate_node_pool({'name': 'p', 'count': 2, 'instance_type': 'm5.large', 'azs': ['us-west-2a'],
                                  'control_plane': True}, 'aws')[0].startswith('count: a control plane needs')
    errors = fp.validate_fargate_profile({'name': 'fp', 'selectors': SIX_SELECTORS})
    assert errors[0].startswith('selectors: 6 selectors given')
    assert st.validate_backup({'expiry_hours': 0}, current={})[0].startswith('backup.expiry_hours')
    assert v.validate_cron('*/0 * * * *', 'x')[0].startswith('x: the minute field')
    assert v.validate_kms_key('alias/ok', 'k') == []
    assert v.validate_kms_key('arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef', 'k',
                              'us-east-1') == []


def test_update_validation_uses_current_pool():
    current = np.normalise_pool({'name': 'w', 'isControlPlane': False, 'size': 2, 'minSize': 1, 'maxSize': 3,
                                 'instanceType': 't3.large', 'capacityType': 'spot', 'subnetIds': {
                                     'us-east-1a': 'subnet-0aaaaaaaaaaaaaaaa'}}, 'eks')
    assert np.validate_node_pool({'name': 'w', 'max_price': '0.2'}, 'eks', current=current) == []
    errors = np.validate_node_pool({'name': 'w', 'azs': ['us-east-1a']}, 'eks', current=current)
    assert errors and errors[0].startswith('azs: node pool') and 'static placement' in errors[0]
    errors = np.validate_node_pool({'name': 'w', 'update_strategy': 'OverrideScaling', 'max_surge': '1'}, 'eks',
                                   current=current)
    assert errors == ['max_unavailable: OverrideScaling needs both max_surge and max_unavailable; set max_unavailable']


def test_purge_would_delete_iaas_control_plane():
    params = iaas_static_params()
    body = c.build_create_entity(params, 'acct', ['p'])
    from specs_fixtures import read_cluster
    current = c.normalise_cluster(*read_cluster(body, 'aws'))
    update = {'name': params['name'], 'node_pools': [{'name': 'worker-pool', 'count': 4}], 'purge_node_pools': True}
    errors, _w = c.validate_cluster(update, current)
    assert any('purge_node_pools would delete' in e for e in errors), errors
    update['purge_node_pools'] = False
    assert c.validate_cluster(update, current)[0] == []


def test_validate_pool_for_existing_cluster():
    from specs_fixtures import read_cluster
    body = c.build_create_entity(iaas_static_params(), 'acct', ['p'])
    cluster = c.normalise_cluster(*read_cluster(body, 'aws'))
    ok = {'name': 'extra', 'count': 1, 'instance_type': 'm5.large',
          'subnets': [{'az': 'us-west-2a', 'subnet_id': 'subnet-0123aaaa4567bbbb8'}]}
    assert np.validate_pool_for_cluster(ok, cluster, 'pool') == []
    assert np.validate_pool_for_cluster({'name': 'worker-pool', 'count': 8}, cluster) == []
    errors = np.validate_pool_for_cluster(dict(ok, subnets=None, azs=['us-east-1a']), cluster)
    assert any(e.startswith('azs: the cluster uses static placement') for e in errors), errors
    assert any('not in region us-west-2' in e for e in errors), errors
    errors = np.validate_pool_for_cluster(dict(ok, name='cp2', control_plane=True), cluster)
    assert any(e.startswith('control_plane: the cluster already has control-plane pool cp-pool') for e in errors), errors
    errors = np.validate_pool_for_cluster({'name': 'worker-pool', 'control_plane': True}, cluster)
    assert any('create a new pool instead' in e for e in errors), errors


def test_run_options_fail_on_negative_values():
    assert c.validate_run_options({'force_delete_after': 0, 'wait_timeout': 0, 'wait_sleep': 1}) == []
    assert c.validate_run_options({'force_delete_after': None, 'wait_timeout': None, 'wait_sleep': None}) == []
    errors = c.validate_run_options({'force_delete_after': -5, 'wait_timeout': -1, 'wait_sleep': 0})
    assert [e.split(':')[0] for e in errors] == ['wait_timeout', 'wait_sleep', 'force_delete_after'], errors
    assert 'give 0 or more' in errors[2] and 'give 1 or more' in errors[1]
    assert v.validate_wait_options({'wait_sleep': 'x'}) == ["wait_sleep: 'x' is not an integer; give a whole number, 1 or more"]
