# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ``node_pools`` and ``fargate_profiles`` options, documented once.

``aws_palette_cluster`` uses the default fragment (node_pools + fargate_profiles); ``preflight_info`` uses
``PREFLIGHT`` (planned pools). Their argument specs come from ``_specs`` (one definition as well).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  node_pools:
    description:
      - Node pools, matched by name; the options of M(palette.aws.node_pool) minus C(cluster), C(state) and the wait
        options. A cluster needs at least one worker pool; an IaaS cluster also needs one pool with
        O(node_pools[].control_plane=true) of 1, 3 or 5 nodes.
      - Pools not listed are left alone unless O(purge_node_pools=true). Pools Karpenter owns (label
        C(spectrocloud.com/managed-by:karpenter)) are never listed, changed or purged.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the pool (a DNS-1123 label); on EKS C(cp-pool) is reserved.
        type: str
        required: true
      control_plane:
        description: Whether the pool is the control plane of an IaaS cluster.
        type: bool
      count:
        description:
          - Number of nodes. Required to create a pool unless O(node_pools[].min_size) is given.
          - On an autoscaled EKS pool Palette keeps the size at O(node_pools[].min_size); O(node_pools[].count) must
            then equal it.
        type: int
      min_size:
        description: Lowest autoscaler size; the size when the pool is created without it.
        type: int
      max_size:
        description: Highest autoscaler size; the size when the pool is created without it.
        type: int
      instance_type:
        description: EC2 instance type, for example C(t3.large). Required to create a pool.
        type: str
      capacity_type:
        description: V(on-demand) (the default at create) or V(spot).
        type: str
        choices: [on-demand, spot]
      max_price:
        description: Spot pools; highest hourly price as a decimal string, for example C("0.12").
        type: str
      azs:
        description: Availability zones (dynamic placement).
        type: list
        elements: str
      subnets:
        description:
          - Subnets (static placement). A zone may carry several (public and private), as entries with the same zone
            or comma-separated ids; Palette keeps one comma-joined entry per zone, compared as a set.
        type: list
        elements: dict
        suboptions:
          az:
            description: Availability zone of the subnet.
            type: str
            required: true
          subnet_id:
            description: Id of the subnet.
            type: str
            required: true
      disk_size_gb:
        description: Root disk size in GiB, 1 to 2000; EKS pools are created with 60 when unset.
        type: int
      ami_type:
        description:
          - EKS AMI type; C(AL2023_x86_64_STANDARD) at create. It cannot change on an existing pool. With
            O(node_pools[].ami_id) it names the custom AMI's base type; both are sent.
        type: str
        choices: [AL2023_x86_64_STANDARD, AL2023_x86_64_NEURON, AL2023_x86_64_NVIDIA, AL2_x86_64, AL2_x86_64_GPU]
      ami_id:
        description: Custom AMI of an EKS pool (launch template), with its O(node_pools[].ami_type).
        type: str
      labels:
        description: Kubernetes node labels; when given, exactly these.
        type: dict
      taints:
        description: Kubernetes taints; when given, exactly these.
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
            description: Taint effect.
            type: str
            required: true
            choices: [NoSchedule, PreferNoSchedule, NoExecute]
      additional_tags:
        description: AWS tags of the pool's resources; when given, exactly these.
        type: dict
      update_strategy:
        description: How nodes are replaced on an update.
        type: str
        choices: [RollingUpdateScaleOut, RollingUpdateScaleIn, OverrideScaling]
      max_surge:
        description: With C(OverrideScaling), nodes (C("1")) or share (C("25%")) added during an update.
        type: str
      max_unavailable:
        description: With C(OverrideScaling), nodes or share unavailable during an update.
        type: str
      node_repave_interval:
        description: IaaS worker pools; seconds between two node replacements in a repave.
        type: int
      additional_security_groups:
        description:
          - Ids of extra security groups (C(sg-...)) of the nodes; EKS through the launch template, IaaS on the pool.
            When given, exactly these.
        type: list
        elements: str
        version_added: 1.0.0
      root_volume_type:
        description: EKS; EBS type of the root volume (launch template).
        type: str
        choices: [gp2, gp3, io1, io2]
        version_added: 1.0.0
      root_volume_iops:
        description: EKS; provisioned IOPS of a C(gp3), C(io1) or C(io2) root volume (required with C(io1)/C(io2)).
        type: int
        version_added: 1.0.0
      root_volume_throughput:
        description: EKS; throughput of a C(gp3) root volume in MiB/s, 125 to 1000.
        type: int
        version_added: 1.0.0
      annotations:
        description: Kubernetes annotations of the pool's machines and nodes; when given, exactly these.
        type: dict
        version_added: 1.0.0
      skip_k8s_upgrade:
        description: IaaS worker pools; V(enabled) lets the control plane upgrade past this pool's Kubernetes version.
        type: str
        choices: [enabled, disabled]
        version_added: 1.0.0
      control_plane_as_worker:
        description: IaaS control-plane pool; also run workloads on it.
        type: bool
        version_added: 1.0.0
      override_kubeadm_configuration:
        description:
          - IaaS worker pools; YAML with C(kubeletExtraArgs), C(preKubeadmCommands) and/or C(postKubeadmCommands).
        type: str
        version_added: 1.0.0
  fargate_profiles:
    description:
      - EKS Fargate profiles, matched by name; the options of M(palette.aws.fargate_profile) minus C(cluster), C(state)
        and C(validate_subnets). Palette replaces the whole list in one request.
      - Profiles not listed are left alone unless O(purge_fargate_profiles=true).
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the profile.
        type: str
        required: true
      subnets:
        description: Private subnet ids for the pods; required with static placement, not allowed with dynamic.
        type: list
        elements: str
      selectors:
        description: Pods that run on Fargate; at least one, at most 5.
        type: list
        elements: dict
        suboptions:
          namespace:
            description: Namespace of the pods.
            type: str
            required: true
          labels:
            description: Labels the pods must carry.
            type: dict
      additional_tags:
        description: AWS tags of the profile.
        type: dict
'''

    PREFLIGHT = r'''
options:
  node_pools:
    description:
      - The planned node pools, in the shape M(palette.aws.aws_palette_cluster) takes, so the same list can be passed.
      - Only O(node_pools[].name), O(node_pools[].instance_type), O(node_pools[].capacity_type),
        O(node_pools[].count) (else O(node_pools[].min_size), else 1 node), O(node_pools[].azs) and
        O(node_pools[].subnets) are used here.
      - Every option given is validated as M(palette.aws.aws_palette_cluster) validates a new pool (availability
        zones also against O(region)), before any AWS call; an invalid value fails the module. Options left out are
        not required here.
    type: list
    elements: dict
    suboptions:
      name:
        description: Pool name.
        type: str
        required: true
      control_plane:
        description: Control-plane pool (IaaS).
        type: bool
      count:
        description: Number of nodes.
        type: int
      min_size:
        description: Minimum number of nodes.
        type: int
      max_size:
        description: Maximum number of nodes.
        type: int
      instance_type:
        description: EC2 instance type; pools without one are not counted.
        type: str
      capacity_type:
        description: C(spot) counts against the spot vCPU quota, anything else against on-demand.
        type: str
        choices: [on-demand, spot]
      max_price:
        description: Spot maximum price.
        type: str
      azs:
        description: Availability zones of the pool.
        type: list
        elements: str
      subnets:
        description: Subnets of the pool.
        type: list
        elements: dict
        suboptions:
          az:
            description: Availability zone.
            type: str
            required: true
          subnet_id:
            description: Subnet id.
            type: str
            required: true
      disk_size_gb:
        description: Root disk size.
        type: int
      ami_type:
        description: EKS AMI type.
        type: str
        choices: [AL2023_x86_64_STANDARD, AL2023_x86_64_NEURON, AL2023_x86_64_NVIDIA, AL2_x86_64, AL2_x86_64_GPU]
      ami_id:
        description: Custom AMI id.
        type: str
      labels:
        description: Node labels.
        type: dict
      taints:
        description: Node taints.
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
            description: Taint effect.
            type: str
            required: true
            choices: [NoSchedule, PreferNoSchedule, NoExecute]
      additional_tags:
        description: Additional AWS tags.
        type: dict
      update_strategy:
        description: Update strategy.
        type: str
        choices: [RollingUpdateScaleOut, RollingUpdateScaleIn, OverrideScaling]
      max_surge:
        description: Maximum surge with C(OverrideScaling).
        type: str
      max_unavailable:
        description: Maximum unavailable with C(OverrideScaling).
        type: str
      node_repave_interval:
        description: Node repave interval in seconds.
        type: int
      additional_security_groups:
        description: Extra security group ids.
        type: list
        elements: str
        version_added: 1.0.0
      root_volume_type:
        description: EKS root volume type.
        type: str
        choices: [gp2, gp3, io1, io2]
        version_added: 1.0.0
      root_volume_iops:
        description: EKS root volume IOPS.
        type: int
        version_added: 1.0.0
      root_volume_throughput:
        description: EKS root volume throughput (MiB/s).
        type: int
        version_added: 1.0.0
      annotations:
        description: Kubernetes annotations.
        type: dict
        version_added: 1.0.0
      skip_k8s_upgrade:
        description: IaaS worker pools; skip the Kubernetes upgrade with the control plane.
        type: str
        choices: [enabled, disabled]
        version_added: 1.0.0
      control_plane_as_worker:
        description: IaaS control plane also runs workloads.
        type: bool
        version_added: 1.0.0
      override_kubeadm_configuration:
        description: IaaS worker pools; kubeadm overrides (YAML).
        type: str
        version_added: 1.0.0
'''
