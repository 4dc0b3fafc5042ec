# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks that a KMS key can be used for EKS secrets encryption by the principal Palette uses.

Each check is {name, status: ok|fail|unknown, detail}. A check AWS cannot answer (access denied,
an endpoint without the API) is `unknown` with the reason, never `ok`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import json

from ansible_collections.palette.aws.plugins.module_utils._aws.common import (
    aws_error_message,
    aws_errors,
    check_result,
    is_boto_error_code,
)

# What the principal Palette uses calls on the key: it describes it and creates the grant EKS encrypts with. The
# docs' IAM permissions (PaletteEKSSecretsEncryptionKMSPolicy, what sts_role's KMS policy grants) are exactly these
# plus the two listings; Encrypt/Decrypt are used by EKS through the grant, never by Palette's principal.
IAM_KEY_ACTIONS = ('kms:CreateGrant', 'kms:DescribeKey')
IAM_ACCOUNT_ACTIONS = ('kms:ListAliases', 'kms:ListKeys')  # no resource-level permissions: resource "*"
# The docs' prerequisite "the key policy permits encrypt and decrypt": allowed to someone (AWS's default key policy
# allows kms:* to the account root), and not denied to the principal.
ENCRYPTION_ACTIONS = ('kms:Encrypt', 'kms:Decrypt')
KEY_POLICY_ACTIONS = IAM_KEY_ACTIONS + ENCRYPTION_ACTIONS


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def arn_parts(arn):
    """'arn:partition:service:region:account:resource' -> dict, or None when not an ARN."""
    parts = (arn or '').split(':', 5)
    if len(parts) != 6 or parts[0] != 'arn':
        return None
    return dict(zip(('arn', 'partition', 'service', 'region', 'account', 'resource'), parts))


def role_arn_from_assumed(arn):
    """An STS assumed-role ARN names its role; IAM checks need the role ARN (path dropped)."""
    parts = arn_parts(arn)
    if parts and parts['service'] == 'sts' and parts['resource'].startswith('assumed-role/'):
        role = parts['resource'].split('/')[1]
        return 'arn:%s:iam::%s:role/%s' % (parts['partition'], parts['account'], role)
    return arn


def _principal_matches(entry, principal_arn):
    """(matches, via_root) for one policy principal entry ('*', account id, root ARN or exact ARN)."""
    parts = arn_parts(principal_arn) or {}
    account, partition = parts.get('account'), parts.get('partition', 'aws')
    if entry == '*':
        return True, False
    if entry in (account, 'arn:%s:iam::%s:root' % (partition, account)):
        return True, True
    if entry == principal_arn:
        return True, False
    # A role may be named with or without its path; compare account and role name.
    entry_parts = arn_parts(entry)
    if (entry_parts and entry_parts['account'] == account and entry_parts['resource'].startswith('role/')
            and parts.get('resource', '').startswith('role/')):
        return entry_parts['resource'].split('/')[-1] == parts['resource'].split('/')[-1], False
    return False, False


def _statement_principal(statement, principal_arn):
    """(applies, via_root) for Principal / NotPrincipal of a statement."""
    key = 'Principal' if 'Principal' in statement else 'NotPrincipal'
    value = statement.get(key)
    entries = [value] if value == '*' else [e for v in (value or {}).values() for e in _as_list(v)]
    hits = [_principal_matches(e, principal_arn) for e in entries]
    matched = any(hit[0] for hit in hits)
    via_root = matched and not any(m and not r for m, r in hits)
    if key == 'NotPrincipal':
        return not matched, False
    return matched, via_root


def _action_matches(statement, action):
    if 'NotAction' in statement:
        return not any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in _as_list(statement['NotAction']))
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in _as_list(statement.get('Action')))


# Explicit deny wins; a conditional deny, or an allow only under conditions, cannot be decided here.
_PRECEDENCE = (('Deny', 'deny'), ('conditional-Deny', 'conditional'), ('Allow', 'allow'),
               ('conditional-Allow', 'conditional'))


def _decide(seen):
    return next((decision for marker, decision in _PRECEDENCE if marker in seen), 'none')


def evaluate_key_policy(policy, principal_arn, actions=KEY_POLICY_ACTIONS):
    """Per action: {'decision': allow|deny|conditional|none, 'via_root': bool, 'sids': [...]}.

    An explicit Deny wins; a statement with a Condition cannot be evaluated here, so it makes the
    decision `conditional` (unknown) rather than a plain allow or deny. `via_root` = allowed only
    through the account root principal, i.e. delegated to the account's IAM policies.
    """
    if isinstance(policy, str):
        policy = json.loads(policy)
    result = {}
    for action in actions:
        seen, roots, sids = set(), [], []
        for index, statement in enumerate(_as_list(policy.get('Statement'))):
            applies, via_root = _statement_principal(statement, principal_arn)
            if not applies or not _action_matches(statement, action):
                continue
            sids.append(statement.get('Sid') or '#%d' % index)
            effect = statement.get('Effect')
            seen.add(('conditional-' if statement.get('Condition') else '') + str(effect))
            if effect == 'Allow' and not statement.get('Condition'):
                roots.append(via_root)
        decision = _decide(seen)
        result[action] = {'decision': decision, 'via_root': bool(roots) and all(roots), 'sids': sids}
    return result


def allowed_to_anyone(policy, action):
    """True when some Allow statement of the key policy (with or without a condition) covers ``action``."""
    if isinstance(policy, str):
        policy = json.loads(policy)
    return any(statement.get('Effect') == 'Allow' and 'Principal' in statement and _action_matches(statement, action)
               for statement in _as_list(policy.get('Statement')))


def describe_kms_key(kms, key, region):
    """(metadata, None) or (None, failing check) for a key id, key ARN, alias name or alias ARN."""
    parts = arn_parts(key)
    if parts and region and parts['region'] != region:
        return None, check_result('key_exists', 'fail', 'Key %s is in region %s, not %s; EKS needs a key in the '
                                  "cluster's region" % (key, parts['region'], region))
    try:
        return kms.describe_key(KeyId=key)['KeyMetadata'], None
    except aws_errors() as exc:
        if is_boto_error_code(exc, ('NotFoundException', 'InvalidArnException')):
            return None, check_result('key_exists', 'fail', 'KMS key %s not found in %s' % (key, region))
        return None, check_result('key_exists', 'unknown', aws_error_message(exc, 'kms:DescribeKey'))


def _attribute_check(name, label, value, good):
    if value == good:
        return check_result(name, 'ok', '%s is %s' % (label, value))
    return check_result(name, 'fail', '%s is %s, must be %s' % (label, value, good))


def key_attribute_checks(meta):
    """Enabled, SYMMETRIC_DEFAULT and ENCRYPT_DECRYPT, each with the value found."""
    spec = meta.get('KeySpec') or meta.get('CustomerMasterKeySpec')
    checks = [_attribute_check('key_enabled', 'key state', meta.get('KeyState'), 'Enabled'),
              _attribute_check('key_spec', 'key spec', spec, 'SYMMETRIC_DEFAULT')]
    if meta.get('KeyUsage'):
        checks.append(_attribute_check('key_usage', 'key usage', meta['KeyUsage'], 'ENCRYPT_DECRYPT'))
    elif spec == 'SYMMETRIC_DEFAULT':
        # Some endpoints (moto) omit KeyUsage; a SYMMETRIC_DEFAULT key can only be ENCRYPT_DECRYPT.
        checks.append(check_result('key_usage', 'ok', 'key usage ENCRYPT_DECRYPT (the only usage of a SYMMETRIC_DEFAULT key)'))
    else:
        checks.append(check_result('key_usage', 'unknown', 'KeyUsage was not reported by DescribeKey'))
    return checks


def key_policy_check(kms, key_id, principal_arn):
    """The key policy lets the principal describe the key and create grants (directly or through the account root,
    i.e. delegated to IAM), and permits kms:Encrypt / kms:Decrypt (the docs' prerequisite, used by EKS's grant)."""
    if not principal_arn:
        return check_result('key_policy', 'unknown', 'The principal Palette uses is not known; give it explicitly')
    try:
        policy = kms.get_key_policy(KeyId=key_id, PolicyName='default')['Policy']
    except aws_errors() as exc:
        return check_result('key_policy', 'unknown', aws_error_message(exc, 'kms:GetKeyPolicy'))
    decisions = evaluate_key_policy(policy, principal_arn)
    denied = sorted(a for a, d in decisions.items() if d['decision'] == 'deny')
    missing = sorted(a for a, d in decisions.items() if d['decision'] == 'none'
                     and (a in IAM_KEY_ACTIONS or not allowed_to_anyone(policy, a)))
    conditional = sorted(a for a, d in decisions.items() if d['decision'] == 'conditional' and a in IAM_KEY_ACTIONS)
    delegated = sorted(a for a, d in decisions.items() if d['decision'] == 'allow' and d['via_root']
                       and a in IAM_KEY_ACTIONS)
    if denied or missing:
        detail = 'Key policy does not let %s use the key:%s%s' % (
            principal_arn, ' explicitly denied %s;' % ', '.join(denied) if denied else '',
            ' no Allow for %s' % ', '.join(missing) if missing else '')
        return check_result('key_policy', 'fail', detail.rstrip(';'))
    if conditional:
        return check_result('key_policy', 'unknown', 'Key policy allows or denies %s only under conditions that '
                                                     'cannot be evaluated here' % ', '.join(conditional))
    detail = 'Key policy allows %s to %s and permits %s' % (
        ', '.join(IAM_KEY_ACTIONS), principal_arn, ', '.join(ENCRYPTION_ACTIONS))
    if delegated:
        detail += ('; %s allowed through the account root principal, i.e. delegated to IAM policies '
                   '(checked in iam_permissions)' % ', '.join(delegated))
    return check_result('key_policy', 'ok', detail)


def _simulate(iam, principal_arn, actions, resource_arn):
    kwargs = {'PolicySourceArn': principal_arn, 'ActionNames': list(actions)}
    if resource_arn:
        kwargs['ResourceArns'] = [resource_arn]
    results = []
    for page in iam.get_paginator('simulate_principal_policy').paginate(**kwargs):
        results.extend(page.get('EvaluationResults', []))
    return dict((r['EvalActionName'], r['EvalDecision']) for r in results)


def iam_permissions_check(iam, principal_arn, key_arn):
    """IAM allows the documented KMS actions to the principal (SimulatePrincipalPolicy): exactly the actions of the
    docs' identity policy, which sts_role's KMS policy grants."""
    if not principal_arn:
        return check_result('iam_permissions', 'unknown', 'The principal Palette uses is not known; give it explicitly')
    principal = role_arn_from_assumed(principal_arn)
    key_actions = sorted(IAM_KEY_ACTIONS)
    try:
        decisions = _simulate(iam, principal, key_actions, key_arn)
        decisions.update(_simulate(iam, principal, IAM_ACCOUNT_ACTIONS, None))
    except aws_errors() as exc:
        return check_result('iam_permissions', 'unknown', 'IAM policy simulation unavailable, permissions not verified: '
                            + aws_error_message(exc, 'iam:SimulatePrincipalPolicy'))
    refused = sorted('%s (%s)' % (a, d) for a, d in decisions.items() if d != 'allowed')
    if refused:
        return check_result('iam_permissions', 'fail', 'IAM does not allow %s: %s' % (principal, ', '.join(refused)))
    return check_result('iam_permissions', 'ok', 'IAM allows %s: %s' % (principal, ', '.join(sorted(decisions))))


def kms_key_checks(kms, iam, sts, key, region, principal_arn):
    """All checks of a KMS key for EKS secrets encryption, in order; stops after a missing key.

    principal_arn: the role/user ARN Palette uses (see palette_principal); 'caller' means the
    identity running this module (sts:GetCallerIdentity); None makes the policy checks unknown.
    """
    checks = []
    if principal_arn == 'caller':
        try:
            principal_arn = role_arn_from_assumed(sts.get_caller_identity()['Arn'])
        except aws_errors() as exc:
            checks.append(check_result('principal', 'unknown', aws_error_message(exc, 'sts:GetCallerIdentity')))
            principal_arn = None
    meta, failed = describe_kms_key(kms, key, region)
    if failed:
        return checks + [failed]
    checks.append(check_result('key_exists', 'ok', 'Key %s (%s) found in %s' % (meta['KeyId'], meta['Arn'], region)))
    checks.extend(key_attribute_checks(meta))
    checks.append(key_policy_check(kms, meta['KeyId'], principal_arn))
    checks.append(iam_permissions_check(iam, principal_arn, meta['Arn']))
    return checks


def palette_principal(cloud_account=None, explicit=None):
    """(principal ARN or None, how it was found) for a Palette AWS cloud account.

    Accepts the API body (spec.credentialType, spec.sts.arn) or the module's shape
    (credential_type, role_arn). A secret-type account's IAM user cannot be derived without
    its access key, so it needs an explicit principal.
    """
    if explicit:
        return explicit, 'given explicitly'
    account = cloud_account or {}
    spec = account.get('spec') or {}
    kind = spec.get('credentialType') or account.get('credential_type')
    role = (spec.get('sts') or {}).get('arn') or account.get('role_arn')
    if kind == 'sts' and role:
        return role, 'role ARN of the STS cloud account'
    if kind == 'secret':
        return None, ('the cloud account uses an access key; the IAM user behind it cannot be derived '
                      'without the key: give the principal ARN explicitly')
    return None, 'no cloud account or principal given'
