# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: node_pool
short_description: Manage one machine (node) pool of a Palette EKS or AWS IaaS cluster
version_added: 1.0.0
description:
  - Creates, updates or deletes one machine pool of an existing Palette cluster, EKS (C(cloud_type) C(eks)) or AWS IaaS
    (C(cloud_type) C(aws)), through the cluster's cloud config.
  - The pool is identified by O(cluster) and O(name). A missing pool is created; an existing one is updated with a full
    replacement in which every option left unset keeps its current value.
  - An option left unset is not managed. In particular a pool under an autoscaler is never resized when O(count) is
    not given; when only O(min_size) and/or O(max_size) are given, the current size is kept, moved inside the new bounds
    if needed.
  - With O(wait=true) the module waits until the pool has its size in machines that are all C(Running); on timeout it
    fails and reports the machines' states.
  - The same options, minus O(cluster), O(state) and the wait options, are the elements of the C(node_pools) option
    of M(palette.aws.aws_palette_cluster).
author:
  - palette.aws maintainers (@palette-aws)
options:
  cluster:
    description:
      - Name or uid of the Palette cluster that owns the pool.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the pool; V(absent) deletes it.
      - A control-plane pool cannot be deleted, nor the last worker pool of a cluster.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - "Name of the pool (a DNS-1123 label: lower-case letters, digits and C(-))."
      - On EKS the name C(cp-pool) is reserved for the control-plane placement.
    type: str
    required: true
  control_plane:
    description:
      - Whether the pool is the control plane of an IaaS cluster. EKS manages its own control plane.
      - A pool cannot switch between control plane and worker.
    type: bool
  count:
    description:
      - Number of nodes in the pool. Required to create a pool unless O(min_size) is given.
      - An IaaS control-plane pool takes 1, 3 or 5 nodes (an odd number keeps etcd quorum).
      - Leave it unset on pools sized by an autoscaler.
    type: int
  min_size:
    description:
      - Lowest number of nodes the autoscaler may scale the pool to. Defaults to the size when the pool is created.
    type: int
  max_size:
    description:
      - Highest number of nodes the autoscaler may scale the pool to. Defaults to the size when the pool is created.
    type: int
  instance_type:
    description:
      - EC2 instance type of the nodes, for example C(t3.large). Required to create a pool.
    type: str
  capacity_type:
    description:
      - V(on-demand) or V(spot) instances. V(on-demand) when the pool is created without it.
      - Control-plane nodes must be on-demand.
    type: str
    choices: [on-demand, spot]
  max_price:
    description:
      - Highest hourly price for spot instances, as a decimal string such as C("0.12"). Spot pools only.
      - When a spot pool is created without it, C("0.0") is sent, which means the on-demand price.
    type: str
  azs:
    description:
      - Availability zones of the pool with dynamic placement (Palette creates the subnets).
      - Give O(azs) or O(subnets), not both.
    type: list
    elements: str
  subnets:
    description:
      - Subnets of the pool with static placement (the cluster runs in an existing VPC), one per availability zone.
    type: list
    elements: dict
    suboptions:
      az:
        description: Availability zone of the subnet.
        type: str
        required: true
      subnet_id:
        description: Id of the subnet, C(subnet-...).
        type: str
        required: true
  disk_size_gb:
    description:
      - Size of each node's root disk in GiB, from 1 to 2000. EKS pools are created with 60 when it is unset.
    type: int
  ami_type:
    description:
      - EKS AMI type of the nodes. EKS pools are created with C(AL2023_x86_64_STANDARD) unless O(ami_id) is given.
      - The C(AL2) types are deprecated and disabled for new pools; they are accepted to manage existing pools.
    type: str
    choices: [AL2023_x86_64_STANDARD, AL2023_x86_64_NEURON, AL2023_x86_64_NVIDIA, AL2_x86_64, AL2_x86_64_GPU]
  ami_id:
    description:
      - Custom AMI of an EKS pool (set through an EKS launch template), C(ami-...). Not combined with O(ami_type).
    type: str
  labels:
    description:
      - Kubernetes labels of the nodes. When given, the pool gets exactly these labels.
    type: dict
  taints:
    description:
      - Kubernetes taints of the nodes. When given, the pool gets exactly these taints (V([]) removes them all).
    type: list
    elements: dict
    suboptions:
      key:
        description: Taint key.
        type: str
        required: true
      value:
        description: Taint value.
        type: str
      effect:
        description:
          - V(NoSchedule) keeps pods without a toleration off the nodes; V(PreferNoSchedule) avoids them;
            V(NoExecute) also evicts running pods.
        type: str
        required: true
        choices: [NoSchedule, PreferNoSchedule, NoExecute]
  additional_tags:
    description:
      - AWS tags added to the pool's AWS resources. When given, the pool gets exactly these tags.
    type: dict
  update_strategy:
    description:
      - How nodes are replaced on an update. V(RollingUpdateScaleOut) (the default when a pool is created) adds a new
        node before removing an old one; V(RollingUpdateScaleIn) removes one first; V(OverrideScaling) uses
        O(max_surge) and O(max_unavailable).
    type: str
    choices: [RollingUpdateScaleOut, RollingUpdateScaleIn, OverrideScaling]
  max_surge:
    description:
      - With O(update_strategy=OverrideScaling), how many nodes (C("1")) or what share (C("25%")) may be added above the
        pool size during an update.
    type: str
  max_unavailable:
    description:
      - With O(update_strategy=OverrideScaling), how many nodes (C("0")) or what share (C("25%")) may be unavailable
        during an update.
    type: str
  node_repave_interval:
    description:
      - Seconds between the replacement of two worker nodes during a repave. IaaS worker pools only.
    type: int
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws.accepted_only
  - palette.aws.wait
  - palette.aws.attributes
notes:
  - Labels, taints and tags are compared as whole sets, values included.
  - The module does not wait when a pool is deleted; Palette removes the machines afterwards.
  - With O(state=absent) a missing cluster means the pool is gone too (no change). In check mode a missing cluster
    (a dry run of a play that creates it first) gives the predicted pool and a warning; otherwise it is an error.
seealso:
  - module: palette.aws.aws_palette_cluster
  - module: palette.aws.aws_palette_cluster_info
'''

EXAMPLES = r'''
- name: Add a GPU pool to an EKS cluster
  palette.aws.node_pool:
    cluster: eks-demo
    name: gpu
    instance_type: g5.xlarge
    count: 2
    min_size: 1
    max_size: 4
    azs: [us-east-1a, us-east-1b]
    labels:
      workload: gpu
    taints:
      - key: nvidia.com/gpu
        value: "true"
        effect: NoSchedule

- name: Change the instance type of an autoscaled pool without touching its size
  palette.aws.node_pool:
    cluster: eks-demo
    name: gpu
    instance_type: g5.2xlarge

- name: Widen the autoscaler bounds; the current size stays inside them
  palette.aws.node_pool:
    cluster: eks-demo
    name: gpu
    min_size: 2
    max_size: 8

- name: Grow the control plane of an IaaS cluster to 3 nodes
  palette.aws.node_pool:
    cluster: aws-iaas-demo
    name: cp-pool
    control_plane: true
    count: 3

- name: Remove a pool
  palette.aws.node_pool:
    cluster: eks-demo
    name: gpu
    state: absent
'''

RETURN = r'''
node_pool:
  description:
    - The pool after the task (predicted in check mode), with the option names of this module; options without a value
      are left out. Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the pool.
      type: str
      sample: gpu
    cluster_uid:
      description: Uid of the cluster (null in check mode for a cluster that does not exist yet).
      type: str
      sample: 6650a1b2c3d4e5f601234567
    control_plane:
      description: Whether the pool is a control plane.
      type: bool
      sample: false
    count:
      description: Number of nodes.
      type: int
      sample: 2
    min_size:
      description: Lowest autoscaler size.
      type: int
      sample: 1
    max_size:
      description: Highest autoscaler size.
      type: int
      sample: 4
    instance_type:
      description: EC2 instance type.
      type: str
      sample: g5.xlarge
    capacity_type:
      description: C(on-demand) or C(spot).
      type: str
      sample: on-demand
    max_price:
      description: Spot price limit.
      type: str
      sample: "0.12"
    azs:
      description: Availability zones.
      type: list
      elements: str
      sample: [us-east-1a, us-east-1b]
    subnets:
      description: Subnets (static placement), each with C(az) and C(subnet_id).
      type: list
      elements: dict
      sample: [{"az": "us-east-1a", "subnet_id": "subnet-0aaa1111bbbb2222c"}]
    disk_size_gb:
      description: Root disk size in GiB.
      type: int
      sample: 60
    ami_type:
      description: EKS AMI type.
      type: str
      sample: AL2023_x86_64_STANDARD
    ami_id:
      description: Custom AMI.
      type: str
      sample: ami-0123456789abcdef0
    labels:
      description: Kubernetes node labels.
      type: dict
      sample: {"workload": "gpu"}
    taints:
      description: Kubernetes taints, each with C(key), C(value) and C(effect).
      type: list
      elements: dict
      sample: [{"key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"}]
    additional_tags:
      description: AWS tags of the pool's resources.
      type: dict
      sample: {"team": "ml"}
    update_strategy:
      description: Update strategy.
      type: str
      sample: RollingUpdateScaleOut
    max_surge:
      description: Surge with C(OverrideScaling).
      type: str
      sample: "1"
    max_unavailable:
      description: Unavailability with C(OverrideScaling).
      type: str
      sample: "0"
    node_repave_interval:
      description: Seconds between node replacements in a repave (IaaS).
      type: int
      sample: 0
    machines:
      description: The pool's machines when the module waited, each with C(name), C(uid), C(state), C(health), C(ready).
      returned: when O(wait=true) and not in check mode
      type: list
      elements: dict
      sample: [{"name": "gpu-abcde", "uid": "6650a1b2c3d4e5f60000cccc", "state": "Running", "health": "Healthy",
                "ready": true}]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.node_pools import run_node_pool  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import node_pool_options  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    argument_spec = dict(
        cluster=dict(type='str', required=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    argument_spec.update(node_pool_options())
    module = PaletteModule(argument_spec=argument_spec, wait=True, supports_check_mode=True,
                           mutually_exclusive=[('azs', 'subnets'), ('ami_type', 'ami_id')])
    run_node_pool(module)


if __name__ == '__main__':
    main()
