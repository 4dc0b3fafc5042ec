# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machine (node) pools: request bodies, read normalisation and comparison, all by iterating ``pool_table.ROWS``.

Option-shaped dicts use the row keys. ``None`` means "not set" (unmanaged). Bodies are
``v1EksMachinePoolConfigEntity`` / ``v1AwsMachinePoolConfigEntity``; reads are the FLAT ``v1EksMachinePoolConfig`` /
``v1AwsMachinePoolConfig``. An update body starts from the read pool (REFERENCE.md 11.8: fields newer than our
spec survive) and changes only the rows. Defaults (row ``default``) apply on create only; sizes: see
``pool_checks.planned_sizes``. Validators live in ``pool_validation`` and are re-exported here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs import pool_checks
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import DEFAULT_AMI_TYPE, KEYS, ROWS
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_validation import (
    CONTROL_PLANE_SIZES,
    EKS_CONTROL_PLANE_POOL,
    KARPENTER_LABEL,
    is_karpenter,
    pool_immutable_changes,
    validate_node_pool,
    validate_pool_for_cluster,
    validate_pool_placement,
)

# the validators live in pool_validation and are re-exported here
__all__ = ['CONTROL_PLANE_SIZES', 'DEFAULT_AMI_TYPE', 'EKS_CONTROL_PLANE_POOL', 'KARPENTER_LABEL',
           'build_pool_entity', 'entity_to_read', 'is_karpenter', 'normalise_pool', 'pool_differences',
           'pool_immutable_changes', 'validate_node_pool', 'validate_pool_for_cluster', 'validate_pool_placement']

DEFAULT_SPOT_MAX_PRICE = '0.0'
# read keys that belong to the request's cloudConfig (the rest goes to poolConfig, unknown newer fields too)
_CLOUD_KEYS = {
    'eks': ('amiType', 'awsLaunchTemplate', 'azs', 'capacityType', 'enableAwsLaunchTemplate', 'instanceType',
            'rootDeviceSize', 'spotMarketOptions'),
    'aws': ('additionalSecurityGroups', 'azs', 'capacityType', 'hostResourceGroupArn', 'instanceType',
            'licenseConfigurationArns', 'rootDeviceSize', 'spotMarketOptions'),
}
_READ_ONLY = ('instanceConfig', 'subnetIds')


# ------------------------------------------------------------------------------------------------- build

def build_pool_entity(pool, cloud_type, current=None, current_read=None):
    """``{"cloudConfig", "poolConfig"}`` for POST (nothing current) or a full PUT built from ``current_read``.

    On update every unset option keeps its current value and every field the table does not manage is sent
    back as read. Sizes on update: see ``pool_checks.planned_sizes``.
    """
    if current is None and current_read is not None:
        current = normalise_pool(current_read, cloud_type)
    eff = effective_pool(pool, current, cloud_type)
    entity = entity_from_read(current_read, cloud_type) if current_read else {'cloudConfig': {}, 'poolConfig': {}}
    control_plane = bool(eff.get('control_plane'))
    for row in ROWS:
        if row.applies(cloud_type, control_plane):
            row.put(entity, eff.get(row.key), cloud_type)
    cloud = entity['cloudConfig']
    if cloud_type == 'eks' and cloud.get('awsLaunchTemplate'):
        cloud['enableAwsLaunchTemplate'] = True
    return entity


def entity_from_read(read, cloud_type):
    """The request entity of a flat read pool, every field kept (known or not) except the read-only ones."""
    cloud_keys = _CLOUD_KEYS[cloud_type]
    entity = {'cloudConfig': {}, 'poolConfig': {}}
    for key, value in (read or {}).items():
        if key in _READ_ONLY or value is None:
            continue
        entity['cloudConfig' if key in cloud_keys else 'poolConfig'][key] = copy.deepcopy(value)
    return entity


def effective_pool(pool, current, cloud_type):
    """Option-shaped pool after the change: current values, overlaid with the set options, create defaults and
    the rules between options (spot price, override-scaling fields, placement, sizes)."""
    eff = copy.deepcopy(current) if current else {}
    for key in KEYS:
        if pool.get(key) is not None:
            eff[key] = copy.deepcopy(pool[key])
    if pool.get('azs'):
        eff['subnets'] = None
    if pool.get('subnets'):
        eff['azs'] = None
    if current is None:
        control_plane = bool(eff.get('control_plane'))
        for row in ROWS:
            if eff.get(row.key) is None and row.default is not None and row.applies(cloud_type, control_plane):
                eff[row.key] = row.default(eff, cloud_type) if callable(row.default) else row.default
    control_plane = bool(eff.get('control_plane')) and cloud_type == 'aws'
    eff['count'], eff['min_size'], eff['max_size'] = pool_checks.planned_sizes(pool, current, control_plane,
                                                                               cloud_type)
    _derive(eff)
    if eff.get('capacity_type') == 'spot' and eff.get('max_price') is None:
        eff['max_price'] = DEFAULT_SPOT_MAX_PRICE
    return eff


def _derive(opts):
    """Options that only mean something with another one: cleared otherwise."""
    if opts.get('capacity_type') != 'spot':
        opts['max_price'] = None
    if opts.get('update_strategy') != 'OverrideScaling':
        opts['max_surge'] = opts['max_unavailable'] = None
    return opts


def entity_to_read(entity):
    """A request entity ``{cloudConfig, poolConfig}`` as the flat read shape (the predicted read)."""
    flat = dict(copy.deepcopy(entity.get('cloudConfig') or {}))
    flat.update(copy.deepcopy(entity.get('poolConfig') or {}))
    subnets = flat.pop('subnets', None) or []
    flat['subnetIds'] = dict((s.get('az'), s.get('id')) for s in subnets)
    return flat


# ------------------------------------------------------------------------------------------------- read

def normalise_pool(read_pool, cloud_type):
    """Option-shaped dict of a flat read pool; options that do not apply to the pool are None."""
    read = read_pool or {}
    control_plane = bool(read.get('isControlPlane'))
    out = dict((row.key, row.get(read, cloud_type) if row.applies(cloud_type, control_plane) else None)
               for row in ROWS)
    if not out['azs'] and out['subnets']:
        out['azs'] = sorted(set(s['az'] for s in out['subnets']))
    return _derive(out)


def is_autoscaled(opts):
    low, high = opts.get('min_size'), opts.get('max_size')
    return low is not None and high is not None and high > low


def pool_differences(desired, current, cloud_type=None):
    """``{option: (current, desired)}`` for each option the user set that differs from ``current``.

    On an EKS pool the user declares autoscaled (min_size < max_size) Palette keeps size = min_size while the
    autoscaler moves the nodes (REFERENCE.md 11.3): its ``count`` is not compared with the read size (validation
    made it equal to min_size, which is compared). A pool declared by ``count`` alone keeps its count compared.
    """
    out = {}
    autoscaled_eks = cloud_type == 'eks' and is_autoscaled(desired)
    for row in ROWS:
        if row.key == 'name' or desired.get(row.key) is None:
            continue
        if row.key == 'count' and autoscaled_eks:
            continue
        have, want = row.canon(current.get(row.key)), row.canon(desired[row.key])
        if have != want:
            out[row.key] = (current.get(row.key), desired[row.key])
    return out
