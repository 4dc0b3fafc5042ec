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
  - With O(wait=true) the module waits until no machine of the pool is busy or failed and the number of C(Running)
    machines is within [O(min_size), max(O(max_size), size)] (an autoscaler moves the live count); on timeout it fails
    and reports the machines' states.
  - An update is built from the pool as read right before the write, so fields this module does not manage (and
    fields newer than its API spec) are kept; another writer's change that lands meanwhile is merged again (at most 3
    times), else the task fails with a conflict. Pools Karpenter owns (label
    C(spectrocloud.com/managed-by:karpenter)) are never changed or deleted.
  - Before any write (check mode included) the instance type is checked against the types Palette offers in the
    cluster's region and the AMI type against Palette's AMI types.
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
      - Leave it unset on pools sized by an autoscaler. On an autoscaled EKS pool (O(min_size) < O(max_size)) Palette keeps
        the size at O(min_size), so O(count), when given, must equal O(min_size); it is never compared with the live
        node count.
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
      - Subnets of the pool with static placement (the cluster runs in an existing VPC).
      - A zone may carry several subnets (for example a public and a private one), as several entries with the same
        O(subnets[].az) or as comma-separated ids; Palette stores them as one comma-joined entry per zone and they are
        compared as a set.
    type: list
    elements: dict
    suboptions:
      az:
        description: Availability zone of the subnet.
        type: str
        required: true
      subnet_id:
        description: Id of the subnet, C(subnet-...), or several comma-separated ids of the same zone.
        type: str
        required: true
  disk_size_gb:
    description:
      - Size of each node's root disk in GiB, from 1 to 2000. EKS pools are created with 60 when it is unset.
    type: int
  ami_type:
    description:
      - EKS AMI type of the nodes. EKS pools are created with C(AL2023_x86_64_STANDARD) when it is unset.
      - It cannot change on an existing pool (Palette refuses it); the task fails before any write.
      - With O(ami_id) it names the base type of the custom AMI, and both are sent.
      - The C(AL2) types are deprecated and disabled for new pools; they are accepted to manage existing pools.
    type: str
    choices: [AL2023_x86_64_STANDARD, AL2023_x86_64_NEURON, AL2023_x86_64_NVIDIA, AL2_x86_64, AL2_x86_64_GPU]
  ami_id:
    description:
      - Custom AMI of an EKS pool (set through the EKS launch template), C(ami-...). It goes with O(ami_type), which must
        match the AMI (default C(AL2023_x86_64_STANDARD)).
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
  additional_security_groups:
    description:
      - Ids of security groups (C(sg-...)) added to the nodes, besides the ones Palette creates. When given, exactly
        these.
      - EKS pools get them through the launch template, IaaS pools on the pool itself.
    type: list
    elements: str
    version_added: 1.0.0
  root_volume_type:
    description:
      - EBS volume type of the nodes' root volume (EKS, through the launch template).
    type: str
    choices: [gp2, gp3, io1, io2]
    version_added: 1.0.0
  root_volume_iops:
    description:
      - Provisioned IOPS of the root volume (EKS); C(gp3) 3000 to 16000, C(io1) 100 to 64000, C(io2) 100 to 256000.
        Required with C(io1) and C(io2).
    type: int
    version_added: 1.0.0
  root_volume_throughput:
    description:
      - Throughput of a C(gp3) root volume in MiB/s, 125 to 1000 (EKS).
    type: int
    version_added: 1.0.0
  annotations:
    description:
      - Kubernetes annotations of the pool's machines and nodes. When given, exactly these.
    type: dict
    version_added: 1.0.0
  skip_k8s_upgrade:
    description:
      - IaaS worker pools. V(enabled) lets the control plane be upgraded even when this pool is more than three minor
        Kubernetes versions behind; V(disabled) (the default when the pool is created) upgrades the pool with the
        control plane.
    type: str
    choices: [enabled, disabled]
    version_added: 1.0.0
  control_plane_as_worker:
    description:
      - On the control-plane pool of an IaaS cluster, also run workloads there (Palette removes the control-plane
        taint). Other pools send V(false).
    type: bool
    version_added: 1.0.0
  override_kubeadm_configuration:
    description:
      - IaaS worker pools. YAML overriding the pack's kubeadm settings for this pool, a mapping with one or more of
        C(kubeletExtraArgs) (a mapping), C(preKubeadmCommands) and C(postKubeadmCommands) (lists of commands).
    type: str
    version_added: 1.0.0
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
  - module: palette.aws.fargate_profile
  - name: Palette docs, node pools
    description: Node pool options of Palette clusters.
    link: https://docs.spectrocloud.com/clusters/cluster-management/node-pool/
'''

EXAMPLES = r'''
- name: Add an autoscaled GPU pool to an EKS cluster (Palette keeps its size at min_size)
  palette.aws.node_pool:
    cluster: eks-demo
    name: gpu
    instance_type: g5.xlarge
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

- name: EKS pool with a custom AMI, gp3 root volume and extra security groups (launch template)
  palette.aws.node_pool:
    cluster: eks-demo
    name: hardened
    instance_type: m5.large
    count: 2
    azs: [us-east-1a]
    ami_id: ami-0123456789abcdef0
    ami_type: AL2023_x86_64_STANDARD
    root_volume_type: gp3
    root_volume_iops: 4000
    root_volume_throughput: 250
    additional_security_groups: [sg-0123456789abcdef0]
    annotations:
      example.com/owner: platform

- name: Static placement with a public and a private subnet in one zone
  palette.aws.node_pool:
    cluster: eks-static
    name: edge
    instance_type: t3.large
    count: 2
    subnets:
      - az: us-east-1a
        subnet_id: subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f

- name: IaaS worker pool with kubelet flags, security groups and no forced Kubernetes upgrade
  palette.aws.node_pool:
    cluster: aws-iaas-demo
    name: batch
    instance_type: m5.large
    count: 2
    azs: [us-west-2a]
    skip_k8s_upgrade: enabled
    additional_security_groups: [sg-0123456789abcdef0]
    override_kubeadm_configuration: |
      kubeletExtraArgs:
        max-pods: "110"
      preKubeadmCommands:
        - echo pool batch

- name: Let the IaaS control plane run workloads too
  palette.aws.node_pool:
    cluster: aws-iaas-demo
    name: cp-pool
    control_plane: true
    control_plane_as_worker: true

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
    additional_security_groups:
      description: Ids of the additional security groups.
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    root_volume_type:
      description: EBS type of the root volume (EKS launch template).
      type: str
      sample: gp3
    root_volume_iops:
      description: Provisioned IOPS of the root volume.
      type: int
      sample: 4000
    root_volume_throughput:
      description: Throughput of the root volume in MiB/s.
      type: int
      sample: 250
    annotations:
      description: Kubernetes annotations of the pool.
      type: dict
      sample: {"example.com/owner": "platform"}
    skip_k8s_upgrade:
      description: IaaS worker pools; C(enabled) or C(disabled).
      type: str
      sample: disabled
    control_plane_as_worker:
      description: Whether the control plane also runs workloads.
      type: bool
      sample: false
    override_kubeadm_configuration:
      description: IaaS worker pools; the kubeadm overrides (YAML).
      type: str
      sample: "kubeletExtraArgs:\n  max-pods: '110'\n"
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
                           mutually_exclusive=[('azs', 'subnets')])
    module.run(run_node_pool)


if __name__ == '__main__':
    main()
