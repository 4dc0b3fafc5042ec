# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""argument_spec sub-options shared by several modules - one definition, used everywhere.

``node_pool`` uses ``dict(cluster=..., state=..., **node_pool_options())``; ``aws_palette_cluster`` uses
``node_pools=dict(type='list', elements='dict', options=node_pool_options())`` and the same for
Fargate profiles; the settings' sub-options here are used by the rows of ``settings_table``. Sizing and other mutable options have NO default: an unset option
is unmanaged (defaults are applied by the builders, and only on create).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CAPACITY_TYPES = ('on-demand', 'spot')
TAINT_EFFECTS = ('NoSchedule', 'PreferNoSchedule', 'NoExecute')
UPDATE_STRATEGIES = ('RollingUpdateScaleOut', 'RollingUpdateScaleIn', 'OverrideScaling')
# Terraform provider's list; the spec says AL2 types are disabled for new pools (kept to manage old ones).
AMI_TYPES = ('AL2023_x86_64_STANDARD', 'AL2023_x86_64_NEURON', 'AL2023_x86_64_NVIDIA', 'AL2_x86_64', 'AL2_x86_64_GPU')
DEPRECATED_AMI_TYPES = ('AL2_x86_64', 'AL2_x86_64_GPU')
ENDPOINT_ACCESS = ('public', 'private', 'private_and_public')
LOAD_BALANCER_SCHEMES = ('internet-facing', 'internal')
CLUSTER_RESOURCE_MODES = ('Always', 'Auto', 'Never')
SUBJECT_TYPES = ('User', 'Group', 'ServiceAccount')
ROLE_KINDS = ('Role', 'ClusterRole')
# The cluster states Palette reports (status.state; REFERENCE.md section 5), for filters such as ``states``.
CLUSTER_STATES = ('Pending', 'Provisioning', 'Running', 'Deleting', 'Deleted', 'Importing', 'Unknown')

OS_PATCH_OPTIONS = dict(
    schedule=dict(type='str'),
    patch_on_boot=dict(type='bool'),
    reboot_if_required=dict(type='bool'),
    patch_after=dict(type='str'),
)

BACKUP_OPTIONS = dict(
    location=dict(type='str'),
    prefix=dict(type='str'),
    schedule=dict(type='str'),
    expiry_hours=dict(type='int'),
    include_all_disks=dict(type='bool'),
    include_cluster_resources=dict(type='str', choices=list(CLUSTER_RESOURCE_MODES)),
    namespaces=dict(type='list', elements='str'),
)

SCAN_OPTIONS = dict(
    configuration_scan_schedule=dict(type='str'),
    penetration_scan_schedule=dict(type='str'),
    conformance_scan_schedule=dict(type='str'),
)

_RBAC_SUBJECT = dict(
    type=dict(type='str', required=True, choices=list(SUBJECT_TYPES)),
    name=dict(type='str', required=True),
    namespace=dict(type='str'),
)

RBAC_OPTIONS = dict(
    cluster_role_bindings=dict(type='list', elements='dict', options=dict(
        role=dict(type='str', required=True),
        subjects=dict(type='list', elements='dict', required=True, options=_RBAC_SUBJECT),
    )),
    role_bindings=dict(type='list', elements='dict', options=dict(
        namespace=dict(type='str', required=True),
        role=dict(type='str', required=True),
        role_kind=dict(type='str', choices=list(ROLE_KINDS)),
        subjects=dict(type='list', elements='dict', required=True, options=_RBAC_SUBJECT),
    )),
)
