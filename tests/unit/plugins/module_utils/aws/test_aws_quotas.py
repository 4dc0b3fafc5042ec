# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.palette.aws.plugins.module_utils._aws import quotas

POOLS = [{'name': 'cp', 'instance_type': 'm5.xlarge', 'count': 1, 'azs': ['us-east-1a']},
         {'name': 'workers', 'instance_type': 't3.large', 'count': 2, 'azs': ['us-east-1a', 'us-east-1b']}]


def plan(pools, dynamic_placement=True, cloud_type='aws', load_balancers=1, existing_pools=None, cluster='c1'):
    """One planned cluster of a run, as preflight_info builds it."""
    return {'cluster': cluster, 'cloud_type': cloud_type, 'node_pools': pools, 'dynamic_placement': dynamic_placement,
            'load_balancers': load_balancers, 'existing_pools': existing_pools}


def by_name(checks):
    out = {}
    for c in checks:
        out.setdefault(c['name'], c)
    return out


def fake_ec2_quotas(monkeypatch, client, values):
    """Fills moto's gap: ec2/elb quota codes it does not know, answered from values."""
    real = client.get_service_quota

    def get_service_quota(ServiceCode, QuotaCode):
        if QuotaCode in values:
            return {'Quota': {'ServiceCode': ServiceCode, 'QuotaCode': QuotaCode, 'Value': float(values[QuotaCode])}}
        return real(ServiceCode=ServiceCode, QuotaCode=QuotaCode)
    monkeypatch.setattr(client, 'get_service_quota', get_service_quota)


def test_codes_are_named():
    assert quotas.QUOTA_CODES['on_demand_vcpus'][:2] == ('ec2', 'L-1216C47A')
    assert quotas.QUOTA_CODES['vpcs'][:2] == ('vpc', 'L-F678F1CE')
    assert quotas.QUOTA_CODES['classic_load_balancers'][:2] == ('elasticloadbalancing', 'L-E9E9831D')


def test_unknown_when_ec2_quota_missing(clients):
    checks = by_name(quotas.quota_checks(clients, [plan(POOLS)]))
    vcpu = checks['on_demand_vcpus']
    assert vcpu['status'] == 'unknown' and vcpu['limit'] is None
    assert vcpu['needed'] == 4 + 2 * 2  # m5.xlarge = 4 vCPUs, t3.large = 2
    assert 'L-1216C47A' in vcpu['detail'] and 'NoSuchResourceException' in vcpu['detail']
    assert checks['elastic_ips']['status'] == 'unknown'
    assert checks['classic_load_balancers']['status'] == 'unknown'
    # moto knows the vpc service's quotas (5 VPCs, 5 IGWs, 5 NAT per AZ by default).
    assert checks['vpcs']['status'] == 'ok' and checks['vpcs']['limit'] == 5 and checks['vpcs']['needed'] == 1
    assert checks['internet_gateways']['status'] == 'ok'
    nat = [c for c in quotas.quota_checks(clients, [plan(POOLS)]) if c['name'] == 'nat_gateways_per_az']
    assert len(nat) == 2 and all(c['status'] == 'ok' and c['needed'] == 1 for c in nat)
    assert not [c for c in checks.values() if c['status'] == 'ok' and c['limit'] is None]


def test_ok_and_fail_with_quota_values(clients, monkeypatch):
    ec2 = clients('ec2')
    fake_ec2_quotas(monkeypatch, clients('service-quotas'),
                    {'L-1216C47A': 16, 'L-34B43A08': 4, 'L-0263D0A3': 5, 'L-E9E9831D': 20})
    ec2.run_instances(ImageId='ami-12c6146b', InstanceType='m5.2xlarge', MinCount=1, MaxCount=1)  # 8 vCPUs used
    for _dummy in range(4):
        ec2.allocate_address(Domain='vpc')
    pools = POOLS + [{'name': 'spot', 'instance_type': 'c5.large', 'count': 3, 'capacity_type': 'spot'}]
    checks = by_name(quotas.quota_checks(clients, [plan(pools)]))
    vcpu = checks['on_demand_vcpus']
    assert (vcpu['status'], vcpu['used'], vcpu['needed'], vcpu['limit']) == ('ok', 8, 8, 16)  # exactly at the limit
    spot = checks['spot_vcpus']
    assert (spot['status'], spot['needed'], spot['limit']) == ('fail', 6, 4)
    eip = checks['elastic_ips']
    assert (eip['status'], eip['used'], eip['needed']) == ('fail', 4, 2)
    assert checks['classic_load_balancers']['status'] == 'ok'


def test_vpc_quota_exceeded(clients):
    ec2 = clients('ec2')
    for i in range(4):  # moto's default VPC + 4 = 5 = the quota
        ec2.create_vpc(CidrBlock='10.%d.0.0/16' % i)
    check = by_name(quotas.quota_checks(clients, [plan(POOLS)]))['vpcs']
    assert check['status'] == 'fail' and check['used'] == 5 and check['limit'] == 5
    assert not [c for c in quotas.quota_checks(clients, [plan(POOLS, dynamic_placement=False)]) if c['name'] == 'vpcs']


def test_other_families_reported_unknown(clients):
    checks = by_name(quotas.quota_checks(clients, [plan([{'name': 'gpu', 'instance_type': 'p3.2xlarge', 'count': 1}])]))
    assert checks['other_family_vcpus']['status'] == 'unknown' and 'p3.2xlarge' in checks['other_family_vcpus']['detail']
    bad = by_name(quotas.quota_checks(clients, [plan([{'name': 'w', 'instance_type': 'm5.huge', 'count': 1}])]))['vcpus']
    assert bad['status'] == 'fail' and 'm5.huge' in bad['detail']


def test_key_pair_region_identity(clients):
    ec2 = clients('ec2')
    ec2.create_key_pair(KeyName='ops')
    assert quotas.key_pair_check(ec2, 'ops')['status'] == 'ok'
    missing = quotas.key_pair_check(ec2, 'nope')
    assert missing['status'] == 'fail' and 'us-east-1' in missing['detail']
    assert quotas.region_check(ec2, 'us-east-1')['status'] == 'ok'
    assert quotas.region_check(ec2, 'xx-nowhere-9')['status'] == 'fail'
    ident = quotas.caller_identity(clients('sts'))
    assert ident['status'] == 'ok' and ident['account'] == '123456789012'


@pytest.mark.parametrize('used,needed,limit,status', [(0, 1, 5, 'ok'), (5, 1, 5, 'fail'), (None, 1, 5, 'unknown'),
                                                      (0, 1, None, 'unknown')])
def test_headroom(used, needed, limit, status):
    assert quotas.headroom_check('vpcs', limit, used, needed)['status'] == status


def test_load_balancers_for_eks_as_for_iaas(clients):
    # EKS: no API-server load balancer, but its first Service of type LoadBalancer gets one: counted by default
    for dynamic in (True, False):
        eks = by_name(quotas.quota_checks(clients, [plan(POOLS, dynamic, cloud_type='eks')]))
        assert eks['classic_load_balancers']['needed'] == 1, eks
    none = quotas.quota_checks(clients, [plan(POOLS, False, cloud_type='eks', load_balancers=0)])
    assert not [c for c in none if c['name'].endswith('_load_balancers')]
    nlb = quotas.quota_checks(clients, [plan(POOLS, dynamic_placement=False)], lb_type='network')
    assert [c['name'] for c in nlb if c['name'].endswith('_load_balancers')] == ['network_load_balancers']


def test_a_fleet_is_checked_as_the_sum_of_its_clusters(clients):
    """Issue 13 item 6: three clusters of one run need 3 VPCs, 3 IGWs, their NATs and EIPs, vCPUs and LBs together."""
    fleet = [plan(POOLS, cluster='a'), plan(POOLS, cluster='b', cloud_type='eks'),
             plan([{'name': 'w', 'instance_type': 't3.large', 'count': 1}], cluster='c', cloud_type='eks')]
    checks = quotas.quota_checks(clients, fleet)
    named = by_name(checks)
    assert named['vpcs']['needed'] == 3 and named['internet_gateways']['needed'] == 3
    assert named['on_demand_vcpus']['needed'] == 2 * (4 + 2 * 2) + 2
    assert named['elastic_ips']['needed'] == 2 + 2 + 2  # a, b: two named AZs each; c: EKS's minimum of two
    nat = dict((c['detail'].split(':')[0], c['needed']) for c in checks if c['name'] == 'nat_gateways_per_az')
    assert nat['NAT gateways in us-east-1a (vpc L-FE5A380F)'] == 2
    assert nat['NAT gateways in the busiest AZ (1 cluster(s) without named AZs) (vpc L-FE5A380F)'] == 1
    assert named['classic_load_balancers']['needed'] == 3
    # five clusters go over moto's 5-VPC quota (its default VPC is one): one cluster at a time would not show it
    assert by_name(quotas.quota_checks(clients, [plan(POOLS)] * 5))['vpcs']['status'] == 'fail'
    assert by_name(quotas.quota_checks(clients, [plan(POOLS)]))['vpcs']['status'] == 'ok'


def test_an_existing_cluster_counts_only_the_capacity_it_adds(clients):
    current = [{'name': 'cp', 'instance_type': 'm5.xlarge', 'count': 1},
               {'name': 'workers', 'instance_type': 't3.large', 'count': 1}]
    grow = [{'name': 'cp', 'instance_type': 'm5.xlarge', 'count': 1},
            {'name': 'workers', 'instance_type': 't3.large', 'count': 3},
            {'name': 'new', 'instance_type': 't3.large', 'count': 1}]
    checks = by_name(quotas.quota_checks(clients, [plan(grow, existing_pools=current)]))
    assert checks['on_demand_vcpus']['needed'] == 2 * 2 + 2  # two more workers, one new node
    assert not set(checks) & {'vpcs', 'internet_gateways', 'elastic_ips', 'classic_load_balancers'}
    assert quotas.quota_checks(clients, [plan(current, existing_pools=current)]) == []  # nothing added
    moved = [{'name': 'workers', 'instance_type': 'm5.xlarge', 'count': 1}]  # another type: nodes are replaced
    assert by_name(quotas.quota_checks(clients, [plan(moved, existing_pools=current)]))['on_demand_vcpus']['needed'] == 4


def test_only_quota_checks_carry_limit_used_needed(clients):
    quota_keys = {'name', 'status', 'detail', 'limit', 'used', 'needed'}
    pools = POOLS + [{'name': 'gpu', 'instance_type': 'p3.2xlarge', 'count': 1}]
    assert all(set(c) == quota_keys for c in quotas.quota_checks(clients, [plan(pools)]))
    assert set(by_name(quotas.quota_checks(clients, [plan([{'name': 'w', 'instance_type': 'm5.huge', 'count': 1}])]))['vcpus']) \
        == quota_keys
    ec2 = clients('ec2')
    ec2.create_key_pair(KeyName='ops')
    for check in (quotas.key_pair_check(ec2, 'ops'), quotas.key_pair_check(ec2, 'nope'), quotas.region_check(ec2, 'us-east-1'),
                  quotas.region_check(ec2, 'xx-nowhere-9')):
        assert set(check) == {'name', 'status', 'detail'}, check
    assert set(quotas.caller_identity(clients('sts'))) == {'name', 'status', 'detail', 'account', 'arn'}
