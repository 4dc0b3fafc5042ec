# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machine (node) pools: request bodies and read normalisation (validators: ``pool_validation``, re-exported).

Option-shaped dicts use the names of ``options.NODE_POOL_OPTIONS``. ``None`` means "not set" (unmanaged).
Bodies are ``v1EksMachinePoolConfigEntity`` / ``v1AwsMachinePoolConfigEntity``; reads are the FLAT
``v1EksMachinePoolConfig`` / ``v1AwsMachinePoolConfig``.

Defaults, applied only when a pool is created (``current is None``): capacity_type ``on-demand``,
update_strategy ``RollingUpdateScaleOut``, EKS ami_type ``AL2023_x86_64_STANDARD`` (unless ami_id),
EKS disk_size_gb 60 (the docs' default), spot max_price ``"0.0"`` (what Terraform sends), IaaS worker
skipK8sUpgrade ``disabled``; size = count, else min_size; min_size/max_size default to the size; an IaaS
control-plane pool defaults to 1 node and always has min = max = size (it does not autoscale).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._api.diff import option_differences
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import NODE_POOL_OPTIONS
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_validation import (
    CONTROL_PLANE_SIZES,
    EKS_CONTROL_PLANE_POOL,
    pool_immutable_changes,
    validate_node_pool,
    validate_pool_for_cluster,
    validate_pool_placement,
)

# the validators live in pool_validation and are re-exported here
__all__ = ['CONTROL_PLANE_SIZES', 'EKS_CONTROL_PLANE_POOL', 'MANAGED_OPTIONS', 'build_pool_entity', 'normalise_pool',
           'pool_differences', 'pool_immutable_changes', 'validate_node_pool', 'validate_pool_for_cluster',
           'validate_pool_placement']

DEFAULT_AMI_TYPE = 'AL2023_x86_64_STANDARD'
DEFAULT_EKS_DISK_GB = 60
DEFAULT_SPOT_MAX_PRICE = '0.0'
MANAGED_OPTIONS = tuple(k for k in NODE_POOL_OPTIONS if k != 'name')
# read fields we do not manage but must send back on a full PUT, or Palette would drop them
_KEEP_POOL = ('additionalAnnotations', 'machinePoolProperties', 'overrideKubeadmConfiguration',
              'useControlPlaneAsWorker', 'skipK8sUpgrade')
_KEEP_CLOUD = {'aws': ('additionalSecurityGroups', 'hostResourceGroupArn', 'licenseConfigurationArns'),
               'eks': ('awsLaunchTemplate', 'enableAwsLaunchTemplate')}


# ------------------------------------------------------------------------------------------------- build

def build_pool_entity(pool, cloud_type, current=None, current_read=None):
    """``{"cloudConfig", "poolConfig"}`` for POST (``current`` None) or a full PUT.

    On update every unset option keeps the value of ``current`` (the normalised current pool); pass
    ``current_read`` (the raw read pool) too so fields this collection does not manage are sent back.
    Sizes on update: ``count`` unset keeps the current size clamped into the new min/max; ``count`` set
    on a fixed pool (min == max == size) moves min and max with it, else widens them to include it.
    """
    if current is None and current_read is not None:
        current = normalise_pool(current_read, cloud_type)
    eff = _effective(pool, current, cloud_type)
    body = {'cloudConfig': _cloud_config(eff, cloud_type), 'poolConfig': _pool_config(eff)}
    if current is None and cloud_type == 'aws' and not eff.get('control_plane'):
        body['poolConfig']['skipK8sUpgrade'] = 'disabled'  # Terraform's default for IaaS worker pools
    if current_read:
        _keep_unmanaged(body, eff, current_read, cloud_type)
    return body


def _effective(pool, current, cloud_type):
    eff = copy.deepcopy(current) if current else {}
    for key in NODE_POOL_OPTIONS:
        if pool.get(key) is not None:
            eff[key] = copy.deepcopy(pool[key])
    if pool.get('azs'):
        eff['subnets'] = None
    if pool.get('subnets'):
        eff['azs'] = None
    if current is None:
        eff.setdefault('capacity_type', 'on-demand')
        eff.setdefault('update_strategy', 'RollingUpdateScaleOut')
        if cloud_type == 'eks':
            eff.setdefault('disk_size_gb', DEFAULT_EKS_DISK_GB)
            if not eff.get('ami_id'):
                eff.setdefault('ami_type', DEFAULT_AMI_TYPE)
    if pool.get('ami_id'):
        eff['ami_type'] = None
    control_plane = bool(eff.get('control_plane')) and cloud_type == 'aws'
    eff['count'], eff['min_size'], eff['max_size'] = _sizes(pool, current, control_plane)
    if eff.get('capacity_type') != 'spot':
        eff['max_price'] = None
    elif eff.get('max_price') is None:
        eff['max_price'] = DEFAULT_SPOT_MAX_PRICE
    if eff.get('update_strategy') != 'OverrideScaling':
        eff['max_surge'] = eff['max_unavailable'] = None
    return eff


def _sizes(pool, current, control_plane):
    count, low, high = pool.get('count'), pool.get('min_size'), pool.get('max_size')
    if control_plane:
        size = count if count is not None else ((current or {}).get('count') or 1)
        return size, size, size
    if current is None:
        size = count if count is not None else (low or 0)
        low = size if low is None else low
        return size, low, max(size, low) if high is None else high
    size = current.get('count') or 0
    cur_low = current.get('min_size') if current.get('min_size') is not None else size
    cur_high = current.get('max_size') if current.get('max_size') is not None else size
    new_low = cur_low if low is None else low
    new_high = cur_high if high is None else high
    if count is not None:
        if low is None and high is None and cur_low == cur_high == size:
            return count, count, count
        size = count
        new_low = min(new_low, count) if low is None else new_low
        new_high = max(new_high, count) if high is None else new_high
    if new_low > new_high:  # only one bound was given and it crossed the other one
        new_high, new_low = (new_low, new_low) if high is None else (new_high, new_high)
    return min(max(size, new_low), new_high), new_low, new_high


def _cloud_config(eff, cloud_type):
    cfg = {}
    if eff.get('instance_type'):
        cfg['instanceType'] = eff['instance_type']
    if cloud_type == 'eks':
        if eff.get('ami_type'):
            cfg['amiType'] = eff['ami_type']
        if eff.get('ami_id'):
            cfg['enableAwsLaunchTemplate'] = True
            cfg['awsLaunchTemplate'] = {'ami': {'id': eff['ami_id']}}
    cfg['capacityType'] = eff.get('capacity_type') or 'on-demand'
    if cfg['capacityType'] == 'spot':
        cfg['spotMarketOptions'] = {'maxPrice': eff['max_price']}
    if eff.get('disk_size_gb') is not None:
        cfg['rootDeviceSize'] = eff['disk_size_gb']
    # sorted, so a PUT rebuilt from the read equals the create body
    if eff.get('subnets'):
        subnets = sorted(eff['subnets'], key=lambda s: s['az'])
        cfg['azs'] = [s['az'] for s in subnets]
        cfg['subnets'] = [{'az': s['az'], 'id': s['subnet_id']} for s in subnets]
    elif eff.get('azs'):
        cfg['azs'] = sorted(eff['azs'])
    return cfg


def _pool_config(eff):
    control_plane = bool(eff.get('control_plane'))
    strategy = {'type': eff.get('update_strategy') or 'RollingUpdateScaleOut'}
    if strategy['type'] == 'OverrideScaling':
        strategy.update(maxSurge=eff['max_surge'], maxUnavailable=eff['max_unavailable'])
    cfg = {
        'name': eff['name'],
        'isControlPlane': control_plane,
        'labels': ['control-plane' if control_plane else 'worker'],
        'size': eff['count'],
        'minSize': eff['min_size'],
        'maxSize': eff['max_size'],
        'additionalLabels': _str_map(eff.get('labels')),
        'additionalTags': _str_map(eff.get('additional_tags')),
        'taints': [_taint_body(t) for t in _canon_taints(eff.get('taints'))],
        'useControlPlaneAsWorker': False,
        'updateStrategy': strategy,
    }
    if eff.get('node_repave_interval') is not None:
        cfg['nodeRepaveInterval'] = eff['node_repave_interval']
    return cfg


def _taint_body(taint):
    return {'key': taint['key'], 'value': '' if taint.get('value') is None else str(taint['value']),
            'effect': taint['effect']}


def _str_map(mapping):
    return dict((str(k), '' if val is None else str(val)) for k, val in (mapping or {}).items())


def _keep_unmanaged(body, eff, read, cloud_type):
    for key in _KEEP_POOL:
        if read.get(key) is not None:
            body['poolConfig'][key] = copy.deepcopy(read[key])
    for key in _KEEP_CLOUD.get(cloud_type, ()):
        if read.get(key) is not None and key not in body['cloudConfig']:
            body['cloudConfig'][key] = copy.deepcopy(read[key])
    if cloud_type == 'eks' and eff.get('ami_id') and read.get('awsLaunchTemplate'):
        # keep the rest of the launch template (root volume, security groups), change only the AMI
        template = copy.deepcopy(read['awsLaunchTemplate'])
        template.setdefault('ami', {})['id'] = eff['ami_id']
        body['cloudConfig']['awsLaunchTemplate'] = template


# ------------------------------------------------------------------------------------------------- read

def normalise_pool(read_pool, cloud_type):
    """Option-shaped dict from a flat read pool (``v1EksMachinePoolConfig`` / ``v1AwsMachinePoolConfig``)."""
    read = read_pool or {}
    strategy = read.get('updateStrategy') or {}
    capacity = read.get('capacityType') or 'on-demand'
    subnets = [{'az': az, 'subnet_id': sid} for az, sid in sorted((read.get('subnetIds') or {}).items())]
    template = read.get('awsLaunchTemplate') or {}
    override = strategy.get('type') == 'OverrideScaling'
    return {
        'name': read.get('name'),
        'control_plane': bool(read.get('isControlPlane')),
        'count': read.get('size'),
        'min_size': read.get('minSize'),
        'max_size': read.get('maxSize'),
        'instance_type': read.get('instanceType') or None,
        'capacity_type': capacity,
        'max_price': (read.get('spotMarketOptions') or {}).get('maxPrice') if capacity == 'spot' else None,
        'azs': sorted(read.get('azs') or [s['az'] for s in subnets]),
        'subnets': subnets,
        'disk_size_gb': read.get('rootDeviceSize') or None,
        'ami_type': (read.get('amiType') or None) if cloud_type == 'eks' else None,
        'ami_id': (template.get('ami') or {}).get('id') if read.get('enableAwsLaunchTemplate') else None,
        'labels': _str_map(read.get('additionalLabels')),
        'taints': _canon_taints(read.get('taints')),
        'additional_tags': _str_map(read.get('additionalTags')),
        'update_strategy': strategy.get('type') or 'RollingUpdateScaleOut',
        'max_surge': strategy.get('maxSurge') if override else None,
        'max_unavailable': strategy.get('maxUnavailable') if override else None,
        'node_repave_interval': read.get('nodeRepaveInterval'),
    }


def _canon_taints(taints):
    out = [{'key': t.get('key'), 'value': t.get('value') or '', 'effect': t.get('effect')} for t in taints or []]
    return sorted(out, key=lambda t: (t['key'] or '', t['effect'] or '', t['value']))


def _canon(key, value):
    if key in ('labels', 'additional_tags'):
        return _str_map(value)
    if key == 'taints':
        return _canon_taints(value)
    if key == 'subnets':
        return sorted((s.get('az'), s.get('subnet_id')) for s in value or [])
    if key == 'azs':
        return sorted(value or [])
    if key == 'control_plane':
        return bool(value)
    return value


def pool_differences(desired, current):
    """``{option: (current, desired)}`` for each option the user set that differs from ``current``."""
    return option_differences(desired, current, MANAGED_OPTIONS, _canon)
