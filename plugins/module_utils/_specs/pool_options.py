# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""argument_spec sub-options of node pools and Fargate profiles - one definition, used by every module.

``node_pool`` uses ``dict(cluster=..., state=..., **node_pool_options())``; ``aws_palette_cluster`` uses
``node_pools=dict(type='list', elements='dict', options=node_pool_options())``. Sizing and other mutable options
have NO default: an unset option is unmanaged (defaults are applied by the builders, and only on create).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    AMI_TYPES,
    CAPACITY_TYPES,
    TAINT_EFFECTS,
    UPDATE_STRATEGIES,
)

_SUBNET = dict(
    az=dict(type='str', required=True),
    subnet_id=dict(type='str', required=True),
)

NODE_POOL_OPTIONS = dict(
    name=dict(type='str', required=True),
    control_plane=dict(type='bool'),
    count=dict(type='int'),
    min_size=dict(type='int'),
    max_size=dict(type='int'),
    instance_type=dict(type='str'),
    capacity_type=dict(type='str', choices=list(CAPACITY_TYPES)),
    max_price=dict(type='str'),
    azs=dict(type='list', elements='str'),
    subnets=dict(type='list', elements='dict', options=_SUBNET),
    disk_size_gb=dict(type='int'),
    ami_type=dict(type='str', choices=list(AMI_TYPES)),
    ami_id=dict(type='str'),
    labels=dict(type='dict'),
    taints=dict(type='list', elements='dict', options=dict(
        key=dict(type='str', required=True, no_log=False),
        value=dict(type='str'),
        effect=dict(type='str', required=True, choices=list(TAINT_EFFECTS)),
    )),
    additional_tags=dict(type='dict'),
    update_strategy=dict(type='str', choices=list(UPDATE_STRATEGIES)),
    max_surge=dict(type='str'),
    max_unavailable=dict(type='str'),
    node_repave_interval=dict(type='int'),
)

FARGATE_PROFILE_OPTIONS = dict(
    name=dict(type='str', required=True),
    subnets=dict(type='list', elements='str'),
    selectors=dict(type='list', elements='dict', options=dict(
        namespace=dict(type='str', required=True),
        labels=dict(type='dict'),
    )),
    additional_tags=dict(type='dict'),
)


def node_pool_options():
    """A fresh copy of NODE_POOL_OPTIONS (modules may mutate or extend it)."""
    return copy.deepcopy(NODE_POOL_OPTIONS)


def fargate_profile_options():
    """A fresh copy of FARGATE_PROFILE_OPTIONS."""
    return copy.deepcopy(FARGATE_PROFILE_OPTIONS)
