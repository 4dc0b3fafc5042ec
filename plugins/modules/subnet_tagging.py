#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: subnet_tagging
short_description: Tag a VPC's public subnets so Palette clusters can find them for load balancers
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Puts the four tags the Palette documentation asks for on the public subnets of an existing (static placement)
    VPC, so the cluster's load balancers can be placed there
    (C(kubernetes.io/role/elb=1), C(sigs.k8s.io/cluster-api-provider-aws/role=public),
    C(kubernetes.io/cluster/<cluster>=shared) and
    C(sigs.k8s.io/cluster-api-provider-aws/cluster/<cluster>=owned)).
  - Public subnets are those whose route table (their own, else the VPC's main table) has a route to an internet
    gateway; O(subnet_ids) picks the subnets explicitly instead.
  - Only the subnets that miss a tag are written, in one batched C(CreateTags) call; other tags are never touched.
  - O(state=absent) removes only the two cluster-specific tags, and only where they still have the value this module
    sets; the generic C(kubernetes.io/role/elb) and C(.../role=public) tags may serve other clusters and stay.
  - This module talks to AWS only.
options:
  cluster:
    description:
      - Name of the Palette cluster that will use the subnets.
      - The old name C(cluster_name) is kept as an alias.
      - A valid Palette cluster name (at most 63 lower-case letters, digits and C(-)), since it goes into tag keys.
    type: str
    required: true
    aliases: [cluster_name]
  vpc_id:
    description:
      - The VPC whose public subnets are tagged.
      - Required unless O(subnet_ids) is given; with both, every subnet must be in this VPC.
    type: str
  subnet_ids:
    description:
      - The subnets to tag, instead of the VPC's public subnets.
    type: list
    elements: str
  state:
    description: Whether the tags should be present or absent.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - palette.aws.aws
  - palette.aws.palette.accepted_only
  - palette.aws.attributes
seealso:
  - module: palette.aws.preflight_info
  - module: palette.aws.aws_palette_cluster
  - name: Palette docs, tags for static placement
    description: The subnet tags the EKS and AWS IaaS pages ask for.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/eks/
'''

EXAMPLES = r'''
- name: Tag the public subnets of the cluster's VPC
  palette.aws.subnet_tagging:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f67890
    cluster: eks-demo

- name: Tag two given subnets
  palette.aws.subnet_tagging:
    region: us-east-1
    cluster: eks-demo
    subnet_ids: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]

- name: Remove the cluster's tags after the cluster is gone
  palette.aws.subnet_tagging:
    region: us-east-1
    vpc_id: vpc-0a1b2c3d4e5f67890
    cluster: eks-demo
    state: absent
'''

RETURN = r'''
subnets:
  description: The selected subnets with their tags after the task (predicted in check mode).
  returned: always
  type: list
  elements: dict
  contains:
    subnet_id:
      description: Subnet id.
      type: str
      sample: subnet-0aaa1111bbbb2222c
    vpc_id:
      description: VPC id.
      type: str
      sample: vpc-0a1b2c3d4e5f67890
    availability_zone:
      description: Availability zone.
      type: str
      sample: us-east-1a
    public:
      description: Whether the subnet routes to an internet gateway.
      type: bool
      sample: true
    tags:
      description: All tags of the subnet.
      type: dict
      sample: {"kubernetes.io/role/elb": "1", Name: public-a}
changes:
  description: Per changed subnet, the tags set (C(add)) and removed (C(remove)).
  returned: always
  type: list
  elements: dict
  sample: [{subnet_id: subnet-0aaa1111bbbb2222c, add: {"kubernetes.io/role/elb": "1"}, remove: {}}]
api_calls:
  description: Number of C(CreateTags)/C(DeleteTags) calls made (0 in check mode or when nothing changed).
  returned: always
  type: int
  sample: 1
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.subnet_tagging import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            cluster=dict(type='str', required=True, aliases=['cluster_name']),
            vpc_id=dict(type='str'),
            subnet_ids=dict(type='list', elements='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        required_one_of=[('vpc_id', 'subnet_ids')],
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == '__main__':
    main()
