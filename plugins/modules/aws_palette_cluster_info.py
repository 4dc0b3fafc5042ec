# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: aws_palette_cluster_info
short_description: Find Palette EKS and AWS IaaS clusters and report their state, health and pools
version_added: 1.0.0
description:
  - Lists the EKS and AWS IaaS clusters of the selected Palette project that match every filter given (all of them
    when no filter is given), with their state, health, settings and node pools, and each pool's machines.
  - Optionally writes the kubeconfig of the one matching cluster to a file with mode C(0600). The kubeconfig is never
    returned.
  - Poll this module in an C(until) loop to follow a cluster that M(palette.aws.aws_palette_cluster) created with
    C(wait=false).
author:
  - palette.aws maintainers (@palette-aws)
options:
  name:
    description:
      - Name of the cluster.
    type: str
  uid:
    description:
      - Uid of the cluster.
    type: str
  tags:
    description:
      - Tags the clusters must all carry, with these values (an empty value matches a key-only tag).
    type: dict
  states:
    description:
      - States the clusters must be in (any of them), for example C(Running) or C(Deleting).
      - Deleted clusters are listed only when C(Deleted) is one of them.
      - A value that is not a state Palette reports fails the module (a typo would otherwise match nothing).
    type: list
    elements: str
    choices: [Pending, Provisioning, Running, Deleting, Deleted, Importing, Unknown]
  kubeconfig_path:
    description:
      - Write the kubeconfig of the matching cluster to this file, with mode C(0600); exactly one cluster must match.
      - The file is rewritten only when its content differs. In check mode nothing is written.
      - Palette serves a kubeconfig once the cluster is C(Running).
    type: path
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws.accepted_only
  - palette.aws.attributes.info_module
seealso:
  - module: palette.aws.aws_palette_cluster
'''

EXAMPLES = r'''
- name: One cluster by name
  palette.aws.aws_palette_cluster_info:
    name: eks-demo
  register: info

- name: Wait for a cluster created with wait=false, reporting its state every 30 s
  palette.aws.aws_palette_cluster_info:
    name: eks-demo
  register: info
  until: info.clusters | length == 1 and info.clusters[0].state == 'Running' and info.clusters[0].health == 'Healthy'
  retries: 120
  delay: 30

- name: Running production clusters
  palette.aws.aws_palette_cluster_info:
    tags:
      env: prod
    states: [Running]

- name: Save the kubeconfig
  palette.aws.aws_palette_cluster_info:
    name: eks-demo
    kubeconfig_path: "{{ lookup('env', 'HOME') }}/.kube/eks-demo.yaml"
'''

RETURN = r'''
clusters:
  description:
    - The matching clusters, sorted by name; shaped like the C(cluster) result of M(palette.aws.aws_palette_cluster).
    - Each node pool also lists its C(machines).
  returned: always
  type: list
  elements: dict
  contains:
    uid:
      description: Cluster uid.
      type: str
      sample: 6650a1b2c3d4e5f60000abcd
    name:
      description: Cluster name.
      type: str
      sample: eks-demo
    cloud_type:
      description: C(eks) or C(aws).
      type: str
      sample: eks
    state:
      description: Palette state.
      type: str
      sample: Running
    health:
      description: Health from the cluster overview, null when unknown.
      type: str
      sample: Healthy
    api_endpoints:
      description: Kubernetes API server endpoints (C(host:port)) Palette reports once the cluster is provisioned.
      type: list
      elements: str
      sample: ["eks-demo-apiserver-1234.us-east-1.elb.amazonaws.com:443"]
    region:
      description: AWS region.
      type: str
      sample: us-east-1
    cloud_account_uid:
      description: Uid of the cloud account.
      type: str
      sample: 6650a1b2c3d4e5f601234567
    cloud_config_uid:
      description: Uid of the cloud config.
      type: str
      sample: 6650a1b2c3d4e5f60000ef01
    vpc_id:
      description: VPC of a cluster with static placement.
      type: str
      sample: vpc-0a1b2c3d4e5f67890
    endpoint_access:
      description: EKS endpoint access mode.
      type: str
      sample: public
    tags:
      description: Cluster tags.
      type: dict
      sample: {"env": "prod"}
    encryption:
      description: EKS secrets encryption, with C(enabled) and C(kms_key_arn).
      type: dict
      sample: {"enabled": false, "kms_key_arn": null}
    fargate_profiles:
      description: Fargate profiles.
      type: list
      elements: dict
      sample: []
    node_pools:
      description: Node pools, each with the option names of M(palette.aws.node_pool) and C(machines).
      type: list
      elements: dict
      contains:
        machines:
          description: Machines of the pool, each with C(name), C(uid), C(state), C(health) and C(ready).
          type: list
          elements: dict
          sample: [{"name": "workers-1a2b3", "uid": "6650a1b2c3d4e5f60000abce", "state": "Running",
                    "health": "Healthy", "ready": true}]
kubeconfig_path:
  description: Where the kubeconfig was written.
  returned: when O(kubeconfig_path) is given
  type: str
  sample: /home/me/.kube/eks-demo.yaml
kubeconfig_written:
  description: Whether the kubeconfig file was (re)written; false when it already held the same content, and in check mode.
  returned: when O(kubeconfig_path) is given
  type: bool
  sample: true
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.info import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.options import CLUSTER_STATES  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    argument_spec = dict(
        name=dict(type='str'),
        uid=dict(type='str'),
        tags=dict(type='dict'),
        states=dict(type='list', elements='str', choices=list(CLUSTER_STATES)),
        kubeconfig_path=dict(type='path'),
    )
    module = PaletteModule(argument_spec=argument_spec, supports_check_mode=True)
    run(module)


if __name__ == '__main__':
    main()
