#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: preflight_info
short_description: Check that an AWS account and Palette are ready for a new cluster
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
    validation). With O(cluster_name): C(cluster_name) (no Palette cluster has that name) and, for EKS with
    O(cloud_account), C(eks_cluster_name)."
  - "With O(vpc_id) (static placement): C(vpc) (the VPC exists) and, with O(cluster_name), C(subnet_tags) (its public
    subnets carry the four load-balancer discovery tags of the documentation, see M(palette.aws.subnet_tagging))."
  - "Quotas against current usage: C(on_demand_vcpus) and C(spot_vcpus) for the planned O(node_pools) (instance vCPUs
    from C(DescribeInstanceTypes)); for IaaS (O(cloud_type=aws)) the API server load balancer
    (C(classic_load_balancers)), which EKS does not need (AWS runs its control plane endpoint); for dynamic placement
    (no O(vpc_id)) also C(vpcs), C(internet_gateways), C(nat_gateways_per_az) (one per AZ) and C(elastic_ips)."
  - With O(kms_key_arn), the key checks of M(palette.aws.kms_secret_encryption), prefixed C(kms_).
  - A check AWS or Palette cannot answer (a quota AWS does not report, no permission) is C(unknown), never C(ok).
options:
  cloud_type:
    description: Kind of cluster planned; C(eks) needs at least two availability zones.
    type: str
    choices: [eks, aws]
    required: true
  cluster_name:
    description: Name of the planned cluster.
    type: str
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
notes:
  - The Palette connection options are needed only with O(cloud_account) or O(cluster_name).
  - Quotas are read with C(servicequotas:GetServiceQuota) (AWS's default when no value is applied); usage with
    EC2, VPC and ELB describe calls in the region.
'''

EXAMPLES = r'''
- name: Check readiness for a dynamic-placement EKS cluster
  palette.aws.preflight_info:
    region: us-east-1
    cloud_type: eks
    cluster_name: eks-demo
    cloud_account: aws-prod
    ssh_key_name: my-ec2-keypair
    node_pools:
      - name: worker-pool
        instance_type: t3.large
        count: 3
        azs: [us-east-1a, us-east-1b]
  register: preflight

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
            cluster_name=dict(type='str'),
            cloud_account=dict(type='str'),
            ssh_key_name=dict(type='str', no_log=False),
            vpc_id=dict(type='str'),
            kms_key_arn=dict(type='str', no_log=False),
            principal_arn=dict(type='str'),
            node_pools=dict(type='list', elements='dict', options=node_pool_options()),
        ),
        supports_check_mode=True,
    )
    result = run(module)
    module.exit_json(changed=False, ready=result['ready'], failed_checks=result['failed'], unknown_checks=result['unknown'],
                     checks=result['checks'], quotas=result['quotas'], identity=result['identity'],
                     region=result['region'])


if __name__ == '__main__':
    main()
