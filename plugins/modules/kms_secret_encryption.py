# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: kms_secret_encryption
short_description: Check a KMS key for EKS secrets encryption and report a Palette EKS cluster's encryption
version_added: 1.0.0
description:
  - Checks that an AWS KMS key can be used for envelope encryption of the Kubernetes secrets of a Palette EKS cluster,
    and reports the secrets encryption of an existing cluster. It never changes a cluster.
  - EKS secrets encryption is chosen when a cluster is created (M(palette.aws.aws_palette_cluster) option
    C(encryption_kms_key_arn), which runs the same key checks before its create request). On an existing cluster
    created without encryption the module fails with a message that says so; nothing is written.
  - "The checks, each reported in RV(checks): the key exists in the cluster's region; it is C(Enabled); its key spec is
    C(SYMMETRIC_DEFAULT) and its usage C(ENCRYPT_DECRYPT); the key policy lets the principal Palette uses (the role of
    an STS cloud account, or the IAM user of an access-key cloud account) call C(kms:CreateGrant) and
    C(kms:DescribeKey) on the key (directly, or through the account root principal as AWS's default key policy does)
    and permits C(kms:Encrypt) and C(kms:Decrypt); IAM allows that principal exactly the permissions of the
    documentation (C(kms:CreateGrant), C(kms:DescribeKey), C(kms:ListAliases), C(kms:ListKeys), what
    M(palette.aws.sts_role) grants with O(palette.aws.sts_role#module:include_kms_policy=true)), checked with
    C(iam:SimulatePrincipalPolicy); and Palette's own key validation for the cloud account accepts the key."
  - A check AWS cannot answer (no permission, an endpoint without that API, no AWS credentials) is reported as
    C(unknown) with the reason and a warning, never as C(ok). A check that fails makes the task fail, with a message
    that starts with C(kms_key_arn:), names the failed checks and says how to fix them.
  - For a cluster encrypted with O(kms_key_arn) only the checks of the key itself (exists, C(Enabled), key spec, key
    usage) and the cluster check run, since a disabled or deleted key breaks the cluster's secrets;
    O(validate_only=true) runs every check. Asking for another key than the one in use fails with an explanation.
  - Before a create, O(validate_only=true) with a cluster that does not exist yet runs every check in O(region), with
    the principal of O(cloud_account) (or O(principal_arn)).
  - EKS clusters only (C(cloud_type) C(eks)); IaaS clusters encrypt etcd volumes through their own settings.
author:
  - palette.aws maintainers (@palette-aws)
options:
  cluster:
    description:
      - Name or uid of the Palette EKS cluster.
    type: str
    required: true
  kms_key_arn:
    description:
      - ARN of the KMS key (C(arn:aws:kms:REGION:ACCOUNT:key/ID)), or its alias (C(alias/NAME) or an alias ARN).
      - The key must be in the same region as the cluster.
    type: str
    required: true
  state:
    description:
      - V(present) checks that the cluster's secrets are encrypted with O(kms_key_arn).
      - V(absent) always fails, because EKS cannot disable secrets encryption once it is enabled.
    type: str
    choices: [present, absent]
    default: present
  validate_only:
    description:
      - Run every check and report them, also for a cluster that does not exist yet (before its create).
      - The task still fails when a check fails.
    type: bool
    default: false
  cloud_account:
    description:
      - Name or uid of the Palette AWS cloud account the cluster will use, for O(validate_only=true) before the
        cluster exists (the principal Palette uses and Palette's key validation). An existing cluster's own cloud
        account is always used.
    type: str
    version_added: 1.0.0
  principal_arn:
    description:
      - ARN of the IAM role or user Palette uses in AWS for this cluster, for the key policy and IAM checks.
      - When unset it is found from the cluster's cloud account, the role ARN of an STS account, or, for an access-key
        account, the IAM user that owns the access key (needs C(iam:GetAccessKeyLastUsed) and C(iam:GetUser)).
      - When it cannot be found, the key policy and IAM checks are C(unknown).
    type: str
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws
  - palette.aws.attributes
notes:
  - The AWS checks run in the cluster's region; O(region) is used only when the cluster's region cannot be read (and
    before the cluster exists).
  - The module only reads, in check mode too.
seealso:
  - module: palette.aws.aws_palette_cluster
  - module: palette.aws.preflight_info
  - module: palette.aws.sts_role
  - name: Palette docs, EKS cluster secrets encryption
    description: The key and IAM prerequisites these checks follow.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/enable-secrets-encryption-kms-key/
'''

EXAMPLES = r'''
- name: Check a key before creating an encrypted cluster with it
  palette.aws.kms_secret_encryption:
    cluster: eks-demo
    region: us-east-1
    cloud_account: aws-prod
    kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    validate_only: true

- name: Check that an existing cluster's secrets are encrypted with this key (and that the key still works)
  palette.aws.kms_secret_encryption:
    cluster: eks-demo
    kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab

- name: Only check whether a key is usable, without changing the cluster
  palette.aws.kms_secret_encryption:
    cluster: eks-demo
    kms_key_arn: alias/eks-secrets
    validate_only: true
  register: kms_check

- name: Show the checks
  ansible.builtin.debug:
    msg: "{{ kms_check.checks | map(attribute='name') | zip(kms_check.checks | map(attribute='status')) | list }}"

- name: Check the key policy for a given role (access-key cloud accounts cannot always be traced to their user)
  palette.aws.kms_secret_encryption:
    cluster: eks-demo
    kms_key_arn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    principal_arn: arn:aws:iam::123456789012:user/palette
'''

RETURN = r'''
checks:
  description:
    - Every check that was run, in order.
    - C(principal) (how the principal Palette uses was found), C(key_exists), C(key_enabled), C(key_spec), C(key_usage),
      C(key_policy), C(iam_permissions), C(palette_validation) (Palette's own key validation) and C(cluster_encryption)
      (whether the cluster can take this key). After a missing key the key checks stop.
    - When secrets encryption is already enabled with the key and O(validate_only=false), only C(key_exists),
      C(key_enabled), C(key_spec), C(key_usage) and C(cluster_encryption).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the check.
      type: str
      sample: key_spec
    status:
      description: C(ok), C(fail) or C(unknown) (AWS or Palette could not answer).
      type: str
      sample: fail
    detail:
      description: What was found, and for a failure how to fix it.
      type: str
      sample: key spec is RSA_2048, must be SYMMETRIC_DEFAULT
  sample:
    - name: key_exists
      status: ok
      detail: Key 1234abcd-12ab-34cd-56ef-1234567890ab found in us-east-1
encryption:
  description:
    - The secrets encryption of the cluster (C(enabled) false and null uids before the cluster exists).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether secrets encryption is enabled.
      type: bool
      sample: true
    kms_key_arn:
      description: The key in use (ARN or alias, as configured); null when encryption is off.
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    resources:
      description: The Kubernetes resources encrypted, when Palette reports them.
      type: list
      elements: str
      sample: [secrets]
    cluster_uid:
      description: Uid of the cluster.
      type: str
      sample: 6650a1b2c3d4e5f601234567
    cloud_config_uid:
      description: Uid of the cluster's EKS cloud config.
      type: str
      sample: 6650a1b2c3d4e5f601234568
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.encryption import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    argument_spec = dict(
        cluster=dict(type='str', required=True),
        kms_key_arn=dict(type='str', required=True, no_log=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        validate_only=dict(type='bool', default=False),
        cloud_account=dict(type='str'),
        principal_arn=dict(type='str'),
    )
    module = PaletteModule(argument_spec=argument_spec, supports_check_mode=True)
    module.run(run)


if __name__ == '__main__':
    main()
