# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sts_role: the IAM role Palette assumes (``_aws.iam`` does the IAM work; this file adds Palette's ids, checks and
the result)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteError
from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_errors, aws_failure
from ansible_collections.palette.aws.plugins.module_utils._aws.iam import (
    ensure_sts_role,
    policy_document_errors,
    remove_sts_role,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.iam_policies import KMS_POLICY_NAME, POLICY_DOCUMENTS
from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client
from ansible_collections.palette.aws.plugins.module_utils._flows.cloud_account import palette_sts_info
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


def validate_params(params):
    """Errors in the options (role name, ids, documents, region), found before Palette or IAM is called."""
    errors = v.validate_iam_name(params['role_name'], 'role_name', 'role')
    errors += v.validate_region(params.get('region'), 'region')
    if params['state'] == 'present':
        errors += v.validate_aws_account_id(params['palette_account_id'], 'palette_account_id')
        errors += policy_document_errors(params['policy_documents'])
    return errors


def trust_ids(module):
    """(palette account id, external id), reading from Palette what was not given."""
    account_id, external_id = module.params['palette_account_id'], module.params['external_id']
    if not (account_id and external_id):
        try:
            info = palette_sts_info(module.client, module.params['partition'])
        except PaletteError as err:
            raise Failure("cannot read Palette's STS account id and external id (give palette_account_id and "
                          "external_id to skip this): %s" % err)
        account_id = account_id or info['account_id']
        external_id = external_id or info['external_id']
    if not (account_id and external_id):
        raise Failure('Palette returned no AWS account id / external id for partition %s' % module.params['partition'])
    module.no_log_values.add(external_id)
    return account_id, external_id


def _present(module, iam, sts):
    params = module.params
    account_id, external_id = trust_ids(module)
    documents = dict(params['policy_documents'] or {})
    if params['include_kms_policy'] and KMS_POLICY_NAME not in documents:
        documents[KMS_POLICY_NAME] = POLICY_DOCUMENTS[KMS_POLICY_NAME]
    caller_account = sts.get_caller_identity()['Account'] if module.check_mode else None
    result = ensure_sts_role(iam, params['role_name'], account_id, external_id,
                             include_eks_policy=params['include_eks_policy'], policy_documents=documents,
                             check_mode=module.check_mode, account_id=caller_account, partition=params['partition'])
    result['palette_account_id'] = account_id
    return result


def run(module):
    """The sts_role flow; returns the result dict."""
    params = module.params
    errors = validate_params(params)
    if errors:
        raise Failure('; '.join(errors))
    # IAM is global: without a configured region, the partition's main region is used.
    iam = aws_client(module, 'iam', partition=params['partition'])
    sts = aws_client(module, 'sts', partition=params['partition'])
    try:
        if params['state'] == 'absent':
            result = remove_sts_role(iam, params['role_name'], check_mode=module.check_mode)
        else:
            result = _present(module, iam, sts)
    except aws_errors() as exc:
        raise aws_failure(exc, 'IAM role %s (iam:GetRole, iam:ListPolicies, iam:CreatePolicy, iam:CreateRole, '
                               'iam:AttachRolePolicy, ...)' % params['role_name'])
    output = dict(changed=result['changed'], role_arn=result['role_arn'], policies=result['policies'])
    for key in ('role_created', 'palette_account_id'):
        if key in result:
            output[key] = result[key]
    if result.get('diff') is not None and module._diff:
        output['diff'] = result['diff']
    return output
