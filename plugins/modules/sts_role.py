#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: sts_role
short_description: Manage the IAM role and policies Palette assumes for an STS cloud account
version_added: 1.0.0
author:
  - palette.aws maintainers (@palette-aws)
description:
  - Creates or updates, in the AWS account, the customer-managed IAM policies Palette needs (the documents the Palette
    documentation publishes) and the trust role Palette assumes (C(SpectroCloudRole) by default), then attaches the
    policies to the role.
  - The trust policy lets Palette's AWS account assume the role only with the tenant's external id
    (C(sts:ExternalId) condition), as the "Dynamic Access Credentials" steps of the documentation describe.
  - Palette's AWS account id and the external id are read from Palette (C(GET /v1/clouds/aws/account/sts)) unless
    both are given, so the Palette connection options are needed only then.
  - Documents are compared normalised (statement and list order), so re-runs report no change; a changed document
    becomes a new default policy version (the oldest non-default version is removed at IAM's limit of five).
  - Feed RV(role_arn) to M(palette.aws.cloud_account) with O(palette.aws.cloud_account#module:credential_type=sts).
options:
  role_name:
    description:
      - Name of the IAM role Palette assumes.
      - 1 to 64 letters, digits and C(_+=,.@-), as IAM requires; checked before anything is written.
    type: str
    default: SpectroCloudRole
  palette_account_id:
    description:
      - Palette's AWS account id (12 digits, given as a string), the trusted principal of the role.
      - When unset, it is read from Palette for O(partition).
    type: str
  external_id:
    description:
      - The external id Palette sends when it assumes the role (the C(sts:ExternalId) condition).
      - When unset, it is read from Palette for O(partition).
    type: str
  partition:
    description: AWS partition of the account (C(aws-us-gov) for GovCloud).
    type: str
    choices: [aws, aws-us-gov]
    default: aws
  include_eks_policy:
    description: Also create and attach C(PaletteControllersEKSPolicy), needed for EKS clusters.
    type: bool
    default: false
  include_kms_policy:
    description:
      - Also create and attach C(PaletteEKSSecretsEncryptionKMSPolicy), the documentation's example identity policy
        for EKS secrets encryption with a KMS key.
    type: bool
    default: false
  policy_documents:
    description:
      - Policy documents by policy name, replacing the built-in document of that name or adding a policy.
      - A value is a policy document (a dict or a JSON string); V(null) drops a built-in policy.
      - Every name and document is checked before anything is written (policy name rules; C(Version), and a
        C(Statement) whose statements have C(Effect) C(Allow) or C(Deny), C(Action) or C(NotAction), C(Resource)
        or C(NotResource) and no C(Principal)), so a bad document cannot leave the role half set up.
      - Use this when the documentation has added actions since the built-in copies were taken.
    type: dict
  state:
    description:
      - C(present) makes the policies and the role exist as described.
      - C(absent) detaches everything from the role and deletes it, and deletes the policies this module created
        (tagged C(palette.aws/managed-by)) when nothing else uses them.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - palette.aws.palette
  - palette.aws.aws
  - palette.aws.attributes
notes:
  - IAM is a global service; when no region is configured, the partition's main region is used for the API calls.
  - The external id is treated as a secret (it is masked in the output) whether it was given or read from Palette.
seealso:
  - module: palette.aws.cloud_account
  - module: palette.aws.kms_secret_encryption
  - name: Palette docs, required IAM policies
    description: The policies this module creates.
    link: https://docs.spectrocloud.com/clusters/public-cloud/aws/required-iam-policies/
'''

EXAMPLES = r'''
- name: Create the Palette role and policies (ids read from Palette)
  palette.aws.sts_role:
    include_eks_policy: true
  register: role

- name: Add the STS cloud account that uses it
  palette.aws.cloud_account:
    name: aws-prod
    credential_type: sts
    role_arn: "{{ role.role_arn }}"

- name: Use a newer published controller policy
  palette.aws.sts_role:
    policy_documents:
      PaletteControllerPolicy: "{{ lookup('ansible.builtin.file', 'controller-policy.json') }}"

- name: Remove the role and the policies this module created
  palette.aws.sts_role:
    state: absent
'''

RETURN = r'''
role_arn:
  description: ARN of the role (predicted in check mode when the role does not exist yet; null after O(state=absent)
    when there was no role).
  returned: always
  type: str
  sample: arn:aws:iam::123456789012:role/SpectroCloudRole
role_created:
  description: Whether the role was (or in check mode would be) created.
  returned: when O(state=present)
  type: bool
  sample: true
policies:
  description: The role's policies and what happened to each.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Policy name.
      type: str
      sample: PaletteControllerPolicy
    arn:
      description: Policy ARN.
      type: str
      sample: arn:aws:iam::123456789012:policy/PaletteControllerPolicy
    changed:
      description: Whether the policy was created, got a new version, or was attached (O(state=present)).
      type: bool
      returned: when O(state=present)
    created:
      description: Whether the policy was created (O(state=present)).
      type: bool
      returned: when O(state=present)
    attached:
      description: Whether the policy was already attached to the role before the task (O(state=present)).
      type: bool
      returned: when O(state=present)
    detached:
      description: Whether the policy was detached from the role (O(state=absent)).
      type: bool
      returned: when O(state=absent)
    deleted:
      description: Whether the policy was deleted (O(state=absent)).
      type: bool
      returned: when O(state=absent)
palette_account_id:
  description: The Palette AWS account id trusted by the role.
  returned: when O(state=present)
  type: str
  sample: "067724333888"
'''

from ansible_collections.palette.aws.plugins.module_utils._flows.sts_role import run  # noqa: E402
from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule  # noqa: E402


def main():
    module = PaletteModule(
        argument_spec=dict(
            role_name=dict(type='str', default='SpectroCloudRole'),
            palette_account_id=dict(type='str'),
            external_id=dict(type='str', no_log=True),
            partition=dict(type='str', choices=['aws', 'aws-us-gov'], default='aws'),
            include_eks_policy=dict(type='bool', default=False),
            include_kms_policy=dict(type='bool', default=False),
            policy_documents=dict(type='dict'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        supports_check_mode=True,
    )
    module.run(run)


if __name__ == '__main__':
    main()
