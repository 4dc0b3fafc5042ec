# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public-subnet detection, the Fargate "private subnets only" check and load-balancer discovery tags.

A subnet is public when the route table that applies to it (its explicit association, else the VPC's
main table) has an active route to an internet gateway (`igw-...`). All reads are paginated describes
with filters, so a 200-subnet VPC costs a handful of calls, never one per subnet.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws.common import chunks, paginate, tag_list, tags_dict

CAPA_CLUSTER_KEY = 'sigs.k8s.io/cluster-api-provider-aws/cluster/%s'
K8S_CLUSTER_KEY = 'kubernetes.io/cluster/%s'
# AWS limits: 200 values per describe filter, 1000 resources per CreateTags/DeleteTags call.
FILTER_CHUNK = 200
TAG_CHUNK = 1000

# tags_dict is re-exported: callers of this file read subnet tags with it.
__all__ = ['SubnetLookupError', 'annotate_public', 'apply_subnet_tag_plan', 'cluster_tag_keys', 'describe_subnets',
           'discovery_tags', 'plan_subnet_tags', 'public_subnets', 'routes_to_igw', 'subnets_routing_to_igw',
           'tag_subnets', 'tags_dict']


class SubnetLookupError(Exception):
    """Subnets that were asked for do not exist (or are not in the expected VPC)."""


def describe_subnets(ec2, subnet_ids=None, vpc_id=None):
    """Subnets by id (chunked filters) or all subnets of a VPC; ids that do not exist are simply absent."""
    if subnet_ids is None:
        return list(paginate(ec2, 'describe_subnets', 'Subnets', Filters=[{'Name': 'vpc-id', 'Values': [vpc_id]}]))
    found = []
    for chunk in chunks(sorted(set(subnet_ids)), FILTER_CHUNK):
        filters = [{'Name': 'subnet-id', 'Values': chunk}]
        found.extend(paginate(ec2, 'describe_subnets', 'Subnets', Filters=filters))
    return found


def _route_table_index(ec2, vpc_ids):
    """(main table per VPC, explicit table per subnet) for the given VPCs."""
    main, explicit = {}, {}
    for chunk in chunks(sorted(set(vpc_ids)), FILTER_CHUNK):
        filters = [{'Name': 'vpc-id', 'Values': chunk}]
        for table in paginate(ec2, 'describe_route_tables', 'RouteTables', Filters=filters):
            for assoc in table.get('Associations', []):
                if assoc.get('Main'):
                    main[table['VpcId']] = table
                elif assoc.get('SubnetId'):
                    explicit[assoc['SubnetId']] = table
    return main, explicit


def routes_to_igw(route_table):
    """True when the table has a non-blackhole route whose target is an internet gateway."""
    for route in (route_table or {}).get('Routes', []):
        if (route.get('GatewayId') or '').startswith('igw-') and route.get('State', 'active') != 'blackhole':
            return True
    return False


def annotate_public(ec2, subnets):
    """Adds 'Public' (bool) and 'RouteTableId' to each subnet dict, reading the route tables once."""
    main, explicit = _route_table_index(ec2, [s['VpcId'] for s in subnets])
    for subnet in subnets:
        table = explicit.get(subnet['SubnetId']) or main.get(subnet['VpcId'])
        subnet['Public'] = routes_to_igw(table)
        subnet['RouteTableId'] = table.get('RouteTableId') if table else None
    return subnets


def public_subnets(ec2, vpc_id):
    """The subnets of vpc_id whose route table routes to an internet gateway, sorted by id."""
    subnets = annotate_public(ec2, describe_subnets(ec2, vpc_id=vpc_id))
    return sorted((s for s in subnets if s['Public']), key=lambda s: s['SubnetId'])


def subnets_routing_to_igw(ec2, subnet_ids):
    """The ids among subnet_ids that route to an internet gateway (Fargate needs none of them).

    Raises SubnetLookupError naming the subnets that do not exist.
    """
    subnets = describe_subnets(ec2, subnet_ids=subnet_ids)
    missing = sorted(set(subnet_ids) - set(s['SubnetId'] for s in subnets))
    if missing:
        raise SubnetLookupError('Subnet(s) not found in this region: %s' % ', '.join(missing))
    annotate_public(ec2, subnets)
    return sorted(s['SubnetId'] for s in subnets if s['Public'])


def discovery_tags(cluster_name):
    """The four tags the Palette docs ask for on public subnets (load-balancer subnet discovery)."""
    return {
        'kubernetes.io/role/elb': '1',
        'sigs.k8s.io/cluster-api-provider-aws/role': 'public',
        K8S_CLUSTER_KEY % cluster_name: 'shared',
        CAPA_CLUSTER_KEY % cluster_name: 'owned',
    }


def cluster_tag_keys(cluster_name):
    """The two discovery tags that name the cluster (the only ones state=absent removes)."""
    return [K8S_CLUSTER_KEY % cluster_name, CAPA_CLUSTER_KEY % cluster_name]


def plan_subnet_tags(subnets, cluster_name, state='present'):
    """Per subnet, the tags to set and remove; subnets already right are left out.

    present: set each discovery tag that is missing or has another value.
    absent: remove the cluster-specific tags, but only where they still hold our value, so a
    value somebody else set (e.g. CAPA's `owned` on its own subnets) is never removed.
    """
    wanted = discovery_tags(cluster_name)
    plan = []
    for subnet in subnets:
        current = tags_dict(subnet.get('Tags'))
        if state == 'present':
            add = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
            remove = {}
        else:
            add = {}
            remove = dict((k, wanted[k]) for k in cluster_tag_keys(cluster_name) if current.get(k) == wanted[k])
        if add or remove:
            plan.append({'subnet_id': subnet['SubnetId'], 'add': add, 'remove': remove})
    return plan


def apply_subnet_tag_plan(ec2, plan, cluster_name, state='present'):
    """Writes the plan in one CreateTags (present) or DeleteTags (absent) call, chunked at 1000 subnets.

    The desired tags have the same values on every subnet of a cluster, so one call with the whole set
    on every planned subnet is enough, whatever each one missed: setting a tag to the value it already
    has changes nothing, and DeleteTags with key and value removes a tag only where it still holds our
    value. Tags outside the discovery set are untouched. Returns the number of API calls made.
    """
    ids = sorted(set(item['subnet_id'] for item in plan))
    wanted = discovery_tags(cluster_name)
    if state == 'present':
        call, tags = ec2.create_tags, tag_list(wanted)
    else:
        call, tags = ec2.delete_tags, tag_list(dict((k, wanted[k]) for k in cluster_tag_keys(cluster_name)))
    calls = 0
    for chunk in chunks(ids, TAG_CHUNK):
        call(Resources=chunk, Tags=tags)
        calls += 1
    return calls


def _predicted_tags(subnet, change):
    tags = tags_dict(subnet.get('Tags'))
    if change:
        tags.update(change['add'])
        for key in change['remove']:
            tags.pop(key, None)
    return tags


def _select_subnets(ec2, vpc_id, subnet_ids):
    if not subnet_ids:
        return public_subnets(ec2, vpc_id)
    subnets = describe_subnets(ec2, subnet_ids=subnet_ids)
    missing = sorted(set(subnet_ids) - set(s['SubnetId'] for s in subnets))
    if missing:
        raise SubnetLookupError('subnet_ids: subnet(s) not found in region %s: %s; check the ids and the region '
                                'option' % (ec2.meta.region_name, ', '.join(missing)))
    if vpc_id:
        outside = sorted(s['SubnetId'] for s in subnets if s['VpcId'] != vpc_id)
        if outside:
            raise SubnetLookupError('subnet_ids: subnet(s) not in VPC %s (vpc_id): %s; list subnets of that VPC only'
                                    % (vpc_id, ', '.join(outside)))
    annotate_public(ec2, subnets)
    return sorted(subnets, key=lambda s: s['SubnetId'])


def tag_subnets(ec2, cluster_name, vpc_id=None, subnet_ids=None, state='present', check_mode=False):
    """Plans and (unless check_mode) applies the discovery tags; the subnet_tagging module's core.

    Subnets: subnet_ids when given (must exist, and be in vpc_id when both are given), else the
    public subnets of vpc_id. Returns changed, subnets (id, vpc_id, az, public, tags after),
    changes (the plan), api_calls and a diff of the tags per subnet.
    """
    if not subnet_ids and not vpc_id:
        raise SubnetLookupError('Give vpc_id (to find its public subnets) or subnet_ids')
    subnets = _select_subnets(ec2, vpc_id, subnet_ids)
    plan = plan_subnet_tags(subnets, cluster_name, state)
    calls = 0 if check_mode or not plan else apply_subnet_tag_plan(ec2, plan, cluster_name, state)
    by_id = dict((c['subnet_id'], c) for c in plan)
    result_subnets, before, after = [], {}, {}
    for subnet in subnets:
        change = by_id.get(subnet['SubnetId'])
        tags = _predicted_tags(subnet, change)
        result_subnets.append({'subnet_id': subnet['SubnetId'], 'vpc_id': subnet['VpcId'],
                               'availability_zone': subnet.get('AvailabilityZone'),
                               'public': subnet['Public'], 'tags': tags})
        if change:
            before[subnet['SubnetId']] = tags_dict(subnet.get('Tags'))
            after[subnet['SubnetId']] = tags
    return {'changed': bool(plan), 'subnets': result_subnets, 'changes': plan, 'api_calls': calls,
            'diff': {'before': before, 'after': after}}
