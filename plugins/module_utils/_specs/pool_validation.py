# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Node pool input validation (re-exported by ``node_pool``).

Per option (iterating ``pool_table.ROWS``): does the option apply to this cloud type and pool role, is its value
valid (the row's ``check``), may it change (the row's ``immutable``). Then the rules between options (sizes,
placement, instance and AMI, update strategy, root volume). Every function returns a list of error strings naming
the option path (``node_pools[1].min_size``). ``current`` is the normalised current pool on update, None on create.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._specs import pool_checks
from ansible_collections.palette.aws.plugins.module_utils._specs import subnets as sn
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.options import DEPRECATED_AMI_TYPES, UPDATE_STRATEGIES
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import ROWS

CONTROL_PLANE_SIZES = (1, 3, 5)
EKS_CONTROL_PLANE_POOL = 'cp-pool'
KARPENTER_LABEL = 'spectrocloud.com/managed-by:karpenter'
_WHO = {'eks': 'EKS', 'aws': 'IaaS (cloud_type aws)'}
_ROLE = {'worker': 'worker pools', 'control_plane': 'the control-plane pool'}


def is_karpenter(read_pool):
    """A pool Karpenter owns (REFERENCE.md 11.10): its labels or additionalLabels carry KARPENTER_LABEL."""
    read = read_pool or {}
    labels = [str(label) for label in read.get('labels') or []]
    labels += ['%s:%s' % (k, val) for k, val in (read.get('additionalLabels') or {}).items()]
    return any(KARPENTER_LABEL in label for label in labels)


def _get(mapping, key):
    return (mapping or {}).get(key)


def validate_node_pool(pool, cloud_type, path='', current=None, partial=False):
    """Errors for one pool. ``current`` (normalised) = update: unset options fall back to it.

    ``partial`` (a planned pool, e.g. preflight_info's ``node_pools``): check the options that are set as for a
    new pool, but require none of them (instance type, size, placement).
    """
    required = current is None and not partial
    errors = v.validate_dns1123_label(pool.get('name'), v.join(path, 'name'), 'node pool name')
    control_plane = pool.get('control_plane')
    if control_plane is None:
        control_plane = bool(_get(current, 'control_plane'))
    if cloud_type == 'eks':
        if pool.get('control_plane'):
            errors.append('%s: EKS manages the control plane; remove control_plane (use the cluster option '
                          'control_plane_subnets for its placement)' % v.join(path, 'control_plane'))
        if pool.get('name') == EKS_CONTROL_PLANE_POOL:
            errors.append('%s: "%s" is reserved for the EKS control-plane placement; pick another name'
                          % (v.join(path, 'name'), EKS_CONTROL_PLANE_POOL))
    errors += _validate_rows(pool, cloud_type, bool(control_plane), path)
    if pool.get('control_plane_as_worker') and not (control_plane and cloud_type == 'aws'):
        errors.append('%s: only the control-plane pool of an IaaS (cloud_type aws) cluster can also run workloads; '
                      'remove it' % v.join(path, 'control_plane_as_worker'))
    errors += _validate_sizes(pool, current, cloud_type, bool(control_plane), path, required)
    errors += _validate_instance(pool, cloud_type, control_plane, path, current, required)
    errors += _validate_placement(pool, path, current, required)
    errors += _validate_strategy(pool, path, current)
    errors += _validate_root_volume(pool, path, current)
    return errors


def _validate_rows(pool, cloud_type, control_plane, path):
    """Each set option: applies to this pool, and its value passes the row's check."""
    errors = []
    for row in ROWS:
        value = pool.get(row.key)
        if value is None:
            continue
        where = v.join(path, row.key)
        if cloud_type not in row.clouds:
            errors.append('%s: only %s pools take %s; remove it' % (where, _WHO[row.clouds[0]], row.key))
        elif not row.applies(cloud_type, control_plane):
            errors.append('%s: only %s take %s; remove it' % (where, _ROLE[row.role], row.key))
        if row.check is not None:
            errors += row.check(value, where)
    return errors


def pool_immutable_changes(desired, current):
    """Changes Palette cannot apply to an existing pool: the rows marked immutable (role, EKS AMI type)."""
    errors = []
    for row in ROWS:
        if not row.immutable or desired.get(row.key) is None or current.get(row.key) is None:
            continue
        if row.canon(desired[row.key]) != row.canon(current[row.key]):
            errors.append('node pool %s %s: current %s, requested %s; Palette cannot change it on an existing pool, '
                          'so keep %s or create a new pool instead' % (current.get('name'), row.key, current[row.key],
                                                                       desired[row.key], current[row.key]))
    return errors


def _validate_sizes(pool, current, cloud_type, control_plane, path, required):
    count, low, high = pool.get('count'), pool.get('min_size'), pool.get('max_size')
    errors = []
    for key in ('count', 'min_size', 'max_size'):
        errors += v.validate_range(pool.get(key), 0, 2 ** 31 - 1, v.join(path, key))
    if errors:
        return errors
    if low is not None and high is not None and low > high:
        errors.append('%s: %d is greater than max_size %d; set min_size <= max_size'
                      % (v.join(path, 'min_size'), low, high))
    if count is not None and low is not None and count < low:
        errors.append('%s: %d is below min_size %d; set min_size <= count <= max_size'
                      % (v.join(path, 'count'), count, low))
    if count is not None and high is not None and count > high:
        errors.append('%s: %d is above max_size %d; set min_size <= count <= max_size'
                      % (v.join(path, 'count'), count, high))
    iaas_control_plane = control_plane and cloud_type == 'aws'
    if iaas_control_plane:
        if count is not None and count not in CONTROL_PLANE_SIZES:
            errors.append('%s: a control plane needs 1, 3 or 5 nodes (an odd number keeps etcd quorum); got %d'
                          % (v.join(path, 'count'), count))
        if low is not None or high is not None:
            errors.append('%s: a control-plane pool does not autoscale; remove min_size/max_size and set count'
                          % v.join(path, 'min_size' if low is not None else 'max_size'))
    elif required and count is None and low is None:
        errors.append('%s: count (or min_size) is required to create node pool %r; set the number of nodes'
                      % (v.join(path, 'count'), pool.get('name')))
    if not errors and cloud_type == 'eks' and count is not None:
        _size, new_low, new_high = pool_checks.planned_sizes(pool, current, False, cloud_type)
        if new_high > new_low and count != new_low:
            errors.append('%s: %d, but an autoscaled EKS pool (min_size %d, max_size %d) keeps its size at min_size '
                          'while the autoscaler moves the nodes; set count to %d (or min_size to %d), or leave count '
                          'out' % (v.join(path, 'count'), count, new_low, new_high, new_low, count))
    return errors


def _validate_instance(pool, cloud_type, control_plane, path, current, required=True):
    errors = []
    if required and current is None and not pool.get('instance_type'):
        errors.append('%s: required to create node pool %r; give an EC2 instance type, e.g. t3.large'
                      % (v.join(path, 'instance_type'), pool.get('name')))
    capacity = pool.get('capacity_type') or _get(current, 'capacity_type') or 'on-demand'
    if pool.get('max_price') is not None and capacity != 'spot':
        errors.append('%s: a maximum price applies to spot instances only; set capacity_type: spot or '
                      'remove max_price' % v.join(path, 'max_price'))
    if control_plane and cloud_type == 'aws' and capacity == 'spot':
        errors.append('%s: control-plane nodes run etcd and must not be reclaimed by AWS; use on-demand'
                      % v.join(path, 'capacity_type'))
    if cloud_type == 'eks' and current is None and pool.get('ami_type') in DEPRECATED_AMI_TYPES:
        errors.append('%s: %s is deprecated and disabled for new node pools; use AL2023_x86_64_STANDARD'
                      % (v.join(path, 'ami_type'), pool['ami_type']))
    return errors


def _validate_placement(pool, path, current, required=True):
    azs, subnets = pool.get('azs'), pool.get('subnets')
    errors = []
    if azs and subnets:
        errors.append('%s: give azs (dynamic placement) or subnets (static placement), not both'
                      % v.join(path, 'azs'))
    for index, az in enumerate(azs or []):
        errors += v.validate_az(az, '%s[%d]' % (v.join(path, 'azs'), index))
    for dup in v.duplicates(azs or []):
        errors.append('%s: %s is listed more than once' % (v.join(path, 'azs'), dup))
    errors += v.validate_list_of_dicts(subnets, v.join(path, 'subnets'), ('az', 'subnet_id'))
    # a zone may carry several subnets (public + private), as entries of its own or comma-joined ids (11.1)
    for index, subnet in enumerate(s for s in (subnets or []) if isinstance(s, dict)):
        where = '%s[%d]' % (v.join(path, 'subnets'), index)
        errors += v.validate_az(subnet.get('az'), v.join(where, 'az')) if subnet.get('az') else []
        for _az, subnet_id in sn.subnet_pairs([subnet]) or [(None, subnet.get('subnet_id'))]:
            errors += v.validate_aws_id(subnet_id, 'subnet', v.join(where, 'subnet_id'))
    if required and current is None and not azs and not subnets:
        errors.append('%s: give azs (dynamic placement) or subnets (static placement, with vpc_id) to create '
                      'node pool %r' % (v.join(path, 'azs'), pool.get('name')))
    elif current is not None and azs and current.get('subnets'):
        errors.append('%s: node pool %r uses static placement (subnets); give subnets, not azs'
                      % (v.join(path, 'azs'), pool.get('name')))
    elif current is not None and subnets and not current.get('subnets'):
        errors.append('%s: node pool %r uses dynamic placement (azs); give azs, not subnets'
                      % (v.join(path, 'subnets'), pool.get('name')))
    return errors


_IOPS = {'gp3': (3000, 16000), 'io1': (100, 64000), 'io2': (100, 256000)}


def _validate_root_volume(pool, path, current):
    """IOPS and throughput exist only for some EBS volume types (AWS EBS limits)."""
    vtype = pool.get('root_volume_type') or _get(current, 'root_volume_type')
    errors = []
    iops, throughput = pool.get('root_volume_iops'), pool.get('root_volume_throughput')
    if iops is not None:
        if vtype not in _IOPS:
            errors.append('%s: IOPS are provisioned only on gp3, io1 and io2 volumes; set root_volume_type to one '
                          'of them or remove root_volume_iops' % v.join(path, 'root_volume_iops'))
        else:
            errors += v.validate_range(iops, _IOPS[vtype][0], _IOPS[vtype][1], v.join(path, 'root_volume_iops'))
    elif vtype in ('io1', 'io2') and pool.get('root_volume_type') and not _get(current, 'root_volume_iops'):
        errors.append('%s: %s volumes need provisioned IOPS; set root_volume_iops'
                      % (v.join(path, 'root_volume_iops'), vtype))
    if throughput is not None and vtype != 'gp3':
        errors.append('%s: throughput is provisioned only on gp3 volumes; set root_volume_type: gp3 or remove '
                      'root_volume_throughput' % v.join(path, 'root_volume_throughput'))
    return errors


def validate_pool_placement(pool, static, region, path=''):
    """Pool placement against the cluster's: static (vpc_id) needs subnets, dynamic needs azs, zones in region."""
    errors = []
    if static and pool.get('azs'):
        errors.append('%s: the cluster uses static placement (vpc_id); give subnets (az, subnet_id) instead of azs'
                      % v.join(path, 'azs'))
    if static is False and pool.get('subnets'):
        errors.append('%s: the cluster uses dynamic placement (no vpc_id); give azs, or set vpc_id for static '
                      'placement' % v.join(path, 'subnets'))
    zones = [('azs', z) for z in pool.get('azs') or []]
    zones += [('subnets', s.get('az')) for s in pool.get('subnets') or [] if isinstance(s, dict)]
    for key, zone in zones:
        if region and isinstance(zone, str) and not zone.startswith(region):
            errors.append('%s: availability zone %s is not in region %s; pick a zone of %s'
                          % (v.join(path, key), zone, region, region))
    return errors


def validate_pool_for_cluster(pool, cluster, path=''):
    """Errors for one pool of an existing cluster (``cluster`` = ``cluster.normalise_cluster`` result).

    For the ``node_pool`` module: the pool is checked against the current pool of the same name (update)
    or as a new pool, against the cluster's placement and region, and an IaaS cluster keeps one control plane.
    """
    cloud_type = cluster.get('cloud_type')
    pools = cluster.get('node_pools') or []
    current = next((p for p in pools if p.get('name') == pool.get('name')), None)
    errors = validate_node_pool(pool, cloud_type, path, current=current)
    if current:
        errors += pool_immutable_changes(pool, current)
    errors += validate_pool_placement(pool, bool(cluster.get('vpc_id')), cluster.get('region'), path)
    if cloud_type == 'aws' and current is None and pool.get('control_plane'):
        others = [p.get('name') for p in pools if p.get('control_plane')]
        if others:
            errors.append('%s: the cluster already has control-plane pool %s; an IaaS cluster has exactly one'
                          % (v.join(path, 'control_plane'), others[0]))
    return errors


def _validate_strategy(pool, path, current):
    strategy = pool.get('update_strategy') or _get(current, 'update_strategy') or 'RollingUpdateScaleOut'
    errors = v.validate_choice(pool.get('update_strategy'), UPDATE_STRATEGIES, v.join(path, 'update_strategy'))
    for key in ('max_surge', 'max_unavailable'):
        if pool.get(key) is not None:
            errors += v.validate_int_or_percent(pool[key], v.join(path, key))
            if strategy != 'OverrideScaling':
                errors.append('%s: only used with update_strategy: OverrideScaling; set it or remove %s'
                              % (v.join(path, key), key))
    if strategy == 'OverrideScaling':
        surge = pool.get('max_surge') if pool.get('max_surge') is not None else _get(current, 'max_surge')
        unavailable = pool.get('max_unavailable')
        if unavailable is None:
            unavailable = _get(current, 'max_unavailable')
        for key, value in (('max_surge', surge), ('max_unavailable', unavailable)):
            if value is None:
                errors.append('%s: OverrideScaling needs both max_surge and max_unavailable; set %s'
                              % (v.join(path, key), key))
        if surge is not None and unavailable is not None and surge.rstrip('%') in ('0', '') \
                and unavailable.rstrip('%') in ('0', ''):
            errors.append('%s: max_surge and max_unavailable cannot both be 0; the update could never progress'
                          % v.join(path, 'max_surge'))
    return errors
