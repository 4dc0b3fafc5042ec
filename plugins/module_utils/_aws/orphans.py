# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find and purge what a deleted (force-deleted) cluster left behind in AWS, by ownership tags.

Safety rules (palette-iam/TAGS.md):
1. A resource is the cluster's only when it carries `sigs.k8s.io/cluster-api-provider-aws/cluster/<c>=owned`
   or `kubernetes.io/cluster/<c>=owned`, and neither of the two keys says `shared`. Untagged resources
   are never touched; they are only reported (in `left_alone`) when they block a VPC delete.
2. A VPC is the cluster's only with the CAPA key `=owned` on the VPC itself (only Palette-created VPCs get it).
3. Subnets, route tables and security groups are deleted only inside such a VPC. The docs tell BYO-VPC users
   to put the CAPA `owned` key on their own public subnets, so an `owned` tag inside a VPC without the
   VPC-level tag proves nothing: those are left alone and reported in `left_alone`.
4. Route tables marked main and the `default` security group go with their VPC; AWS-managed
   (requester-managed) ENIs go with their owner (NAT gateway, load balancer); volumes only on request
   and only when `available`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.palette.aws.plugins.module_utils._api.waiter import WaitTimeout, wait_for
from ansible_collections.palette.aws.plugins.module_utils._aws.common import (
    aws_error_message,
    aws_errors,
    is_boto_error_code,
    paginate,
    tags_dict,
)

CAPA_KEY = 'sigs.k8s.io/cluster-api-provider-aws/cluster/%s'
K8S_KEY = 'kubernetes.io/cluster/%s'
# Purge order: each type only depends on types before it being gone.
PURGE_ORDER = ('load_balancers', 'nat_gateways', 'elastic_ips', 'network_interfaces', 'internet_gateways',
               'subnets', 'route_tables', 'security_groups', 'vpcs', 'volumes')
DEPENDENCY_ERRORS = ('DependencyViolation', 'InvalidIPAddress.InUse', 'ResourceInUse')
POLL_SECONDS = 5


def ownership(tags, cluster_name, capa_only=False):
    """(owned, reason): rule 1 above (rule 2 with capa_only)."""
    capa, k8s = CAPA_KEY % cluster_name, K8S_KEY % cluster_name
    if 'shared' in (tags.get(capa), tags.get(k8s)):
        return False, 'tagged shared for %s (a user-owned resource)' % cluster_name
    for key in (capa,) if capa_only else (capa, k8s):
        if tags.get(key) == 'owned':
            return True, 'tag %s=owned' % key
    return False, None


def _tagged(ec2, operation, key, id_key, cluster_name, capa_only=False):
    """Resources carrying either ownership key with value owned (two filtered describes, merged by id)."""
    found = {}
    keys = (CAPA_KEY,) if capa_only else (CAPA_KEY, K8S_KEY)
    for tag_key in keys:
        filters = [{'Name': 'tag:' + tag_key % cluster_name, 'Values': ['owned']}]
        if operation == 'describe_addresses':  # not paginated
            items = ec2.describe_addresses(Filters=filters)['Addresses']
        else:
            items = paginate(ec2, operation, key, Filters=filters)
        for item in items:
            found.setdefault(item[id_key], item)
    return [found[k] for k in sorted(found)]


def _item(res_id, tags, reason, **extra):
    item = {'id': res_id, 'name': tags.get('Name'), 'reason': reason}
    item.update(extra)
    return item


def _classify(items, id_key, cluster_name, keep, capa_only=False):
    """Splits items into (owned, left_alone); keep(item, tags) returns None to keep or a skip reason."""
    owned, left_alone = [], []
    for raw in items:
        tags = tags_dict(raw.get('Tags') or raw.get('TagSet'))
        is_owned, reason = ownership(tags, cluster_name, capa_only)
        veto = keep(raw, tags) if is_owned else reason
        if is_owned and veto is None:
            owned.append((raw, tags, reason))
        elif veto:
            left_alone.append({'id': raw[id_key], 'name': tags.get('Name'), 'reason': veto})
    return owned, left_alone


def _in_owned_vpc(vpcs):
    def keep(raw, tags):
        if raw.get('VpcId') not in vpcs:
            return 'in VPC %s, which lacks the CAPA owned tag (a user VPC): left alone' % raw.get('VpcId')
        return None
    return keep


_IN_VPC_TYPES = (('subnets', 'describe_subnets', 'Subnets', 'SubnetId'),
                 ('route_tables', 'describe_route_tables', 'RouteTables', 'RouteTableId'),
                 ('security_groups', 'describe_security_groups', 'SecurityGroups', 'GroupId'))


def _goes_with_vpc(raw):
    if any(a.get('Main') for a in raw.get('Associations', [])):
        return 'main route table: deleted with its VPC'
    if raw.get('GroupName') == 'default':
        return 'default security group: deleted with its VPC'
    return None


def _find_network(ec2, cluster_name):
    """VPCs, subnets, route tables, security groups, IGWs; returns (resources, left_alone)."""
    res, left_alone = {}, []
    vpcs, skip = _classify(_tagged(ec2, 'describe_vpcs', 'Vpcs', 'VpcId', cluster_name, True), 'VpcId',
                           cluster_name, lambda r, t: None, capa_only=True)
    left_alone += skip
    res['vpcs'] = [_item(r['VpcId'], t, why, cidr=r.get('CidrBlock')) for r, t, why in vpcs]
    owned_vpcs = set(v['id'] for v in res['vpcs'])
    in_vpc = _in_owned_vpc(owned_vpcs)
    for rtype, op, key, id_key in _IN_VPC_TYPES:
        found, skip = _classify(_tagged(ec2, op, key, id_key, cluster_name), id_key, cluster_name,
                                lambda raw, tags: _goes_with_vpc(raw) or in_vpc(raw, tags))
        left_alone += skip
        res[rtype] = [_item(r[id_key], t, '%s, in owned VPC %s' % (why, r['VpcId']), vpc_id=r['VpcId'])
                      for r, t, why in found]

    def igw_keep(raw, tags):
        foreign = [a['VpcId'] for a in raw.get('Attachments', []) if a['VpcId'] not in owned_vpcs]
        return 'attached to VPC %s, which lacks the CAPA owned tag' % ', '.join(foreign) if foreign else None
    igws, skip = _classify(_tagged(ec2, 'describe_internet_gateways', 'InternetGateways', 'InternetGatewayId',
                                   cluster_name), 'InternetGatewayId', cluster_name, igw_keep)
    left_alone += skip
    res['internet_gateways'] = [_item(r['InternetGatewayId'], t, why,
                                      attached_vpcs=[a['VpcId'] for a in r.get('Attachments', [])]) for r, t, why in igws]
    return res, left_alone


def _find_other_ec2(ec2, cluster_name, owned_vpcs):
    res, left_alone = {}, []
    nats, skip = _classify([n for n in _tagged(ec2, 'describe_nat_gateways', 'NatGateways', 'NatGatewayId', cluster_name)
                            if n.get('State') not in ('deleted', 'deleting')], 'NatGatewayId', cluster_name, lambda r, t: None)
    left_alone += skip
    res['nat_gateways'] = [_item(r['NatGatewayId'], t, why, vpc_id=r.get('VpcId'), state=r.get('State')) for r, t, why in nats]
    eips, skip = _classify(_tagged(ec2, 'describe_addresses', None, 'AllocationId', cluster_name), 'AllocationId',
                           cluster_name, lambda r, t: None)
    left_alone += skip
    res['elastic_ips'] = [_item(r['AllocationId'], t, why, public_ip=r.get('PublicIp'),
                                association_id=r.get('AssociationId')) for r, t, why in eips]
    enis, skip = _classify(_tagged(ec2, 'describe_network_interfaces', 'NetworkInterfaces', 'NetworkInterfaceId',
                                   cluster_name), 'NetworkInterfaceId', cluster_name,
                           lambda r, t: 'managed by AWS, removed with its owner' if r.get('RequesterManaged') else None)
    left_alone += skip
    res['network_interfaces'] = [_item(r['NetworkInterfaceId'], t, why, vpc_id=r.get('VpcId'), status=r.get('Status'))
                                 for r, t, why in enis]
    vols, skip = _classify(_tagged(ec2, 'describe_volumes', 'Volumes', 'VolumeId', cluster_name), 'VolumeId',
                           cluster_name, lambda r, t: None)
    left_alone += skip
    res['volumes'] = [_item(r['VolumeId'], t, why, state=r.get('State'), size_gb=r.get('Size')) for r, t, why in vols]
    # Untagged ENIs in an owned VPC are never deleted, but they will block the VPC delete: say so.
    tagged = set(e['id'] for e in res['network_interfaces'])
    if owned_vpcs:
        for eni in paginate(ec2, 'describe_network_interfaces', 'NetworkInterfaces',
                            Filters=[{'Name': 'vpc-id', 'Values': sorted(owned_vpcs)}]):
            if eni['NetworkInterfaceId'] not in tagged and not ownership(tags_dict(eni.get('TagSet')), cluster_name)[1]:
                left_alone.append({'id': eni['NetworkInterfaceId'], 'name': None,
                                   'reason': 'untagged ENI in owned VPC %s: not deleted, may block the VPC delete' % eni['VpcId']})
    return res, left_alone


def _lb_tag_chunks(client, ids, id_param):
    for start in range(0, len(ids), 20):  # DescribeTags takes at most 20 load balancers
        yield from client.describe_tags(**{id_param: ids[start:start + 20]})['TagDescriptions']


def _find_load_balancers(elbv2, elb, cluster_name):
    found, left_alone = [], []
    v2 = dict((lb['LoadBalancerArn'], lb) for lb in paginate(elbv2, 'describe_load_balancers', 'LoadBalancers'))
    for desc in _lb_tag_chunks(elbv2, sorted(v2), 'ResourceArns'):
        lb, tags = v2[desc['ResourceArn']], tags_dict(desc.get('Tags'))
        owned, why = ownership(tags, cluster_name)
        if owned:
            found.append(_item(lb['LoadBalancerArn'], {'Name': lb['LoadBalancerName']}, why, kind=lb.get('Type'),
                               vpc_id=lb.get('VpcId')))
        elif why:
            left_alone.append({'id': lb['LoadBalancerArn'], 'name': lb['LoadBalancerName'], 'reason': why})
    classic = dict((lb['LoadBalancerName'], lb) for lb in
                   paginate(elb, 'describe_load_balancers', 'LoadBalancerDescriptions'))
    for desc in _lb_tag_chunks(elb, sorted(classic), 'LoadBalancerNames'):
        lb, tags = classic[desc['LoadBalancerName']], tags_dict(desc.get('Tags'))
        owned, why = ownership(tags, cluster_name)
        if owned:
            found.append(_item(lb['LoadBalancerName'], {'Name': lb['LoadBalancerName']}, why, kind='classic',
                               vpc_id=lb.get('VPCId')))
        elif why:
            left_alone.append({'id': lb['LoadBalancerName'], 'name': lb['LoadBalancerName'], 'reason': why})
    return found, left_alone


def find_orphans(clients, cluster_name):
    """{resources: {type: [{id, name, reason, ...}]}, left_alone: [...], count} for the cluster's leftovers.

    clients(service) returns a boto3 client for 'ec2', 'elbv2' or 'elb' in the cluster's region.
    """
    ec2 = clients('ec2')
    resources, left_alone = _find_network(ec2, cluster_name)
    other, skip = _find_other_ec2(ec2, cluster_name, set(v['id'] for v in resources['vpcs']))
    resources.update(other)
    resources['load_balancers'], lb_skip = _find_load_balancers(clients('elbv2'), clients('elb'), cluster_name)
    left_alone += skip + lb_skip
    return {'resources': resources, 'left_alone': left_alone, 'count': sum(len(v) for v in resources.values())}


def _monotonic():
    """``time.monotonic`` looked up when called, so a test that replaces it moves the purge's clock."""
    return time.monotonic()


class _Purge(object):
    """One purge run: the clients, a shared deadline for waits, and the deleted / failures ledgers.

    Waits: botocore's waiters where botocore has one (NAT gateway deleted, network interface available); retries of
    "still in use" errors go through the one waiter of the collection (``_api.waiter.wait_for``). ``sleep``
    replaces the pause of those retries (tests); no sleep is written here.
    """

    def __init__(self, clients, wait_timeout, sleep=None):
        self.ec2 = clients('ec2')
        self.clients = clients
        self.deadline = time.monotonic() + wait_timeout
        self.sleep = sleep
        self.deleted = dict((t, []) for t in PURGE_ORDER)
        self.failures = dict((t, []) for t in PURGE_ORDER)

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def waiter_config(self):
        """Delay and attempts of a botocore waiter that ends by the shared deadline (one attempt at least)."""
        return {'Delay': POLL_SECONDS, 'MaxAttempts': max(1, int(self.remaining() // POLL_SECONDS))}

    def run(self, rtype, res_id, action, *calls):
        """Runs the calls; retries DependencyViolation-like errors until the deadline; records the outcome.

        A retry resumes at the call that failed, so a detach that succeeded is not repeated.
        """
        state = {'done': 0, 'error': None}

        def attempt():
            try:
                while state['done'] < len(calls):
                    calls[state['done']]()
                    state['done'] += 1
                return True
            except aws_errors() as exc:
                state['error'] = exc
                if is_boto_error_code(exc, DEPENDENCY_ERRORS):
                    return False  # in use by something going away: try again
                raise

        options = dict(timeout=self.remaining(), initial_interval=POLL_SECONDS, max_interval=POLL_SECONDS,
                       describe=lambda value: None, what='%s %s' % (action, res_id),
                       clock=_monotonic)  # looked up at call time (tests move the clock)
        if self.sleep is not None:
            options['sleep'] = self.sleep
        try:
            wait_for(attempt, bool, **options)
        except WaitTimeout:
            self.failures[rtype].append({'id': res_id, 'error': aws_error_message(state['error'], '%s %s' % (
                action, res_id)) + ' (still in use when wait_timeout ran out)'})
            return False
        except aws_errors() as exc:
            self.failures[rtype].append({'id': res_id, 'error': aws_error_message(exc, '%s %s' % (action, res_id))})
            return False
        self.deleted[rtype].append(res_id)
        return True

    def describe(self, operation, key, filter_name, items):
        """The current state of items, by filter: unlike ...Ids=[...], a filter does not fail on one
        resource that disappeared meanwhile (e.g. removed together with a load balancer)."""
        ids, found = sorted(i['id'] for i in items), []
        for start in range(0, len(ids), 200):
            filters = [{'Name': filter_name, 'Values': ids[start:start + 200]}]
            if operation == 'describe_addresses':  # not paginated
                found.extend(self.ec2.describe_addresses(Filters=filters)['Addresses'])
            else:
                found.extend(paginate(self.ec2, operation, key, Filters=filters))
        return found

    def wait_nat_deleted(self, ids):
        """NAT gateways take minutes to go; their EIPs and ENIs stay in use until then. Returns those still there."""
        if not ids:
            return set()
        try:
            self.ec2.get_waiter('nat_gateway_deleted').wait(NatGatewayIds=sorted(ids),
                                                            WaiterConfig=self.waiter_config())
            return set()
        except _waiter_errors():
            states = dict((n['NatGatewayId'], n['State']) for n in
                          self.ec2.describe_nat_gateways(NatGatewayIds=sorted(ids))['NatGateways'])
            return set(i for i in ids if states.get(i, 'deleted') != 'deleted')


def _waiter_errors():
    import botocore.exceptions

    return (botocore.exceptions.WaiterError,)


def _purge_load_balancers(p, items):
    for lb in items:
        if lb['kind'] == 'classic':
            p.run('load_balancers', lb['id'], 'elb:DeleteLoadBalancer',
                  lambda lb=lb: p.clients('elb').delete_load_balancer(LoadBalancerName=lb['id']))
        else:
            p.run('load_balancers', lb['id'], 'elbv2:DeleteLoadBalancer',
                  lambda lb=lb: p.clients('elbv2').delete_load_balancer(LoadBalancerArn=lb['id']))


def _purge_nat_gateways(p, items):
    started = [n['id'] for n in items
               if p.run('nat_gateways', n['id'], 'ec2:DeleteNatGateway',
                        lambda n=n: p.ec2.delete_nat_gateway(NatGatewayId=n['id']))]
    for nat_id in sorted(p.wait_nat_deleted(started)):
        p.deleted['nat_gateways'].remove(nat_id)
        p.failures['nat_gateways'].append({'id': nat_id, 'error': 'still deleting when the wait timed out'})


def _purge_elastic_ips(p, items):
    current = p.describe('describe_addresses', 'Addresses', 'allocation-id', items)
    for address in current:
        alloc_id, assoc = address['AllocationId'], address.get('AssociationId')
        calls = [lambda a=assoc: p.ec2.disassociate_address(AssociationId=a)] if assoc else []
        calls.append(lambda a=alloc_id: p.ec2.release_address(AllocationId=a))
        p.run('elastic_ips', alloc_id, 'ec2:ReleaseAddress', *calls)


def _detach_and_wait(p, eni):
    """Force-detach, then botocore's network_interface_available waiter (until the shared deadline)."""
    p.ec2.detach_network_interface(AttachmentId=eni['Attachment']['AttachmentId'], Force=True)
    try:
        p.ec2.get_waiter('network_interface_available').wait(NetworkInterfaceIds=[eni['NetworkInterfaceId']],
                                                             WaiterConfig=p.waiter_config())
    except _waiter_errors():
        pass  # still attached: the delete that follows says so, and is retried as a dependency error


def _purge_network_interfaces(p, items):
    for eni in p.describe('describe_network_interfaces', 'NetworkInterfaces', 'network-interface-id', items):
        attachment = eni.get('Attachment') or {}
        if attachment.get('InstanceId') and attachment.get('DeviceIndex') == 0:
            p.failures['network_interfaces'].append({'id': eni['NetworkInterfaceId'], 'error': (
                'primary interface of instance %s; terminate the instance first' % attachment['InstanceId'])})
            continue
        calls = [lambda e=eni: _detach_and_wait(p, e)] if attachment.get('AttachmentId') else []
        calls.append(lambda e=eni: p.ec2.delete_network_interface(NetworkInterfaceId=e['NetworkInterfaceId']))
        p.run('network_interfaces', eni['NetworkInterfaceId'], 'ec2:DeleteNetworkInterface', *calls)


def _purge_internet_gateways(p, items):
    for igw in items:
        calls = [lambda i=igw['id'], v=vpc: p.ec2.detach_internet_gateway(InternetGatewayId=i, VpcId=v)
                 for vpc in igw['attached_vpcs']]
        calls.append(lambda i=igw['id']: p.ec2.delete_internet_gateway(InternetGatewayId=i))
        p.run('internet_gateways', igw['id'], 'ec2:DeleteInternetGateway', *calls)


def _purge_route_tables(p, items):
    for table in p.describe('describe_route_tables', 'RouteTables', 'route-table-id', items):
        calls = [lambda a=assoc['RouteTableAssociationId']: p.ec2.disassociate_route_table(AssociationId=a)
                 for assoc in table.get('Associations', []) if not assoc.get('Main')]
        calls.append(lambda t=table['RouteTableId']: p.ec2.delete_route_table(RouteTableId=t))
        p.run('route_tables', table['RouteTableId'], 'ec2:DeleteRouteTable', *calls)


def _referencing(permissions, group_ids):
    """The rules of permissions that name one of group_ids, in the shape Revoke* accepts."""
    rules = []
    for perm in permissions or []:
        pairs = [{'GroupId': g['GroupId']} for g in perm.get('UserIdGroupPairs', []) if g.get('GroupId') in group_ids]
        if pairs:
            rule = dict((k, perm[k]) for k in ('IpProtocol', 'FromPort', 'ToPort') if k in perm)
            rule['UserIdGroupPairs'] = pairs
            rules.append(rule)
    return rules


def _purge_security_groups(p, items):
    groups = p.describe('describe_security_groups', 'SecurityGroups', 'group-id', items)
    ids = [g['GroupId'] for g in groups]
    # Groups of one cluster reference each other; a referenced group cannot be deleted, so revoke first.
    for group in groups:
        ingress = _referencing(group.get('IpPermissions'), set(ids))
        egress = _referencing(group.get('IpPermissionsEgress'), set(ids))
        try:
            if ingress:
                p.ec2.revoke_security_group_ingress(GroupId=group['GroupId'], IpPermissions=ingress)
            if egress:
                p.ec2.revoke_security_group_egress(GroupId=group['GroupId'], IpPermissions=egress)
        except aws_errors() as exc:
            p.failures['security_groups'].append({'id': group['GroupId'], 'error': aws_error_message(exc, 'revoke rules')})
    for group_id in ids:
        p.run('security_groups', group_id, 'ec2:DeleteSecurityGroup',
              lambda g=group_id: p.ec2.delete_security_group(GroupId=g))


def _purge_simple(rtype, action, method, param):
    def purge(p, items):
        for item in items:
            p.run(rtype, item['id'], action, lambda i=item['id']: getattr(p.ec2, method)(**{param: i}))
    return purge


_PURGERS = {
    'load_balancers': _purge_load_balancers,
    'nat_gateways': _purge_nat_gateways,
    'elastic_ips': _purge_elastic_ips,
    'network_interfaces': _purge_network_interfaces,
    'internet_gateways': _purge_internet_gateways,
    'subnets': _purge_simple('subnets', 'ec2:DeleteSubnet', 'delete_subnet', 'SubnetId'),
    'route_tables': _purge_route_tables,
    'security_groups': _purge_security_groups,
    'vpcs': _purge_simple('vpcs', 'ec2:DeleteVpc', 'delete_vpc', 'VpcId'),
    'volumes': _purge_simple('volumes', 'ec2:DeleteVolume', 'delete_volume', 'VolumeId'),
}


def _to_purge(found, include_volumes):
    """What purge deletes: everything found, volumes only on request and only when `available`."""
    plan = dict((t, list(found['resources'].get(t, []))) for t in PURGE_ORDER)
    left_alone = list(found['left_alone'])
    volumes = plan.pop('volumes')
    plan['volumes'] = []
    for vol in volumes:
        if include_volumes and vol.get('state') == 'available':
            plan['volumes'].append(vol)
        else:
            reason = 'volume is %s' % vol.get('state') if include_volumes else 'volumes are kept unless include_volumes'
            left_alone.append({'id': vol['id'], 'name': vol.get('name'), 'reason': reason})
    return plan, left_alone


def purge_orphans(clients, cluster_name, include_volumes=False, check_mode=False, wait_timeout=600, sleep=None):
    """Deletes the cluster's leftovers in dependency order (PURGE_ORDER); check mode only reports.

    Returns changed, resources (as find_orphans), deleted {type: [ids]} (in check mode: would be
    deleted), failures {type: [{id, error}]}, left_alone and count: the orphaned_resources result as is
    (never ``failed`` / ``skipped``, which Ansible reads as the task's status). Waits (NAT deletion,
    dependency retries) share one wait_timeout deadline in seconds.
    """
    found = find_orphans(clients, cluster_name)
    plan, left_alone = _to_purge(found, include_volumes)
    result = {'resources': found['resources'], 'left_alone': left_alone, 'count': found['count']}
    if check_mode:
        deleted = dict((t, [i['id'] for i in plan[t]]) for t in PURGE_ORDER)
        result.update(changed=any(deleted.values()), deleted=deleted, failures=dict((t, []) for t in PURGE_ORDER))
        return result
    purge = _Purge(clients, wait_timeout, sleep)
    for rtype in PURGE_ORDER:
        if not plan[rtype]:
            continue
        try:
            _PURGERS[rtype](purge, plan[rtype])
        except aws_errors() as exc:  # a read failed: report the rest of this type, go on with the next
            done = set(purge.deleted[rtype]) | set(f['id'] for f in purge.failures[rtype])
            purge.failures[rtype].extend({'id': i['id'], 'error': aws_error_message(exc, 'purge %s' % rtype)}
                                         for i in plan[rtype] if i['id'] not in done)
    result.update(changed=any(purge.deleted.values()), deleted=purge.deleted, failures=purge.failures)
    return result
