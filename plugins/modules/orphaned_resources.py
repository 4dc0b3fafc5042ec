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
    C(sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster>=owned) tag on the VPC itself, and never deletes
    subnets, route tables or security groups outside such a VPC (users' own VPCs carry C(owned) tags on subnets).
  - By default it first proves in Palette that the cluster is gone, because the resources of a cluster that still
    exists are not orphans. It searches for the cluster in every project the API key can see (each one with its own
    project scope, whatever O(palette_project) says) and in the tenant scope; RV(cluster_search) says where it looked.
    A search that fails, or answers with an empty body or an unexpected shape, proves nothing, so the module fails
    without deleting anything.
  - When a resource cannot be deleted the module fails, listing each failure, after deleting everything it could;
    a re-run continues from there.
options:
  cluster:
    description:
      - Name of the deleted Palette cluster (the name its AWS resources are tagged with).
      - The old name C(cluster_name) is kept as an alias.
      - Must be a valid Palette cluster name (at most 63 lower-case letters, digits and C(-)); no cluster can have
        another, so the module fails rather than report nothing.
    type: str
    required: true
    aliases: [cluster_name]
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
      - Fail when Palette still has a cluster of this name that is not C(Deleted), in any project the API key can see
        or in the tenant scope, or when that cannot be established.
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
seealso:
  - module: palette.aws.orphaned_resources_info
  - module: palette.aws.aws_palette_cluster
  - name: Palette docs, force delete a cluster
    description: The manual clean-up this module automates.
    link: https://docs.spectrocloud.com/clusters/cluster-management/remove-clusters/
notes:
  - Tags name the cluster only; two clusters with the same name in one AWS account and region cannot be told apart.
  - In check mode nothing is deleted; RV(deleted) lists what would be.
'''

EXAMPLES = r'''
- name: Delete what the force-deleted cluster eks-demo left behind
  palette.aws.orphaned_resources:
    cluster: eks-demo
    region: us-east-1
    state: absent

- name: Preview, including the volumes
  palette.aws.orphaned_resources:
    cluster: eks-demo
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
cluster_search:
  description:
    - Where Palette was asked whether the cluster still exists, and what it said (null with
      O(require_cluster_deleted=false)).
    - C(scopes) lists each project searched (C(scope=project), C(name), C(uid)) and the tenant scope
      (C(scope=tenant)), each with C(clusters_named); C(found) lists live clusters of that name (empty here, since the
      module fails when one exists).
  returned: always
  type: dict
  sample: {cluster: eks-demo, found: [], scopes: [{scope: project, name: Default, uid: 6650a1b2c3d4e5f600000001,
           clusters_named: 0}, {scope: tenant, name: null, uid: null, clusters_named: 0}]}
left_alone:
  description: Related resources left alone, each with C(id), C(name) and C(reason).
  returned: always
  type: list
  elements: dict
  sample: [{id: vol-0123456789abcdef0, name: eks-demo-node-0, reason: volumes are kept unless include_volumes}]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.orphans import purge  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            cluster=dict(type='str', required=True, aliases=['cluster_name']),
            state=dict(type='str', choices=['absent'], required=True),
            include_volumes=dict(type='bool', default=False),
            require_cluster_deleted=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=600),
        ),
        supports_check_mode=True,
    )
    module.run(purge)


if __name__ == '__main__':
    main()
