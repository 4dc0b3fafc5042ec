# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster config of ``aws_palette_cluster`` (cloud config + endpoint options): one row per option.

A row gives the option's argument_spec entry, the cloud types it applies to, how the current value is read (the
key of the normalised cluster) and compared (``canon``), whether Palette can change it in place, how it goes into
the create entity's ``cloudConfig`` and, for in-place options, how it changes the ``clusterConfig`` of the day-2
``PUT .../clusterConfig``. The immutable guard, the day-2 differences, the PUT body and the create cloud config
iterate ``ROWS``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs.options import ENDPOINT_ACCESS, LOAD_BALANCER_SCHEMES
from ansible_collections.palette.aws.plugins.module_utils._specs.subnets import subnet_pairs

LB_SCHEME = {'internet-facing': 'Internet-facing', 'internal': 'internal'}
BOTH = ('eks', 'aws')


def endpoint_flags(mode):
    """``endpoint_access`` -> (public, private) booleans of ``endpointAccess``."""
    return mode in ('public', 'private_and_public'), mode in ('private', 'private_and_public')


class ConfigOption:
    """One row: ``create(cfg, value, params)`` fills the create ``cloudConfig``; ``apply(cfg, value)`` (in-place
    options only) changes the read ``clusterConfig`` for the day-2 PUT; ``canon`` makes values comparable."""

    def __init__(self, key, options, cloud_types=BOTH, immutable=True, canon=None, create=None, apply=None,
                 current=None):
        self.key = key
        self.options = options
        self.cloud_types = cloud_types
        self.immutable = immutable
        self.canon = canon or (lambda value: value)
        self.create = create
        self.apply = apply
        self.current = current or (lambda view: view.get(key))


def _set(field):
    def create(cfg, value, params):
        if value:
            cfg[field] = value
    return create


def _endpoint_access(cfg, value, params):
    public, private = endpoint_flags(value or 'public')
    cfg.setdefault('endpointAccess', {}).update(public=public, private=private)


def _cidrs(field):
    def apply(cfg, value, params=None):
        cfg.setdefault('endpointAccess', {})[field] = list(value or [])
    return apply


def _encryption(cfg, value, params):
    if value:
        cfg['encryptionConfig'] = {'isEnabled': True, 'provider': value}


def _sorted(value):
    return sorted(value or [])


ROWS = (
    ConfigOption('region', dict(type='str', aliases=['aws_region']), create=_set('region')),
    ConfigOption('vpc_id', dict(type='str'), create=_set('vpcId')),
    ConfigOption('ssh_key_name', dict(type='str', no_log=False), create=_set('sshKeyName')),
    ConfigOption('endpoint_access', dict(type='str', choices=list(ENDPOINT_ACCESS)), cloud_types=('eks',),
                 create=_endpoint_access),
    ConfigOption('public_access_cidrs', dict(type='list', elements='str'), cloud_types=('eks',), immutable=False,
                 canon=_sorted, create=_cidrs('publicCIDRs'), apply=_cidrs('publicCIDRs')),
    ConfigOption('private_access_cidrs', dict(type='list', elements='str'), cloud_types=('eks',), immutable=False,
                 canon=_sorted, create=_cidrs('privateCIDRs'), apply=_cidrs('privateCIDRs')),
    ConfigOption('control_plane_load_balancer', dict(type='str', choices=list(LOAD_BALANCER_SCHEMES)),
                 cloud_types=('aws',),
                 create=lambda cfg, value, params: cfg.update(controlPlaneLoadBalancer=LB_SCHEME[value or 'internet-facing'])),
    # secrets encryption is chosen at creation (REFERENCE.md 11.2): enabling it later is a change of this option too
    ConfigOption('encryption_kms_key_arn', dict(type='str', no_log=False), cloud_types=('eks',), create=_encryption,
                 current=lambda view: (view.get('encryption') or {}).get('kms_key_arn')),
    # subnets compare as sets of (zone, subnet) pairs (REFERENCE.md 11.1); the create puts them on the EKS cp-pool
    ConfigOption('control_plane_subnets', dict(type='list', elements='dict', options=dict(
        az=dict(type='str', required=True), subnet_id=dict(type='str', required=True))), cloud_types=('eks',),
        canon=subnet_pairs),
    ConfigOption('update_worker_pools_in_parallel', dict(type='bool')),
)


def argument_spec():
    return dict((row.key, copy.deepcopy(row.options)) for row in ROWS)


def _given(params, row):
    return params.get(row.key) not in (None, '')


def create_cloud_config(params, cloud_type):
    """The create entity's ``cloudConfig``: every row of the cloud type (EKS bastion disabled, as Terraform)."""
    cfg = {'bastionDisabled': True} if cloud_type == 'eks' else {}
    for row in ROWS:
        if row.create and cloud_type in row.cloud_types:
            row.create(cfg, params.get(row.key), params)
    return cfg


def immutable_changes(params, current):
    """``["option: current X, requested Y", ...]`` for what Palette cannot change on an existing cluster."""
    changes = []
    if params.get('cloud_type') and params['cloud_type'] != current.get('cloud_type'):
        changes.append('cloud_type: current %s, requested %s' % (current.get('cloud_type'), params['cloud_type']))
    for row in ROWS:
        if row.immutable and _given(params, row):
            have, want = row.current(current), params[row.key]
            if row.canon(want) != row.canon(have):
                changes.append('%s: current %s, requested %s' % (row.key, row.canon(have), row.canon(want)))
    return changes


def differences(params, current):
    """Day-2 in-place changes: ``{option: (current, desired)}``."""
    diffs = {}
    for row in ROWS:
        if row.apply and params.get(row.key) is not None and current.get('cloud_type') in row.cloud_types:
            have, want = row.current(current), params[row.key]
            if row.canon(want) != row.canon(have):
                diffs[row.key] = (have, want)
    return diffs


def build_update(params, read):
    """``v1EksCloudClusterConfigEntity`` / ``v1AwsCloudClusterConfigEntity`` for ``PUT .../clusterConfig``.

    Built from what was read (the cloud config or its ``spec.clusterConfig``): every field is sent back as read,
    including fields newer than our spec (``overrideClusterAPIConfig``, ...), and only the in-place options the
    user set change (REFERENCE.md 11.8).
    """
    if read and 'spec' in read:
        read = read['spec'].get('clusterConfig')
    cfg = dict((k, copy.deepcopy(val)) for k, val in (read or {}).items() if val is not None)
    for row in ROWS:
        if row.apply and params.get(row.key) is not None:
            row.apply(cfg, params[row.key])
    return {'clusterConfig': cfg}
