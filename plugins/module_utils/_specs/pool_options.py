# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""argument_spec sub-options of node pools and Fargate profiles, derived from their tables; used by every module.

``node_pool`` uses ``dict(cluster=..., state=..., **node_pool_options())``; ``aws_palette_cluster`` uses
``node_pools=dict(type='list', elements='dict', options=node_pool_options())``. Sizing and other mutable options
have NO default: an unset option is unmanaged (defaults are applied by the builders, and only on create).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs.fargate_table import FARGATE_ROWS
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import ROWS

# derived from the tables: one row per option (pool_table, fargate_table)
NODE_POOL_OPTIONS = dict((row.key, row.arg) for row in ROWS)
FARGATE_PROFILE_OPTIONS = dict((row.key, row.arg) for row in FARGATE_ROWS)


def node_pool_options():
    """A fresh copy of NODE_POOL_OPTIONS (modules may mutate or extend it)."""
    return copy.deepcopy(NODE_POOL_OPTIONS)


def fargate_profile_options():
    """A fresh copy of FARGATE_PROFILE_OPTIONS."""
    return copy.deepcopy(FARGATE_PROFILE_OPTIONS)
