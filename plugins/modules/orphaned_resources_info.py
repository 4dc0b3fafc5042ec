#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: orphaned_resources_info
short_description: Report the AWS resources a deleted Palette cluster left behind
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Finds, in one region, the AWS resources still tagged as owned by a cluster, as the Palette documentation warns
    a force delete can leave them, and reports them by type.
  - A resource counts only when it carries C(sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster>=owned) or
    C(kubernetes.io/cluster/<cluster>=owned) and neither key says C(shared).
  - A VPC counts only with the C(sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster>=owned) tag on the VPC
    itself; subnets, route tables and security groups count only inside such a VPC, because the documentation tells
    users of their own VPC to put the C(owned) tag on their subnets.
  - Resources that look related but are left alone are listed in RV(left_alone) with the reason.
  - Use M(palette.aws.orphaned_resources) to delete what this module reports.
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
extends_documentation_fragment:
  - palette.aws.aws
  - palette.aws.palette.accepted_only
  - palette.aws.attributes.info_module
seealso:
  - module: palette.aws.orphaned_resources
  - module: palette.aws.aws_palette_cluster_info
notes:
  - This module talks to AWS only; run it in the cluster's region (O(region)).
  - Tags name the cluster only; two clusters with the same name in one AWS account and region cannot be told apart.
'''

EXAMPLES = r'''
- name: Report what cluster eks-demo left behind
  palette.aws.orphaned_resources_info:
    cluster: eks-demo
    region: us-east-1
  register: leftovers

- name: Show the count
  ansible.builtin.debug:
    msg: "{{ leftovers.count }} orphaned resources, VPCs {{ leftovers.resources.vpcs | map(attribute='id') | list }}"
'''

RETURN = r'''
resources:
  description:
    - The cluster's resources by type; every type is present, empty when nothing was found.
    - Each entry has C(id), C(name) (the C(Name) tag), C(reason) (the tag that proves ownership) and type-specific
      fields such as C(vpc_id), C(state), C(public_ip), C(kind) (load balancers) or C(size_gb) (volumes).
  returned: always
  type: dict
  contains:
    vpcs:
      description: VPCs.
      type: list
      elements: dict
    subnets:
      description: Subnets in the cluster's VPCs.
      type: list
      elements: dict
    route_tables:
      description: Route tables in the cluster's VPCs (main tables go with their VPC and are not listed).
      type: list
      elements: dict
    security_groups:
      description: Security groups in the cluster's VPCs (the C(default) group goes with its VPC).
      type: list
      elements: dict
    internet_gateways:
      description: Internet gateways.
      type: list
      elements: dict
    nat_gateways:
      description: NAT gateways that are not deleted.
      type: list
      elements: dict
    elastic_ips:
      description: Elastic IP addresses.
      type: list
      elements: dict
    network_interfaces:
      description: Network interfaces (AWS-managed ones go with their owner and are not listed).
      type: list
      elements: dict
    load_balancers:
      description: Classic, network and application load balancers (C(kind)).
      type: list
      elements: dict
    volumes:
      description: EBS volumes.
      type: list
      elements: dict
  sample:
    vpcs: [{id: vpc-0123456789abcdef0, name: eks-demo-vpc, reason: "tag sigs.k8s.io/cluster-api-provider-aws/cluster/eks-demo=owned"}]
count:
  description: Number of resources in RV(resources).
  returned: always
  type: int
  sample: 17
left_alone:
  description: Related resources that are not reported as orphans, each with C(id), C(name) and C(reason).
  returned: always
  type: list
  elements: dict
  sample: [{id: subnet-0aaa1111bbbb2222c, name: user-public-a, reason: "in VPC vpc-0a1b, which lacks the CAPA owned tag"}]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.orphans import report  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(cluster=dict(type='str', required=True, aliases=['cluster_name'])),
        supports_check_mode=True,
    )
    module.run(report)


if __name__ == '__main__':
    main()
