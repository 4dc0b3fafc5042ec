# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from botocore.exceptions import ClientError

from ansible_collections.palette.aws.plugins.module_utils._aws import orphans

CAPA = 'sigs.k8s.io/cluster-api-provider-aws/cluster/%s'
K8S = 'kubernetes.io/cluster/%s'
AMI = 'ami-12c6146b'


def tags(cluster, name, capa='owned', k8s=None):
    out = [{'Key': 'Name', 'Value': '%s-%s' % (cluster, name)}]
    if capa:
        out.append({'Key': CAPA % cluster, 'Value': capa})
    if k8s:
        out.append({'Key': K8S % cluster, 'Value': k8s})
    return out


def spec(resource_type, tag_list):
    return [{'ResourceType': resource_type, 'Tags': tag_list}]


def palette_cluster(clients, cluster, cidr):
    """What Palette/CAPA builds for a dynamic-placement cluster, tagged as in TAGS.md."""
    ec2 = clients('ec2')
    ids = {}
    ids['vpc'] = ec2.create_vpc(CidrBlock=cidr + '.0.0/16', TagSpecifications=spec('vpc', tags(cluster, 'vpc')))['Vpc']['VpcId']
    ids['pub'] = ec2.create_subnet(VpcId=ids['vpc'], CidrBlock=cidr + '.0.0/24', AvailabilityZone='us-east-1a',
                                   TagSpecifications=spec('subnet', tags(cluster, 'pub', k8s='owned')))['Subnet']['SubnetId']
    ids['priv'] = ec2.create_subnet(VpcId=ids['vpc'], CidrBlock=cidr + '.1.0/24', AvailabilityZone='us-east-1b',
                                    TagSpecifications=spec('subnet', tags(cluster, 'priv', k8s='owned')))['Subnet']['SubnetId']
    ids['igw'] = ec2.create_internet_gateway(TagSpecifications=spec('internet-gateway', tags(cluster, 'igw'))
                                             )['InternetGateway']['InternetGatewayId']
    ec2.attach_internet_gateway(InternetGatewayId=ids['igw'], VpcId=ids['vpc'])
    ids['rt'] = ec2.create_route_table(VpcId=ids['vpc'], TagSpecifications=spec('route-table', tags(cluster, 'rt', k8s='owned'))
                                       )['RouteTable']['RouteTableId']
    ec2.create_route(RouteTableId=ids['rt'], DestinationCidrBlock='0.0.0.0/0', GatewayId=ids['igw'])
    ec2.associate_route_table(RouteTableId=ids['rt'], SubnetId=ids['pub'])
    ids['eip'] = ec2.allocate_address(Domain='vpc', TagSpecifications=spec('elastic-ip', tags(cluster, 'eip')))['AllocationId']
    ids['nat'] = ec2.create_nat_gateway(SubnetId=ids['pub'], AllocationId=ids['eip'],
                                        TagSpecifications=spec('natgateway', tags(cluster, 'nat')))['NatGateway']['NatGatewayId']
    sgs = []
    for name in ('node', 'lb'):
        sgs.append(ec2.create_security_group(GroupName='%s-%s' % (cluster, name), Description=name, VpcId=ids['vpc'],
                                             TagSpecifications=spec('security-group', tags(cluster, name)))['GroupId'])
    for group, other in ((sgs[0], sgs[1]), (sgs[1], sgs[0])):  # mutual references block deletes
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443, 'UserIdGroupPairs': [{'GroupId': other}]}])
    ids['sgs'] = sgs
    ids['eni'] = ec2.create_network_interface(SubnetId=ids['priv'], Groups=[sgs[0]], TagSpecifications=spec(
        'network-interface', tags(cluster, 'eni')))['NetworkInterface']['NetworkInterfaceId']
    ids['nlb'] = clients('elbv2').create_load_balancer(
        Name='%s-apiserver' % cluster, Type='network', Subnets=[ids['pub']],
        Tags=[{'Key': CAPA % cluster, 'Value': 'owned'}])['LoadBalancers'][0]['LoadBalancerArn']
    ids['clb'] = '%s-svc' % cluster  # Service type=LoadBalancer by the cloud controller: kubernetes.io key only
    clients('elb').create_load_balancer(LoadBalancerName=ids['clb'], Subnets=[ids['pub']],
                                        Listeners=[{'Protocol': 'TCP', 'LoadBalancerPort': 80, 'InstancePort': 80}],
                                        Tags=[{'Key': K8S % cluster, 'Value': 'owned'}])
    ids['vol'] = ec2.create_volume(AvailabilityZone='us-east-1a', Size=10,
                                   TagSpecifications=spec('volume', tags(cluster, 'pv', capa=None, k8s='owned')))['VolumeId']
    return ids


def user_vpc(clients, cluster):
    """A BYO VPC: no tag on the VPC, but its public subnets carry the cluster's tags as the docs ask."""
    ec2 = clients('ec2')
    vpc = ec2.create_vpc(CidrBlock='10.9.0.0/16')['Vpc']['VpcId']
    docs = ec2.create_subnet(VpcId=vpc, CidrBlock='10.9.0.0/24', TagSpecifications=spec(
        'subnet', tags(cluster, 'byo-a', k8s='shared')))['Subnet']['SubnetId']
    capa_only = ec2.create_subnet(VpcId=vpc, CidrBlock='10.9.1.0/24', TagSpecifications=spec(
        'subnet', tags(cluster, 'byo-b')))['Subnet']['SubnetId']
    sg = ec2.create_security_group(GroupName='byo', Description='x', VpcId=vpc,
                                   TagSpecifications=spec('security-group', tags(cluster, 'byo-sg')))['GroupId']
    return dict(vpc=vpc, subnets=[docs, capa_only], sg=sg)


@pytest.fixture
def world(clients):
    return dict(a=palette_cluster(clients, 'a', '10.0'), b=palette_cluster(clients, 'b', '10.1'), user=user_vpc(clients, 'a'))


def ids_of(found, rtype):
    return sorted(r['id'] for r in found['resources'][rtype])


def test_find_only_cluster_a(clients, world):
    a = world['a']
    found = orphans.find_orphans(clients, 'a')
    assert ids_of(found, 'vpcs') == [a['vpc']]
    assert ids_of(found, 'subnets') == sorted([a['pub'], a['priv']])
    assert ids_of(found, 'route_tables') == [a['rt']]
    assert ids_of(found, 'security_groups') == sorted(a['sgs'])
    assert ids_of(found, 'internet_gateways') == [a['igw']]
    assert ids_of(found, 'nat_gateways') == [a['nat']]
    assert ids_of(found, 'elastic_ips') == [a['eip']]
    assert ids_of(found, 'network_interfaces') == [a['eni']]
    assert ids_of(found, 'load_balancers') == sorted([a['nlb'], a['clb']])
    assert ids_of(found, 'volumes') == [a['vol']]
    assert found['count'] == 13
    assert all(r['reason'] for rs in found['resources'].values() for r in rs)
    skipped = dict((s['id'], s['reason']) for s in found['left_alone'])
    assert 'shared' in skipped[world['user']['subnets'][0]]
    assert 'lacks the CAPA owned tag' in skipped[world['user']['subnets'][1]]
    assert 'lacks the CAPA owned tag' in skipped[world['user']['sg']]


def test_check_mode_reports_without_writes(clients, world, count_calls):
    counter = count_calls(clients('ec2'), clients('elbv2'), clients('elb'))
    result = orphans.purge_orphans(clients, 'a', check_mode=True)
    assert result['changed'] and result['deleted']['vpcs'] == [world['a']['vpc']]
    assert result['deleted']['volumes'] == []
    assert not [c for c in counter.calls if not c.startswith('Describe')]
    # the module's result keys as is: Ansible reads `failed` / `skipped` as the task's status
    assert set(result) == {'changed', 'resources', 'count', 'deleted', 'failures', 'left_alone'}
    assert set(orphans.find_orphans(clients, 'a')) == {'resources', 'count', 'left_alone'}


def test_purge_in_order_and_decoys_survive(clients, world, count_calls):
    ec2 = clients('ec2')
    counter = count_calls(ec2, clients('elbv2'), clients('elb'))
    result = orphans.purge_orphans(clients, 'a', wait_timeout=1, sleep=lambda s: None)
    assert not any(result['failures'].values()), result['failures']
    assert result['deleted']['vpcs'] == [world['a']['vpc']] and result['deleted']['volumes'] == []
    order = [c for c in counter.calls if not c.startswith('Describe')]
    first = dict((name, order.index(name)) for name in reversed(order))
    sequence = ['DeleteLoadBalancer', 'DeleteNatGateway', 'ReleaseAddress', 'DeleteNetworkInterface',
                'DetachInternetGateway', 'DeleteInternetGateway', 'DeleteSubnet', 'DeleteRouteTable',
                'RevokeSecurityGroupIngress', 'DeleteSecurityGroup', 'DeleteVpc']
    assert [first[n] for n in sequence] == sorted(first[n] for n in sequence), order
    # cluster B, the user VPC and its subnets are untouched
    b, user = world['b'], world['user']
    assert ec2.describe_vpcs(VpcIds=[b['vpc'], user['vpc']])['Vpcs']
    assert len(ec2.describe_subnets(SubnetIds=user['subnets'] + [b['pub']])['Subnets']) == 3
    assert ec2.describe_security_groups(GroupIds=[user['sg']])['SecurityGroups']
    assert ec2.describe_addresses(AllocationIds=[b['eip']])['Addresses']
    assert [lb['LoadBalancerName'] for lb in clients('elbv2').describe_load_balancers()['LoadBalancers']] == ['b-apiserver']
    assert ec2.describe_volumes(VolumeIds=[world['a']['vol']])['Volumes']
    # a second run finds nothing left but the kept volume
    again = orphans.find_orphans(clients, 'a')
    assert again['count'] == 1 and ids_of(again, 'volumes') == [world['a']['vol']]


def test_volumes_only_with_include_volumes_and_only_available(clients, world):
    ec2 = clients('ec2')
    instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, InstanceType='t3.micro')['Instances'][0]['InstanceId']
    busy = ec2.create_volume(AvailabilityZone='us-east-1a', Size=5,
                             TagSpecifications=spec('volume', tags('a', 'busy', k8s='owned')))['VolumeId']
    ec2.attach_volume(VolumeId=busy, InstanceId=instance, Device='/dev/sdf')
    result = orphans.purge_orphans(clients, 'a', include_volumes=True, wait_timeout=1, sleep=lambda s: None)
    assert result['deleted']['volumes'] == [world['a']['vol']]
    assert 'in-use' in dict((s['id'], s['reason']) for s in result['left_alone'])[busy]
    assert ec2.describe_volumes(VolumeIds=[busy])['Volumes']
    assert ec2.describe_volumes(VolumeIds=[world['b']['vol']])['Volumes']


def test_untagged_eni_is_reported_never_deleted(clients, world):
    ec2 = clients('ec2')
    stray = ec2.create_network_interface(SubnetId=world['a']['priv'])['NetworkInterface']['NetworkInterfaceId']
    found = orphans.find_orphans(clients, 'a')
    assert 'untagged ENI' in dict((s['id'], s['reason']) for s in found['left_alone'])[stray]
    result = orphans.purge_orphans(clients, 'a', wait_timeout=1, sleep=lambda s: None)
    assert stray not in result['deleted']['network_interfaces']
    assert ec2.describe_network_interfaces(NetworkInterfaceIds=[stray])['NetworkInterfaces']


def test_dependency_violation_retried_then_reported(clients, world, monkeypatch):
    # moto deletes VPCs that still hold ENIs; AWS answers DependencyViolation. Simulate it.
    ec2 = clients('ec2')
    attempts = []

    def delete_vpc(VpcId):
        attempts.append(VpcId)
        raise ClientError({'Error': {'Code': 'DependencyViolation', 'Message': 'has dependencies'}}, 'DeleteVpc')
    monkeypatch.setattr(ec2, 'delete_vpc', delete_vpc)
    clock = {'now': 0.0}
    monkeypatch.setattr(orphans.time, 'monotonic', lambda: clock['now'])

    def sleep(seconds):
        clock['now'] += seconds
    result = orphans.purge_orphans(clients, 'a', wait_timeout=30, sleep=sleep)
    assert [f['id'] for f in result['failures']['vpcs']] == [world['a']['vpc']]
    assert 'DependencyViolation' in result['failures']['vpcs'][0]['error']
    assert 2 <= len(attempts) <= 7  # retried, but bounded by wait_timeout
    assert result['deleted']['subnets'] and result['changed']


def test_ownership_rules():
    assert orphans.ownership({CAPA % 'a': 'owned'}, 'a')[0]
    assert orphans.ownership({K8S % 'a': 'owned'}, 'a')[0]
    assert not orphans.ownership({K8S % 'a': 'owned'}, 'a', capa_only=True)[0]
    assert not orphans.ownership({CAPA % 'a': 'owned', K8S % 'a': 'shared'}, 'a')[0]
    assert not orphans.ownership({CAPA % 'ab': 'owned'}, 'a')[0]
