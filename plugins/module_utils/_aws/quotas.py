# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read-only preflight checks: identity, region, key pair and quota headroom for a new cluster.

Every check is {name, status, detail}. A quota check (a headroom check, or a vCPU check that cannot be
sized) adds limit, used and needed (null when unknown): ok when used + needed <= limit, fail when not,
unknown when the quota or the usage cannot be read (never ok by default).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws.common import (
    aws_error_message,
    aws_errors,
    check_result,
    is_boto_error_code,
    paginate,
)

# name -> (service code, quota code, AWS quota name). Checked against the Service Quotas console names.
QUOTA_CODES = {
    'on_demand_vcpus': ('ec2', 'L-1216C47A', 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances'),
    'spot_vcpus': ('ec2', 'L-34B43A08', 'All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests'),
    'elastic_ips': ('ec2', 'L-0263D0A3', 'EC2-VPC Elastic IPs'),
    'vpcs': ('vpc', 'L-F678F1CE', 'VPCs per Region'),
    'internet_gateways': ('vpc', 'L-A4707A72', 'Internet gateways per Region'),
    'nat_gateways_per_az': ('vpc', 'L-FE5A380F', 'NAT gateways per Availability Zone'),
    'application_load_balancers': ('elasticloadbalancing', 'L-53DA6B97', 'Application Load Balancers per Region'),
    'network_load_balancers': ('elasticloadbalancing', 'L-69A177A2', 'Network Load Balancers per Region'),
    'classic_load_balancers': ('elasticloadbalancing', 'L-E9E9831D', 'Classic Load Balancers per Region'),
}
# The Standard vCPU quotas cover these instance families only (first letter of the type name).
STANDARD_FAMILIES = frozenset('acdhimrtz')
# IaaS (cloud_type aws): the load balancer CAPA puts in front of the API server counts against this quota (its
# default is a classic ELB). EKS: AWS runs the control plane endpoint, but the first Service of type LoadBalancer
# (an ingress controller) gets a classic ELB from the in-tree cloud provider: one per cluster by default as well.
LB_QUOTA_BY_TYPE = {'classic': 'classic_load_balancers', 'network': 'network_load_balancers',
                    'application': 'application_load_balancers'}
_ACTIVE_INSTANCE_STATES = ['pending', 'running', 'stopping']
_ACTIVE_NAT_STATES = ['pending', 'available']


def _quota(name, status, detail, limit=None, used=None, needed=None):
    """A quota check: a check plus limit, used and needed."""
    return dict(check_result(name, status, detail), limit=limit, used=used, needed=needed)


def quota_value(service_quotas, name):
    """(value, None) or (None, reason): the applied quota, else AWS's default for it."""
    service, code, _title = QUOTA_CODES[name]
    try:
        return service_quotas.get_service_quota(ServiceCode=service, QuotaCode=code)['Quota']['Value'], None
    except aws_errors() as exc:
        if not is_boto_error_code(exc, 'NoSuchResourceException'):
            return None, aws_error_message(exc, 'service-quotas:GetServiceQuota %s/%s' % (service, code))
        first = aws_error_message(exc, 'service-quotas:GetServiceQuota %s/%s' % (service, code))
    try:
        return service_quotas.get_aws_default_service_quota(ServiceCode=service, QuotaCode=code)['Quota']['Value'], None
    except aws_errors() as exc:
        return None, '%s; and %s' % (first, aws_error_message(exc, 'service-quotas:GetAWSDefaultServiceQuota'))


def headroom_check(name, limit, used, needed, reason=None, what=None):
    """Compares used + needed with limit; unknown when either is missing."""
    service, code, title = QUOTA_CODES[name]
    label = '%s (%s %s)' % (what or title, service, code)
    if limit is None or used is None:
        return _quota(name, 'unknown', '%s: quota or usage unknown: %s' % (label, reason or 'not readable'),
                      limit, used, needed)
    status = 'ok' if used + needed <= limit else 'fail'
    detail = '%s: %s used + %s needed %s limit %s' % (label, used, needed, '<=' if status == 'ok' else '>', limit)
    return _quota(name, status, detail, limit, used, needed)


def _usage(fn, *args):
    try:
        return fn(*args), None
    except aws_errors() as exc:
        return None, aws_error_message(exc, 'usage lookup')


def _quota_check(service_quotas, name, usage_fn, needed, what=None):
    used, usage_err = _usage(usage_fn)
    limit, quota_err = quota_value(service_quotas, name)
    return headroom_check(name, limit, used, needed, quota_err or usage_err, what)


def instance_vcpus(ec2, instance_types):
    """{instance type: default vCPUs} via DescribeInstanceTypes (100 types per call)."""
    types, found = sorted(set(instance_types)), {}
    for start in range(0, len(types), 100):
        for item in paginate(ec2, 'describe_instance_types', 'InstanceTypes', InstanceTypes=types[start:start + 100]):
            found[item['InstanceType']] = item['VCpuInfo']['DefaultVCpus']
    return found


def is_standard_family(instance_type):
    return (instance_type or ' ')[0].lower() in STANDARD_FAMILIES


def vcpu_usage(ec2):
    """{'on_demand': n, 'spot': n}: vCPUs of the region's active Standard-family instances."""
    instances = [i for r in paginate(ec2, 'describe_instances', 'Reservations',
                                     Filters=[{'Name': 'instance-state-name', 'Values': _ACTIVE_INSTANCE_STATES}])
                 for i in r.get('Instances', []) if is_standard_family(i['InstanceType'])]
    sizes = instance_vcpus(ec2, [i['InstanceType'] for i in instances]) if instances else {}
    usage = {'on_demand': 0, 'spot': 0}
    for inst in instances:
        cpu = inst.get('CpuOptions') or {}
        vcpus = cpu['CoreCount'] * cpu['ThreadsPerCore'] if cpu.get('CoreCount') else sizes.get(inst['InstanceType'], 0)
        usage['spot' if inst.get('InstanceLifecycle') == 'spot' else 'on_demand'] += vcpus
    return usage


def _pool_nodes(pool):
    for key in ('count', 'min_size'):
        if pool.get(key) is not None:
            return int(pool[key])
    return 1


def planned_vcpus(ec2, node_pools):
    """({'on_demand': n, 'spot': n}, [pool names whose family is outside the Standard quotas])."""
    pools = [p for p in node_pools or [] if p.get('instance_type')]
    other = ['%s (%s)' % (p.get('name'), p['instance_type']) for p in pools if not is_standard_family(p['instance_type'])]
    pools = [p for p in pools if is_standard_family(p['instance_type'])]
    sizes = instance_vcpus(ec2, [p['instance_type'] for p in pools]) if pools else {}
    needed = {'on_demand': 0, 'spot': 0}
    for pool in pools:
        kind = 'spot' if pool.get('capacity_type') == 'spot' else 'on_demand'
        needed[kind] += sizes[pool['instance_type']] * _pool_nodes(pool)
    return needed, other


def vcpu_checks(ec2, service_quotas, node_pools):
    """On-demand and spot Standard vCPU headroom for the planned node pools."""
    try:
        needed, other = planned_vcpus(ec2, node_pools)
    except aws_errors() as exc:
        status = 'fail' if is_boto_error_code(exc, 'InvalidInstanceType') else 'unknown'
        return [_quota('vcpus', status, aws_error_message(exc, 'ec2:DescribeInstanceTypes'))]
    usage, usage_err = _usage(vcpu_usage, ec2)
    checks = []
    for name, kind in (('on_demand_vcpus', 'on_demand'), ('spot_vcpus', 'spot')):
        if not needed[kind]:
            continue
        limit, quota_err = quota_value(service_quotas, name)
        checks.append(headroom_check(name, limit, None if usage is None else usage[kind], needed[kind],
                                     quota_err or usage_err))
    if other:
        checks.append(_quota('other_family_vcpus', 'unknown', 'vCPU quota not checked for instance families outside '
                             'the Standard quotas: %s' % ', '.join(other)))
    return checks


def _nat_usage_by_az(ec2):
    nats = list(paginate(ec2, 'describe_nat_gateways', 'NatGateways',
                         Filters=[{'Name': 'state', 'Values': _ACTIVE_NAT_STATES}]))
    subnet_ids = sorted(set(n['SubnetId'] for n in nats))
    azs = {}
    for start in range(0, len(subnet_ids), 200):
        for subnet in paginate(ec2, 'describe_subnets', 'Subnets',
                               Filters=[{'Name': 'subnet-id', 'Values': subnet_ids[start:start + 200]}]):
            azs[subnet['SubnetId']] = subnet['AvailabilityZone']
    usage = {}
    for nat in nats:
        az = azs.get(nat['SubnetId'], 'unknown')
        usage[az] = usage.get(az, 0) + 1
    return usage


def nat_checks(ec2, service_quotas, named, unnamed):
    """One NAT gateway per AZ and cluster: headroom in each named AZ (``named``: {az: clusters}), and in the busiest
    AZ for the ``unnamed`` clusters whose AZs Palette picks (worst case: all in the same AZ)."""
    usage, err = _usage(_nat_usage_by_az, ec2)
    limit, quota_err = quota_value(service_quotas, 'nat_gateways_per_az')
    checks = [headroom_check('nat_gateways_per_az', limit, None if usage is None else usage.get(az, 0), named[az],
                             quota_err or err, 'NAT gateways in %s' % az) for az in sorted(named)]
    if unnamed:
        busiest = max(usage.values()) if usage else (0 if usage is not None else None)
        checks.append(headroom_check('nat_gateways_per_az', limit, busiest, unnamed, quota_err or err,
                                     'NAT gateways in the busiest AZ (%d cluster(s) without named AZs)' % unnamed))
    return checks


def _count(ec2, operation, key, **kwargs):
    return len(list(paginate(ec2, operation, key, **kwargs)))


def _elbv2_count(elbv2, lb_type):
    return sum(1 for lb in paginate(elbv2, 'describe_load_balancers', 'LoadBalancers') if lb.get('Type') == lb_type)


def load_balancer_check(elb, elbv2, service_quotas, lb_type='classic', needed=1):
    """Headroom for the load balancers of the new clusters (IaaS: the API server's; EKS: its Services')."""
    name = LB_QUOTA_BY_TYPE[lb_type]
    if lb_type == 'classic':
        return _quota_check(service_quotas, name,
                            lambda: _count(elb, 'describe_load_balancers', 'LoadBalancerDescriptions'), needed)
    return _quota_check(service_quotas, name, lambda: _elbv2_count(elbv2, lb_type), needed)


def planned_azs(node_pools):
    """The AZs named by the node pools (azs, subnets[].az)."""
    azs = set()
    for pool in node_pools or []:
        azs.update(pool.get('azs') or [])
        azs.update(s['az'] for s in pool.get('subnets') or [] if s.get('az'))
    return sorted(azs)


def added_pools(plan):
    """The pools of one planned cluster as capacity to add: all of a new cluster's; for an existing cluster
    (``plan['existing_pools']``, normalised current pools) only the nodes a pool gains, or a whole new pool (or one
    whose instance type or capacity type changes: its nodes are replaced)."""
    pools = [p for p in plan.get('node_pools') or [] if p.get('instance_type')]
    if plan.get('existing_pools') is None:
        return pools
    current = dict((p.get('name'), p) for p in plan['existing_pools'])
    added = []
    for pool in pools:
        cur = current.get(pool.get('name'))
        same = cur and cur.get('instance_type') == pool['instance_type'] and \
            (cur.get('capacity_type') or 'on-demand') == (pool.get('capacity_type') or 'on-demand')
        nodes = _pool_nodes(pool) - (int(cur.get('count') or 0) if same else 0)
        if nodes > 0:
            added.append(dict(pool, count=nodes, min_size=None))
    return added


def quota_checks(clients, plans, lb_type='classic'):
    """The quota checks of a whole run: the needs of every planned cluster summed. clients(service): a boto3 client.

    ``plans``: [{cluster, cloud_type, node_pools, dynamic_placement, load_balancers, existing_pools}]. A new cluster
    with dynamic placement needs one VPC, one IGW, and one NAT gateway and one EIP per AZ (EKS at least 2 AZs);
    static placement only its nodes; ``load_balancers`` of ``lb_type`` each (IaaS: the API server's; EKS: its first
    Service of type LoadBalancer). An existing cluster (``existing_pools`` set) needs only the capacity it gains.
    """
    ec2, quotas = clients('ec2'), clients('service-quotas')
    checks = vcpu_checks(ec2, quotas, [pool for plan in plans for pool in added_pools(plan)])
    new = [plan for plan in plans if plan.get('existing_pools') is None]
    dynamic = [plan for plan in new if plan.get('dynamic_placement')]
    if dynamic:
        named, unnamed, eips = {}, 0, 0
        for plan in dynamic:
            azs = planned_azs(plan.get('node_pools'))
            eips += max(len(azs), 2 if plan.get('cloud_type') == 'eks' else 1)
            for az in azs:
                named[az] = named.get(az, 0) + 1
            unnamed += 0 if azs else 1
        checks.append(_quota_check(quotas, 'vpcs', lambda: _count(ec2, 'describe_vpcs', 'Vpcs'), len(dynamic)))
        checks.append(_quota_check(quotas, 'internet_gateways',
                                   lambda: _count(ec2, 'describe_internet_gateways', 'InternetGateways'), len(dynamic)))
        checks.extend(nat_checks(ec2, quotas, named, unnamed))
        checks.append(_quota_check(quotas, 'elastic_ips', lambda: len(ec2.describe_addresses()['Addresses']), eips))
    balancers = sum(int(plan.get('load_balancers') or 0) for plan in new)
    if balancers:
        checks.append(load_balancer_check(clients('elb'), clients('elbv2'), quotas, lb_type, balancers))
    return checks


def key_pair_check(ec2, name):
    """The EC2 key pair exists in the client's region."""
    try:
        pair = ec2.describe_key_pairs(KeyNames=[name])['KeyPairs'][0]
        return check_result('key_pair', 'ok', 'Key pair %s found (%s)' % (name, pair.get('KeyPairId', pair.get('KeyFingerprint'))))
    except aws_errors() as exc:
        if is_boto_error_code(exc, 'InvalidKeyPair.NotFound'):
            return check_result('key_pair', 'fail', 'Key pair %s not found in %s; create or import it there'
                                % (name, ec2.meta.region_name))
        return check_result('key_pair', 'unknown', aws_error_message(exc, 'ec2:DescribeKeyPairs'))


def region_check(ec2, region):
    """The region exists and is enabled for the account."""
    try:
        regions = ec2.describe_regions(AllRegions=True, RegionNames=[region])['Regions']
    except aws_errors() as exc:
        if is_boto_error_code(exc, ('InvalidParameterValue', 'InvalidRegion')):
            return check_result('region', 'fail', 'Region %s does not exist' % region)
        return check_result('region', 'unknown', aws_error_message(exc, 'ec2:DescribeRegions'))
    status = regions[0].get('OptInStatus', 'opt-in-not-required') if regions else None
    if status is None:
        return check_result('region', 'fail', 'Region %s does not exist' % region)
    if status == 'not-opted-in':
        return check_result('region', 'fail', 'Region %s is not enabled for this account (opt-in required)' % region)
    return check_result('region', 'ok', 'Region %s is available (%s)' % (region, status))


def caller_identity(sts):
    """The identity check, with account and arn of the credentials in use."""
    try:
        ident = sts.get_caller_identity()
    except aws_errors() as exc:
        result = check_result('identity', 'fail', aws_error_message(exc, 'sts:GetCallerIdentity'))
        result.update(account=None, arn=None)
        return result
    result = check_result('identity', 'ok', 'Credentials of %s in account %s' % (ident['Arn'], ident['Account']))
    result.update(account=ident['Account'], arn=ident['Arn'])
    return result
