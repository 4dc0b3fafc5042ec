#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: preflight_info
short_description: Check that an AWS account and Palette are ready for the clusters of a run
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Runs the prerequisites of the Palette EKS and AWS IaaS documentation as read-only checks and reports each one as
    C(ok), C(fail) or C(unknown) with a detail; RV(ready) is true only when no check fails.
  - "Always: C(identity) (the AWS credentials work, C(sts:GetCallerIdentity)) and C(region) (the region exists and is
    enabled for the account)."
  - "With O(cloud_account): C(cloud_account) (the Palette AWS account exists). With O(ssh_key_name): C(key_pair) (the
    EC2 key pair exists in the region) and, with O(cloud_account), C(palette_key_pair) (Palette's own key-pair
    validation). With O(cluster): C(cluster_name) (no Palette cluster has that name) and, for EKS with
    O(cloud_account), C(eks_cluster_name); for a cluster that already exists these are replaced by
    C(cluster_exists), and only the capacity its O(node_pools) add counts in the quotas (more nodes in a pool,
    new pools, or pools whose instance type changes)."
  - "With O(vpc_id) (static placement): C(vpc) (the VPC exists) and, with O(cluster), C(subnet_tags) (its public
    subnets carry the four load-balancer discovery tags of the documentation, see M(palette.aws.subnet_tagging))."
  - "Quotas against current usage: C(on_demand_vcpus) and C(spot_vcpus) for the planned O(node_pools) (instance vCPUs
    from C(DescribeInstanceTypes)); C(classic_load_balancers) for O(load_balancers) per new cluster, EKS as IaaS (IaaS:
    the API server's load balancer; EKS: AWS runs the control plane endpoint, but the first Service of type
    LoadBalancer gets a classic ELB); for dynamic placement (no O(vpc_id)) also C(vpcs), C(internet_gateways),
    C(nat_gateways_per_az) (one per AZ) and C(elastic_ips)."
  - "The whole plan of a run: the cluster of the top-level options and every entry of O(clusters) are checked
    together; each quota check compares current usage plus the sum of all their needs with the limit (five clusters
    that each fit alone may not fit together). RV(plan) lists the clusters and what was counted for each."
  - With O(cloud_account) and O(node_pools) that name instance types, RV(cost) carries Palette's rate estimate for
    those pools (C(POST /v1/spectroclusters/{eks,aws}/rate), hourly and monthly).
  - With O(kms_key_arn), the key checks of M(palette.aws.kms_secret_encryption), prefixed C(kms_).
  - A check AWS or Palette cannot answer (a quota AWS does not report, no permission) is C(unknown), never C(ok).
options:
  cloud_type:
    description: Kind of cluster planned; C(eks) needs at least two availability zones.
    type: str
    choices: [eks, aws]
    required: true
  cluster:
    description:
      - Name of the planned cluster (or of an existing cluster whose O(node_pools) grow).
      - The old name C(cluster_name) is kept as an alias.
    type: str
    aliases: [cluster_name]
  load_balancers:
    description:
      - Number of classic load balancers the cluster of the top-level options will create when it is new (for IaaS
        the API server's, for EKS those of its Services of type LoadBalancer). V(0) leaves the load balancer quota
        out.
    type: int
    default: 1
    version_added: 1.0.0
  clusters:
    description:
      - Other clusters of the same run (a fleet), whose needs are added to those of the top-level options before the
        quotas are checked.
      - Each entry is checked like the top-level options (name, VPC, pools); key pair, cloud account and KMS key are
        those of the top-level options.
    type: list
    elements: dict
    version_added: 1.0.0
    suboptions:
      cluster:
        description: Name of the cluster (a new one, or an existing one whose pools grow).
        type: str
        required: true
      cloud_type:
        description: V(eks) or V(aws); defaults to O(cloud_type).
        type: str
        choices: [eks, aws]
      vpc_id:
        description: The existing VPC of a static placement; unset means dynamic placement.
        type: str
      node_pools:
        description: The cluster's planned pools, with the sub-options of O(node_pools).
        type: list
        elements: dict
      load_balancers:
        description: As O(load_balancers), for this cluster.
        type: int
        default: 1
  cloud_account:
    description: Name or uid of the Palette AWS cloud account the cluster will use.
    type: str
  ssh_key_name:
    description: Name of the EC2 key pair the cluster will use.
    type: str
  vpc_id:
    description: The existing VPC of a static placement; unset means dynamic placement (Palette creates the VPC).
    type: str
  kms_key_arn:
    description: KMS key (ARN or alias) for EKS secrets encryption.
    type: str
  principal_arn:
    description:
      - ARN of the IAM role or user Palette uses, for the KMS key policy and IAM checks.
      - When unset it is found from O(cloud_account) as M(palette.aws.kms_secret_encryption) does.
    type: str
extends_documentation_fragment:
  - palette.aws.node_pools.preflight
  - palette.aws.palette
  - palette.aws.aws
  - palette.aws.attributes.info_module
seealso:
  - module: palette.aws.aws_palette_cluster
  - module: palette.aws.subnet_tagging
  - module: palette.aws.kms_secret_encryption
  - name: Palette docs, create and manage AWS EKS clusters
    description: The prerequisites these checks follow.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/eks/
notes:
  - The Palette connection options are needed only with O(cloud_account) or O(cluster).
  - Quotas are read with C(servicequotas:GetServiceQuota) (AWS's default when no value is applied); usage with
    EC2, VPC and ELB describe calls in the region.
'''

EXAMPLES = r'''
- name: Check readiness for a dynamic-placement EKS cluster
  palette.aws.preflight_info:
    region: us-east-1
    cloud_type: eks
    cluster: eks-demo
    cloud_account: aws-prod
    ssh_key_name: my-ec2-keypair
    node_pools:
      - name: worker-pool
        instance_type: t3.large
        count: 3
        azs: [us-east-1a, us-east-1b]
  register: preflight

- name: Check the quotas of three clusters deployed by one run (their needs are added up)
  palette.aws.preflight_info:
    region: us-east-1
    cloud_type: eks
    cluster: eks-a
    node_pools: [{name: workers, instance_type: t3.large, count: 3}]
    clusters:
      - cluster: eks-b
        node_pools: [{name: workers, instance_type: t3.large, count: 3}]
      - cluster: iaas-c
        cloud_type: aws
        node_pools: [{name: cp, control_plane: true, instance_type: m5.large, count: 1}]

- name: Stop when something is missing
  ansible.builtin.assert:
    that: preflight.ready
    fail_msg: "Not ready: {{ preflight.failed_checks | join(', ') }}"
'''

RETURN = r'''
ready:
  description: True when no check failed (checks that are C(unknown) do not block).
  returned: always
  type: bool
  sample: false
failed_checks:
  description: Names of the failed checks.
  returned: always
  type: list
  elements: str
  sample: [key_pair, on_demand_vcpus]
unknown_checks:
  description: Names of the checks that could not be answered.
  returned: always
  type: list
  elements: str
  sample: [elastic_ips]
checks:
  description: Every check run, in order.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Check name.
      type: str
      sample: key_pair
    status:
      description: C(ok), C(fail) or C(unknown).
      type: str
      sample: fail
    detail:
      description: What was found, and how to fix a failure.
      type: str
      sample: Key pair my-key not found in us-east-1; create or import it there
quotas:
  description: The quota checks, each with C(name), C(status), C(detail) and, where they apply, C(limit), C(used)
    and C(needed) (null when unknown).
  returned: always
  type: list
  elements: dict
  sample: [{name: vpcs, status: ok, detail: "VPCs per Region (vpc L-F678F1CE): 1 used + 1 needed <= limit 5.0",
            limit: 5.0, used: 1, needed: 1}]
identity:
  description: The AWS identity used, C(account) and C(arn) (null when the credentials do not work).
  returned: always
  type: dict
  sample: {account: "123456789012", arn: "arn:aws:iam::123456789012:user/ops"}
plan:
  description: The clusters checked together, each with C(cluster), C(cloud_type), C(exists) and C(counted)
    (C(everything) for a new cluster, C(added capacity) for an existing one).
  returned: always
  type: list
  elements: dict
  sample: [{cluster: eks-a, cloud_type: eks, exists: false, counted: everything}]
cost:
  description:
    - Palette's rate estimate for the pools of the top-level options, null without O(cloud_account) or pools with an
      instance type (or when Palette cannot estimate; a warning says why).
    - C(hourly) and C(monthly) each with C(compute), C(storage) and C(total); C(pools) per pool with C(name),
      C(nodes), C(hourly) and C(monthly).
  returned: always
  type: dict
  sample: {hourly: {compute: 0.25, storage: 0.02, total: 0.27}, monthly: {compute: 180.0, storage: 14.4, total: 194.4},
           pools: [{name: worker-pool, nodes: 3, hourly: 0.27, monthly: 194.4}]}
region:
  description: The region checked.
  returned: always
  type: str
  sample: us-east-1
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.preflight import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import node_pool_options  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            cloud_type=dict(type='str', choices=['eks', 'aws'], required=True),
            cluster=dict(type='str', aliases=['cluster_name']),
            cloud_account=dict(type='str'),
            ssh_key_name=dict(type='str', no_log=False),
            vpc_id=dict(type='str'),
            kms_key_arn=dict(type='str', no_log=False),
            principal_arn=dict(type='str'),
            node_pools=dict(type='list', elements='dict', options=node_pool_options()),
            load_balancers=dict(type='int', default=1),
            clusters=dict(type='list', elements='dict', options=dict(
                cluster=dict(type='str', required=True),
                cloud_type=dict(type='str', choices=['eks', 'aws']),
                vpc_id=dict(type='str'),
                node_pools=dict(type='list', elements='dict'),
                load_balancers=dict(type='int', default=1),
            )),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == '__main__':
    main()
