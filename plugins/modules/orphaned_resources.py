#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: orphaned_resources
short_description: Delete the AWS resources a deleted Palette cluster left behind
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Finds the cluster's leftover AWS resources exactly as M(palette.aws.orphaned_resources_info) does and deletes
    them in dependency order - load balancers, NAT gateways (waiting until they are gone), Elastic IPs, network
    interfaces, internet gateways (detached first), subnets, route tables, security groups, VPCs, then volumes when
    O(include_volumes=true) - the manual clean-up the Palette documentation asks for after a force delete.
  - Never touches a resource whose tags do not say the cluster owns it, never deletes a VPC without the cluster's
    C(sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster_name>=owned) tag on the VPC itself, and never deletes
    subnets, route tables or security groups outside such a VPC (users' own VPCs carry C(owned) tags on subnets).
  - By default it first checks in Palette that the cluster is gone, because the resources of a cluster that still
    exists are not orphans.
  - When a resource cannot be deleted the module fails, listing each failure, after deleting everything it could;
    a re-run continues from there.
options:
  cluster_name:
    description:
      - Name of the deleted Palette cluster (the name its AWS resources are tagged with).
      - Must be a valid Palette cluster name (at most 63 lower-case letters, digits and C(-)); no cluster can have
        another, so the module fails rather than report nothing.
    type: str
    required: true
  state:
    description: C(absent) deletes the orphaned resources; it must be given, so a purge is always explicit.
    type: str
    choices: [absent]
    required: true
  include_volumes:
    description:
      - Also delete the cluster's EBS volumes that are C(available) (not attached).
      - Volumes can hold data, so they are kept by default and listed in RV(left_alone).
    type: bool
    default: false
  require_cluster_deleted:
    description:
      - Fail when Palette still has a cluster of this name that is not C(Deleted), in the scope of O(palette_project).
      - Set to V(false) only when Palette cannot be reached and you know the cluster is gone.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait, in total, for NAT gateways to finish deleting and for resources that are still in use by
        ones just deleted.
    type: int
    default: 600
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws
  - palette.aws.attributes
notes:
  - Tags name the cluster only; two clusters with the same name in one AWS account and region cannot be told apart.
  - In check mode nothing is deleted; RV(deleted) lists what would be.
'''

EXAMPLES = r'''
- name: Delete what the force-deleted cluster eks-demo left behind
  palette.aws.orphaned_resources:
    cluster_name: eks-demo
    region: us-east-1
    state: absent

- name: Preview, including the volumes
  palette.aws.orphaned_resources:
    cluster_name: eks-demo
    region: us-east-1
    state: absent
    include_volumes: true
  check_mode: true
  register: preview
'''

RETURN = r'''
resources:
  description: What was found before deleting, by type (see M(palette.aws.orphaned_resources_info)).
  returned: always
  type: dict
  sample: {vpcs: [{id: vpc-0123456789abcdef0, name: eks-demo-vpc, reason: "tag sigs.k8s.io/cluster-api-provider-aws/cluster/eks-demo=owned"}]}
count:
  description: Number of resources found.
  returned: always
  type: int
  sample: 17
deleted:
  description: Ids deleted (in check mode, that would be deleted), by type.
  returned: always
  type: dict
  sample: {vpcs: [vpc-0123456789abcdef0], volumes: []}
failures:
  description: Resources that could not be deleted, by type, each with C(id) and C(error).
  returned: always
  type: dict
  sample: {vpcs: [], subnets: []}
left_alone:
  description: Related resources left alone, each with C(id), C(name) and C(reason).
  returned: always
  type: list
  elements: dict
  sample: [{id: vol-0123456789abcdef0, name: eks-demo-node-0, reason: volumes are kept unless include_volumes}]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.orphans import guard, purge, validate  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            cluster_name=dict(type='str', required=True),
            state=dict(type='str', choices=['absent'], required=True),
            include_volumes=dict(type='bool', default=False),
            require_cluster_deleted=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=600),
        ),
        supports_check_mode=True,
    )
    validate(module)
    guard(module)
    result = purge(module)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
