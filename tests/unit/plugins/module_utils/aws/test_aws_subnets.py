# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

import pytest

from ansible_collections.palette.aws.plugins.module_utils._aws import subnets

CLUSTER = 'demo'
CAPA = 'sigs.k8s.io/cluster-api-provider-aws/cluster/demo'
K8S = 'kubernetes.io/cluster/demo'


def make_vpc(ec2, cidr='10.0.0.0/16'):
    vpc = ec2.create_vpc(CidrBlock=cidr)['Vpc']['VpcId']
    igw = ec2.create_internet_gateway()['InternetGateway']['InternetGatewayId']
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    return vpc, igw


def make_subnets(ec2, vpc, count, cidr='10.0.0.0/16', prefix=24):
    blocks = ipaddress.ip_network(cidr).subnets(new_prefix=prefix)
    return [ec2.create_subnet(VpcId=vpc, CidrBlock=str(next(blocks)), AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
            for _dummy in range(count)]


def public_table(ec2, vpc, igw, subnet_ids):
    table = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']
    ec2.create_route(RouteTableId=table, DestinationCidrBlock='0.0.0.0/0', GatewayId=igw)
    for subnet in subnet_ids:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    return table


def main_table(ec2, vpc):
    return ec2.describe_route_tables(Filters=[{'Name': 'vpc-id', 'Values': [vpc]},
                                              {'Name': 'association.main', 'Values': ['true']}])['RouteTables'][0]['RouteTableId']


def tags_of(ec2, subnet_id):
    return subnets.tags_dict(ec2.describe_subnets(SubnetIds=[subnet_id])['Subnets'][0].get('Tags'))


@pytest.fixture
def layout(ec2):
    """One VPC: pub (explicit table with an IGW route), priv (explicit table, no IGW), plain (main table)."""
    vpc, igw = make_vpc(ec2)
    pub, priv, plain = make_subnets(ec2, vpc, 3)
    public_table(ec2, vpc, igw, [pub])
    private = ec2.create_route_table(VpcId=vpc)['RouteTable']['RouteTableId']
    ec2.associate_route_table(RouteTableId=private, SubnetId=priv)
    return dict(vpc=vpc, igw=igw, pub=pub, priv=priv, plain=plain)


def test_public_detection_explicit_and_main_table(ec2, layout):
    assert [s['SubnetId'] for s in subnets.public_subnets(ec2, layout['vpc'])] == [layout['pub']]
    # A main table with an IGW route makes the subnets without an explicit association public,
    # but not the one explicitly associated to the private table.
    ec2.create_route(RouteTableId=main_table(ec2, layout['vpc']), DestinationCidrBlock='0.0.0.0/0', GatewayId=layout['igw'])
    assert sorted(s['SubnetId'] for s in subnets.public_subnets(ec2, layout['vpc'])) == sorted([layout['pub'], layout['plain']])


def test_fargate_subnets_routing_to_igw(ec2, layout):
    assert subnets.subnets_routing_to_igw(ec2, [layout['priv'], layout['plain']]) == []
    assert subnets.subnets_routing_to_igw(ec2, [layout['pub'], layout['priv']]) == [layout['pub']]
    with pytest.raises(subnets.SubnetLookupError, match='subnet-0000000000deadbee'):
        subnets.subnets_routing_to_igw(ec2, [layout['priv'], 'subnet-0000000000deadbee'])


def test_tagging_public_only_keeps_other_tags_and_is_idempotent(ec2, layout):
    ec2.create_tags(Resources=[layout['pub']], Tags=[{'Key': 'team', 'Value': 'x'}, {'Key': 'kubernetes.io/role/elb', 'Value': '0'}])
    result = subnets.tag_subnets(ec2, CLUSTER, vpc_id=layout['vpc'])
    assert result['changed'] and [s['subnet_id'] for s in result['subnets']] == [layout['pub']]
    assert tags_of(ec2, layout['pub']) == dict(subnets.discovery_tags(CLUSTER), team='x')
    assert result['subnets'][0]['tags'] == tags_of(ec2, layout['pub'])
    assert tags_of(ec2, layout['priv']) == {} and tags_of(ec2, layout['plain']) == {}
    again = subnets.tag_subnets(ec2, CLUSTER, vpc_id=layout['vpc'])
    assert not again['changed'] and again['changes'] == [] and again['api_calls'] == 0


def test_check_mode_predicts_without_writing(ec2, layout, count_calls):
    counter = count_calls(ec2)
    result = subnets.tag_subnets(ec2, CLUSTER, vpc_id=layout['vpc'], check_mode=True)
    assert result['changed'] and result['subnets'][0]['tags'] == subnets.discovery_tags(CLUSTER)
    assert tags_of(ec2, layout['pub']) == {}
    assert not [c for c in counter.calls if not c.startswith('Describe')]


def test_absent_removes_only_cluster_specific_tags(ec2, layout):
    subnets.tag_subnets(ec2, CLUSTER, subnet_ids=[layout['pub'], layout['priv']])
    ec2.create_tags(Resources=[layout['priv']], Tags=[{'Key': K8S, 'Value': 'owned'}])  # not our value: kept
    result = subnets.tag_subnets(ec2, CLUSTER, subnet_ids=[layout['pub'], layout['priv']], state='absent')
    assert result['changed']
    assert tags_of(ec2, layout['pub']) == {'kubernetes.io/role/elb': '1', 'sigs.k8s.io/cluster-api-provider-aws/role': 'public'}
    assert tags_of(ec2, layout['priv']) == {'kubernetes.io/role/elb': '1', 'sigs.k8s.io/cluster-api-provider-aws/role': 'public',
                                            K8S: 'owned'}
    assert not subnets.tag_subnets(ec2, CLUSTER, subnet_ids=[layout['pub']], state='absent')['changed']


def test_given_subnets_must_exist_and_be_in_the_vpc(ec2, layout):
    other_vpc, _igw = make_vpc(ec2, '10.1.0.0/16')
    foreign = make_subnets(ec2, other_vpc, 1, '10.1.0.0/16')[0]
    with pytest.raises(subnets.SubnetLookupError, match=foreign):
        subnets.tag_subnets(ec2, CLUSTER, vpc_id=layout['vpc'], subnet_ids=[layout['pub'], foreign])
    with pytest.raises(subnets.SubnetLookupError, match='subnet-0123456789abcdef0'):
        subnets.tag_subnets(ec2, CLUSTER, subnet_ids=['subnet-0123456789abcdef0'])


def test_plan_groups_by_tag_set():
    plan = subnets.plan_subnet_tags([
        {'SubnetId': 'subnet-a', 'Tags': []},
        {'SubnetId': 'subnet-b', 'Tags': []},
        {'SubnetId': 'subnet-c', 'Tags': [{'Key': 'kubernetes.io/role/elb', 'Value': '1'}]},
    ], CLUSTER)
    assert [p['subnet_id'] for p in plan] == ['subnet-a', 'subnet-b', 'subnet-c']
    assert 'kubernetes.io/role/elb' not in plan[2]['add'] and plan[2]['remove'] == {}


def test_two_hundred_subnets_few_calls(ec2, count_calls):
    vpc, igw = make_vpc(ec2, '10.0.0.0/16')
    ids = make_subnets(ec2, vpc, 200, prefix=26)
    public_table(ec2, vpc, igw, ids[:150])
    ec2.create_tags(Resources=ids[:10], Tags=[{'Key': CAPA, 'Value': 'owned'}])  # a second distinct tag set
    counter = count_calls(ec2)
    result = subnets.tag_subnets(ec2, CLUSTER, vpc_id=vpc)
    assert len(result['subnets']) == 150 and result['changed']
    # one batched CreateTags for all 150 public subnets, although 10 of them already had a tag
    assert counter.count('CreateTags') == 1
    assert len(counter.calls) <= 8, counter.calls
    assert all(tags_of(ec2, i).get(CAPA) == 'owned' for i in (ids[0], ids[100], ids[149]))
    assert tags_of(ec2, ids[199]) == {}
    assert not subnets.tag_subnets(ec2, CLUSTER, vpc_id=vpc)['changed']


def test_chunks_at_the_create_tags_limit(monkeypatch):
    class Recorder(object):
        calls = []

        def create_tags(self, Resources, Tags):
            self.calls.append(len(Resources))
    monkeypatch.setattr(subnets, 'TAG_CHUNK', 3)
    plan = [{'subnet_id': 'subnet-%d' % i, 'add': {'a': '1'}, 'remove': {}} for i in range(7)]
    rec = Recorder()
    assert subnets.apply_subnet_tag_plan(rec, plan, CLUSTER) == 3 and rec.calls == [3, 3, 1]


class RecordingEc2(object):
    def __init__(self):
        self.calls = []

    def create_tags(self, **kwargs):
        self.calls.append(('create', kwargs))

    def delete_tags(self, **kwargs):
        self.calls.append(('delete', kwargs))


def test_one_batched_call_whatever_each_subnet_misses():
    plan = [{'subnet_id': 'subnet-b', 'add': {'kubernetes.io/role/elb': '1'}, 'remove': {}},
            {'subnet_id': 'subnet-a', 'add': {'sigs.k8s.io/cluster-api-provider-aws/role': 'public'}, 'remove': {}}]
    ec2 = RecordingEc2()
    assert subnets.apply_subnet_tag_plan(ec2, plan, 'c1', 'present') == 1
    kind, kwargs = ec2.calls[0]
    assert kind == 'create' and kwargs['Resources'] == ['subnet-a', 'subnet-b'] and len(kwargs['Tags']) == 4
    ec2 = RecordingEc2()
    assert subnets.apply_subnet_tag_plan(ec2, [dict(p, subnet_id='subnet-%04d' % i) for i, p in enumerate(plan * 600)], 'c1',
                                         'absent') == 2  # 1200 subnets: AWS takes 1000 resources per call
    kind, kwargs = ec2.calls[0]
    assert kind == 'delete' and len(kwargs['Resources']) == 1000
    keys = sorted(t['Key'] for t in kwargs['Tags'])
    assert keys == ['kubernetes.io/cluster/c1', 'sigs.k8s.io/cluster-api-provider-aws/cluster/c1']
    assert all(t['Value'] in ('shared', 'owned') for t in kwargs['Tags'])
