# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: fargate_profile
short_description: Manage one Fargate profile of a Palette EKS cluster
version_added: 1.0.0
description:
  - Adds, changes or removes one Fargate profile of an existing Palette EKS cluster. Fargate profiles say which pods run
    on AWS Fargate instead of EC2 nodes.
  - Palette replaces the cluster's whole list of Fargate profiles on every change, so the module reads the list, changes
    only the profile named O(name) and writes the list back; the other profiles are never dropped.
  - EKS cannot change a Fargate profile in place. A changed profile is deleted and created again by Palette, and the
    diff and RV(replaced) say so.
  - An option left unset keeps its current value.
  - With O(validate_subnets=true) the subnets are checked in AWS first; a subnet that does not exist, is outside the
    cluster's VPC or routes to an internet gateway (a public subnet) is refused, naming the subnet.
  - The change is a read-modify-write of the whole list. The list is read again right before the write (an empty or
    malformed read fails the task, it never counts as "no profiles") and read back afterwards; a profile that another
    writer's concurrent write removed is merged again (at most 3 times), else the task fails with a conflict.
  - The same options, minus O(cluster), O(state) and O(validate_subnets), are the elements of the C(fargate_profiles)
    option of M(palette.aws.aws_palette_cluster).
author:
  - palette.aws maintainers (@palette-aws)
options:
  cluster:
    description:
      - Name or uid of the Palette EKS cluster.
    type: str
    required: true
  state:
    description:
      - V(present) adds or changes the profile; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the profile (letters, digits, C(-) and C(_), at most 100 characters).
    type: str
    required: true
  subnets:
    description:
      - Ids of the private subnets Fargate pods run in.
      - Required when the cluster runs in an existing VPC (static placement); with dynamic placement Palette picks the
        subnets, so leave it unset.
    type: list
    elements: str
  selectors:
    description:
      - Which pods run on Fargate; a pod matching any selector does. Required to create a profile; at most 5.
    type: list
    elements: dict
    suboptions:
      namespace:
        description: Kubernetes namespace of the pods (the wildcards C(*) and C(?) are allowed).
        type: str
        required: true
      labels:
        description: Labels the pods must all carry; unset matches every pod of the namespace.
        type: dict
  additional_tags:
    description:
      - AWS tags added to the profile. When given, the profile gets exactly these tags.
    type: dict
  validate_subnets:
    description:
      - Whether to check in AWS, before any change, that every subnet in O(subnets) exists, is in the cluster's VPC
        and has no route to an internet gateway (the Palette docs allow only private subnets for Fargate).
      - The check runs in the cluster's region with the AWS connection options. When AWS cannot be asked (no
        credentials, no permission to describe subnets and route tables), the module warns and goes on.
    type: bool
    default: true
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws
  - palette.aws.attributes
notes:
  - The AWS connection options are used only for O(validate_subnets).
  - With O(state=absent) a missing cluster means the profile is gone too (no change). In check mode a missing cluster
    (a dry run of a play that creates it first) gives the predicted profile and a warning; otherwise it is an error.
seealso:
  - module: palette.aws.aws_palette_cluster
  - module: palette.aws.node_pool
  - module: palette.aws.subnet_tagging
  - name: Palette docs, EKS Fargate profiles
    description: Creating an EKS cluster with Fargate profiles in Palette.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/eks/
'''

EXAMPLES = r'''
- name: Run the pods of the web namespace on Fargate
  palette.aws.fargate_profile:
    cluster: eks-demo
    name: fp-web
    subnets:
      - subnet-0aaa1111bbbb2222c
      - subnet-0ddd3333eeee4444f
    selectors:
      - namespace: web
        labels:
          app: frontend
    additional_tags:
      team: web

- name: Add a selector (Palette replaces the profile)
  palette.aws.fargate_profile:
    cluster: eks-demo
    name: fp-web
    selectors:
      - namespace: web
        labels:
          app: frontend
      - namespace: web-jobs

- name: Remove the profile; the cluster's other profiles stay
  palette.aws.fargate_profile:
    cluster: eks-demo
    name: fp-web
    state: absent
'''

RETURN = r'''
fargate_profile:
  description:
    - The profile after the task (predicted in check mode). Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the profile.
      type: str
      sample: fp-web
    cluster_uid:
      description: Uid of the cluster (null in check mode for a cluster that does not exist yet).
      type: str
      sample: 6650a1b2c3d4e5f601234567
    subnets:
      description: Subnet ids, sorted.
      type: list
      elements: str
      sample: [subnet-0aaa1111bbbb2222c, subnet-0ddd3333eeee4444f]
    selectors:
      description: Pod selectors, each with C(namespace) and C(labels).
      type: list
      elements: dict
      sample: [{"namespace": "web", "labels": {"app": "frontend"}}]
    additional_tags:
      description: AWS tags of the profile.
      type: dict
      sample: {"team": "web"}
replaced:
  description: Whether an existing profile was changed, which Palette does by deleting and creating it again.
  returned: always
  type: bool
  sample: false
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.fargate import run_fargate_profile  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import fargate_profile_options  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    argument_spec = dict(
        cluster=dict(type='str', required=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        validate_subnets=dict(type='bool', default=True),
    )
    argument_spec.update(fargate_profile_options())
    module = PaletteModule(argument_spec=argument_spec, supports_check_mode=True)
    module.run(run_fargate_profile)


if __name__ == '__main__':
    main()
