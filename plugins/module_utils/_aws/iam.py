# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IAM side of an STS cloud account: Palette's customer-managed policies and the trust role.

Documents are compared normalised (statement order, list order, string-vs-list), so a re-run that
AWS stored with another layout is not a change. In check mode nothing is written; the result is
the prediction. Policies this code creates carry MANAGED_TAG, and only those are ever deleted.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
from urllib.parse import unquote

from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_errors, is_boto_error_code, tags_dict
from ansible_collections.palette.aws.plugins.module_utils._aws.iam_policies import (
    CORE_POLICY_NAMES,
    EKS_POLICY_NAMES,
    POLICY_DOCUMENTS,
)
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v

MANAGED_TAG = {'Key': 'palette.aws/managed-by', 'Value': 'palette.aws.sts_role'}
HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
MAX_POLICY_VERSIONS = 5  # IAM's limit of stored versions per managed policy
_LIST_KEYS = ('Action', 'NotAction', 'Resource', 'NotResource')


def trust_policy(palette_account_id, external_id, partition='aws'):
    """Trust policy letting Palette's AWS account assume the role with the external id."""
    return {
        'Version': '2012-10-17',
        'Statement': [{
            'Effect': 'Allow',
            'Principal': {'AWS': 'arn:%s:iam::%s:root' % (partition, palette_account_id)},
            'Action': 'sts:AssumeRole',
            'Condition': {'StringEquals': {'sts:ExternalId': external_id}},
        }],
    }


def _sorted_list(value):
    values = value if isinstance(value, list) else [value]
    return sorted(set(json.dumps(v, sort_keys=True) if not isinstance(v, str) else v for v in values))


def _normalize_statement(statement):
    out = {}
    for key, value in statement.items():
        if key in _LIST_KEYS:
            out[key] = _sorted_list(value)
        elif key in ('Principal', 'NotPrincipal') and isinstance(value, dict):
            out[key] = dict((k, _sorted_list(v)) for k, v in value.items())
        elif key == 'Condition':
            out[key] = dict((op, dict((k, _sorted_list(v)) for k, v in body.items())) for op, body in value.items())
        else:
            out[key] = value
    return out


def normalize_policy(document):
    """A canonical form of a policy document (JSON string, URL-encoded JSON or dict) for comparison."""
    if document is None:
        return None
    if isinstance(document, str):
        text = document.strip()
        document = json.loads(text if text.startswith('{') else unquote(text))
    statements = document.get('Statement', [])
    statements = [_normalize_statement(s) for s in (statements if isinstance(statements, list) else [statements])]
    return {'Version': document.get('Version', '2008-10-17'),
            'Statement': sorted(statements, key=lambda s: json.dumps(s, sort_keys=True))}


def same_policy(a, b):
    return normalize_policy(a) == normalize_policy(b)


def desired_policy_documents(include_eks_policy=False, policy_documents=None):
    """{name: document}: the core policies (+ EKS), with policy_documents replacing by name.

    A name mapped to None in policy_documents drops that default policy; new names are added.
    """
    names = list(CORE_POLICY_NAMES) + (list(EKS_POLICY_NAMES) if include_eks_policy else [])
    docs = dict((n, copy.deepcopy(POLICY_DOCUMENTS[n])) for n in names)
    for name, doc in (policy_documents or {}).items():
        if doc is None:
            docs.pop(name, None)
        else:
            docs[name] = json.loads(doc) if isinstance(doc, str) else doc
    return docs


def policy_document_errors(policy_documents, path='policy_documents'):
    """Errors in sts_role's ``policy_documents`` ({policy name: document dict, JSON string or None}).

    Checked before any IAM call, so a bad document cannot leave some policies written and the role not.
    """
    errors = []
    for name in sorted(policy_documents or {}, key=str):
        where = '%s[%s]' % (path, name)
        errors += v.validate_iam_name(name, where, 'policy')
        doc = policy_documents[name]
        if doc is None:
            continue
        if isinstance(doc, str):
            try:
                doc = json.loads(doc)
            except ValueError as exc:
                errors.append('%s: not valid JSON (%s); give the policy document as a dictionary or a JSON string'
                              % (where, exc))
                continue
        errors += v.validate_policy_document(doc, where)
    return errors


def _local_policies(iam):
    """{name: policy} of the account's customer-managed policies (one paginated listing)."""
    found = {}
    for page in iam.get_paginator('list_policies').paginate(Scope='Local'):
        for policy in page.get('Policies', []):
            found.setdefault(policy['PolicyName'], policy)
    return found


def _default_document(iam, policy):
    version = iam.get_policy_version(PolicyArn=policy['Arn'], VersionId=policy['DefaultVersionId'])
    return version['PolicyVersion']['Document']


def _make_room_for_version(iam, arn):
    """Deletes the oldest non-default version when IAM's 5-version limit is reached."""
    versions = iam.list_policy_versions(PolicyArn=arn)['Versions']
    if len(versions) < MAX_POLICY_VERSIONS:
        return
    oldest = sorted((v for v in versions if not v['IsDefaultVersion']), key=lambda v: v['CreateDate'])[0]
    iam.delete_policy_version(PolicyArn=arn, VersionId=oldest['VersionId'])


def _ensure_policy(iam, name, document, existing, account_id, partition, check_mode):
    """(entry for the result, before document or None); creates or versions the policy when needed."""
    text = json.dumps(document, sort_keys=True)
    policy = existing.get(name)
    if policy is None:
        arn = 'arn:%s:iam::%s:policy/%s' % (partition, account_id, name) if account_id else None
        if not check_mode:
            arn = iam.create_policy(PolicyName=name, PolicyDocument=text, Tags=[MANAGED_TAG],
                                    Description='Palette (Spectro Cloud) permissions, managed by palette.aws')['Policy']['Arn']
        return {'name': name, 'arn': arn, 'changed': True, 'created': True}, None
    before = _default_document(iam, policy)
    if same_policy(before, document):
        return {'name': name, 'arn': policy['Arn'], 'changed': False, 'created': False}, before
    if not check_mode:
        _make_room_for_version(iam, policy['Arn'])
        iam.create_policy_version(PolicyArn=policy['Arn'], PolicyDocument=text, SetAsDefault=True)
    return {'name': name, 'arn': policy['Arn'], 'changed': True, 'created': False}, before


def _get_role(iam, role_name):
    try:
        return iam.get_role(RoleName=role_name)['Role']
    except aws_errors() as exc:
        if is_boto_error_code(exc, 'NoSuchEntity'):
            return None
        raise


def _attached_arns(iam, role_name):
    arns = set()
    for page in iam.get_paginator('list_attached_role_policies').paginate(RoleName=role_name):
        arns.update(p['PolicyArn'] for p in page.get('AttachedPolicies', []))
    return arns


def _ensure_role(iam, role_name, trust, role, check_mode):
    """(role_arn, changed) after creating the role or updating its trust policy."""
    if role is None:
        if check_mode:
            return None, True
        created = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(trust),
                                  Description='Lets Palette (Spectro Cloud) manage clusters in this account',
                                  Tags=[MANAGED_TAG])
        return created['Role']['Arn'], True
    if same_policy(role.get('AssumeRolePolicyDocument'), trust):
        return role['Arn'], False
    if not check_mode:
        iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(trust))
    return role['Arn'], True


def _mask_external_id(document, external_id):
    """The normalised trust policy with external ids hidden (it is a no_log value), but a changed one visible."""
    doc = normalize_policy(document)
    for statement in doc['Statement']:
        for body in statement.get('Condition', {}).values():
            for key in body:
                if key.lower() == 'sts:externalid':
                    body[key] = [HIDDEN if v == external_id else HIDDEN + ' (a different value)' for v in body[key]]
    return doc


def ensure_sts_role(iam, role_name, palette_account_id, external_id, include_eks_policy=False,
                    policy_documents=None, check_mode=False, account_id=None, partition='aws'):
    """Makes the Palette policies and the trust role exist as documented; returns the result dict.

    Result: changed, role_arn, policies [{name, arn, changed, created, attached}], diff
    {before, after} of trust_policy and policies (documents). account_id (e.g. from
    sts:GetCallerIdentity) lets check mode predict ARNs of objects that do not exist yet.
    """
    trust = trust_policy(palette_account_id, external_id, partition)
    docs = desired_policy_documents(include_eks_policy, policy_documents)
    role = _get_role(iam, role_name)
    if account_id is None and role is not None:
        account_id = role['Arn'].split(':')[4]
    existing = _local_policies(iam)
    if account_id is None and existing:
        account_id = next(iter(existing.values()))['Arn'].split(':')[4]
    before = {'trust_policy': role and _mask_external_id(role.get('AssumeRolePolicyDocument'), external_id),
              'policies': {}}
    after = {'trust_policy': _mask_external_id(trust, external_id), 'policies': {}}
    policies = []
    for name in sorted(docs):
        entry, old_doc = _ensure_policy(iam, name, docs[name], existing, account_id, partition, check_mode)
        policies.append(entry)
        before['policies'][name] = normalize_policy(old_doc)
        after['policies'][name] = normalize_policy(docs[name])
    role_arn, role_changed = _ensure_role(iam, role_name, trust, role, check_mode)
    if role_arn is None and account_id:
        role_arn = 'arn:%s:iam::%s:role/%s' % (partition, account_id, role_name)
    attached = _attached_arns(iam, role_name) if role is not None else set()
    for entry in policies:
        entry['attached'] = entry['arn'] in attached
        if not entry['attached']:
            if not check_mode:
                iam.attach_role_policy(RoleName=role_name, PolicyArn=entry['arn'])
            entry['changed'] = True
    changed = role_changed or any(p['changed'] for p in policies)
    return {'changed': changed, 'role_arn': role_arn, 'role_created': role is None, 'policies': policies,
            'diff': {'before': before, 'after': after}}


def _delete_policy(iam, arn):
    """Deletes a managed policy and its non-default versions (IAM refuses otherwise)."""
    for version in iam.list_policy_versions(PolicyArn=arn)['Versions']:
        if not version['IsDefaultVersion']:
            iam.delete_policy_version(PolicyArn=arn, VersionId=version['VersionId'])
    iam.delete_policy(PolicyArn=arn)


def _deletable(iam, arn, max_attachments):
    """True when the policy carries MANAGED_TAG and at most max_attachments entities use it."""
    policy = iam.get_policy(PolicyArn=arn)['Policy']
    tags = tags_dict(iam.list_policy_tags(PolicyArn=arn)['Tags'])
    return tags.get(MANAGED_TAG['Key']) == MANAGED_TAG['Value'] and policy.get('AttachmentCount', 0) <= max_attachments


def _clear_role(iam, role_name, attached):
    """Removes what IAM requires gone before DeleteRole: attachments, inline policies, instance profiles."""
    for arn in sorted(attached):
        iam.detach_role_policy(RoleName=role_name, PolicyArn=arn)
    for name in iam.list_role_policies(RoleName=role_name)['PolicyNames']:
        iam.delete_role_policy(RoleName=role_name, PolicyName=name)
    for profile in iam.list_instance_profiles_for_role(RoleName=role_name)['InstanceProfiles']:
        iam.remove_role_from_instance_profile(InstanceProfileName=profile['InstanceProfileName'], RoleName=role_name)


def remove_sts_role(iam, role_name, check_mode=False):
    """state=absent: detaches everything, deletes the role and the policies this code created.

    A policy is deleted only when it carries MANAGED_TAG and no other user/group/role uses it.
    Returns changed, role_arn, policies [{name, arn, detached, deleted}].
    """
    role = _get_role(iam, role_name)
    if role is None:
        return {'changed': False, 'role_arn': None, 'policies': []}
    attached = _attached_arns(iam, role_name)
    policies = [{'name': arn.split('/')[-1], 'arn': arn, 'detached': True, 'deleted': False} for arn in sorted(attached)]
    if check_mode:
        for entry in policies:
            entry['deleted'] = _deletable(iam, entry['arn'], 1)  # still attached to this role
        return {'changed': True, 'role_arn': role['Arn'], 'policies': policies}
    _clear_role(iam, role_name, attached)
    for entry in policies:
        if _deletable(iam, entry['arn'], 0):
            _delete_policy(iam, entry['arn'])
            entry['deleted'] = True
    iam.delete_role(RoleName=role_name)
    return {'changed': True, 'role_arn': role['Arn'], 'policies': policies}
