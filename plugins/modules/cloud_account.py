#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cloud_account
short_description: Manage a Palette AWS cloud account
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Creates, updates or deletes a Palette AWS cloud account, the "Add AWS Account" step of the Palette documentation.
  - C(secret) accounts use an access key and secret access key; C(sts) accounts let Palette assume an IAM role
    (see M(palette.aws.sts_role)) with the tenant's external id, which is read from Palette.
  - The credentials are checked with Palette's validate endpoint before the account is created or updated, also in
    check mode.
  - The secret key is sent to Palette only; it never appears in results, diffs, errors or logs.
  - Accounts are matched by O(name) in the selected scope (O(palette_project), else the tenant).
options:
  name:
    description: Name of the cloud account.
    type: str
    required: true
  description:
    description:
      - Description of the account, the first field of the documentation's "Add AWS Account" form. Palette keeps it
        in the account's C(metadata.annotations.description).
      - Unset keeps the current description; an empty string removes it.
    type: str
    version_added: 1.0.0
  state:
    description: Whether the account should exist.
    type: str
    choices: [present, absent]
    default: present
  credential_type:
    description:
      - C(secret) uses O(access_key) and O(secret_key); C(sts) uses O(role_arn) and the external id Palette shows
        for the tenant.
    type: str
    choices: [secret, sts]
    default: secret
  access_key:
    description:
      - AWS access key id. Required with O(credential_type=secret) and O(state=present); refused with
        O(credential_type=sts).
      - Palette returns it, so it is compared on every run.
    type: str
  secret_key:
    description:
      - AWS secret access key. Required with O(credential_type=secret) and O(state=present); refused with
        O(credential_type=sts).
      - Palette never returns it, so it cannot be compared; O(update_secret) decides when it is sent.
    type: str
  role_arn:
    description:
      - ARN of the IAM role Palette assumes, for example the RV(palette.aws.sts_role#module:role_arn) of
        M(palette.aws.sts_role). Required with O(credential_type=sts) and O(state=present); refused with
        O(credential_type=secret).
      - Checked before anything is sent to Palette; its partition must be O(partition).
    type: str
  partition:
    description: AWS partition of the account.
    type: str
    choices: [aws, aws-us-gov]
    default: aws
  policy_arns:
    description:
      - ARNs of the IAM policies for an C(sts) account (Palette's C(policyARNs)); refused with
        O(credential_type=secret).
      - Each must be an IAM policy ARN of O(partition), for example C(arn:aws:iam::aws:policy/ReadOnlyAccess).
      - When unset, the policies the account already has are kept.
    type: list
    elements: str
  update_secret:
    description:
      - C(on_create) (the default) sends O(secret_key) when the account is created and whenever another field
        changes (Palette needs it with every update), so re-runs are idempotent.
      - C(always) sends O(secret_key) on every run, for example to rotate the secret of an unchanged access key;
        the task then reports C(changed) on every run for a C(secret) account, because the module cannot know
        whether the secret differs.
      - Has no effect on C(sts) accounts.
    type: str
    choices: [always, on_create]
    default: on_create
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws.accepted_only
  - palette.aws.attributes
notes:
  - The external id of an C(sts) account is treated as a secret; results show only whether it is set.
seealso:
  - module: palette.aws.sts_role
  - module: palette.aws.preflight_info
  - name: Palette docs, add an AWS account
    description: The form this module fills in.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/add-aws-accounts/
'''

EXAMPLES = r'''
- name: Add an AWS account with an access key
  palette.aws.cloud_account:
    name: aws-dev
    credential_type: secret
    access_key: "{{ aws_access_key_id }}"
    secret_key: "{{ aws_secret_access_key }}"

- name: Create the IAM role Palette assumes
  palette.aws.sts_role:
    include_eks_policy: true
  register: role

- name: Add an STS account for that role
  palette.aws.cloud_account:
    name: aws-prod
    description: Production clusters (STS role SpectroCloudRole)
    credential_type: sts
    role_arn: "{{ role.role_arn }}"

- name: Rotate the secret of an unchanged access key
  palette.aws.cloud_account:
    name: aws-dev
    access_key: "{{ aws_access_key_id }}"
    secret_key: "{{ new_secret }}"
    update_secret: always

- name: Remove the account
  palette.aws.cloud_account:
    name: aws-dev
    state: absent
'''

RETURN = r'''
cloud_account:
  description: The account after the task (in check mode, the prediction); never a secret.
  returned: when the account exists after the task, or was deleted by it
  type: dict
  contains:
    uid:
      description: Uid of the account (null when it would be created in check mode).
      type: str
      sample: 6650a1b2c3d4e5f601234567
    name:
      description: Name of the account.
      type: str
      sample: aws-dev
    description:
      description: Description of the account (C(metadata.annotations.description)), null when it has none.
      type: str
      sample: Production clusters
    credential_type:
      description: C(secret) or C(sts).
      type: str
      sample: secret
    partition:
      description: AWS partition.
      type: str
      sample: aws
    access_key:
      description: Access key id of a C(secret) account, else null.
      type: str
      sample: AKIAIOSFODNN7EXAMPLE
    role_arn:
      description: Role ARN of an C(sts) account, else null.
      type: str
      sample: arn:aws:iam::123456789012:role/SpectroCloudRole
    external_id_set:
      description: Whether the account has an external id (its value is never returned).
      type: bool
      sample: true
    policy_arns:
      description: Policy ARNs of an C(sts) account, sorted; null for C(secret) accounts.
      type: list
      elements: str
      sample: []
    state:
      description: Palette's status of the account, when it reports one.
      type: str
      sample: Running
    annotations:
      description: Palette annotations of the account.
      type: dict
      sample: {}
changes:
  description: What differed and was (or in check mode would be) sent; C(created), C(deleted), field names or C(secret_key).
  returned: always
  type: list
  elements: str
  sample: [role_arn]
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.cloud_account import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            description=dict(type='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            credential_type=dict(type='str', choices=['secret', 'sts'], default='secret'),
            access_key=dict(type='str', no_log=False),
            secret_key=dict(type='str', no_log=True),
            role_arn=dict(type='str'),
            partition=dict(type='str', choices=['aws', 'aws-us-gov'], default='aws'),
            policy_arns=dict(type='list', elements='str'),
            update_secret=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == '__main__':
    main()
