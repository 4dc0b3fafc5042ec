# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.palette.aws.plugins.module_utils._aws import kms as kms_checks

ACCOUNT = '123456789012'
ROLE = 'arn:aws:iam::%s:role/SpectroCloudRole' % ACCOUNT
ROOT = 'arn:aws:iam::%s:root' % ACCOUNT
ALL_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey']


def policy(*statements):
    return json.dumps({'Version': '2012-10-17', 'Statement': list(statements)})


def allow(principal, actions='kms:*', **extra):
    statement = {'Effect': 'Allow', 'Principal': {'AWS': principal}, 'Action': actions, 'Resource': '*'}
    statement.update(extra)
    return statement


def by_name(checks):
    return dict((c['name'], c) for c in checks)


@pytest.fixture
def kms(clients):
    return clients('kms')


def run(clients, key, principal=ROLE, region='us-east-1'):
    return by_name(kms_checks.kms_key_checks(clients('kms'), clients('iam'), clients('sts'), key, region, principal))


def test_good_key_all_ok_except_unavailable_simulation(clients, kms):
    key = kms.create_key(Policy=policy(allow(ROOT), allow(ROLE, ALL_ACTIONS)))['KeyMetadata']
    kms.create_alias(AliasName='alias/eks', TargetKeyId=key['KeyId'])
    for ref in (key['KeyId'], key['Arn'], 'alias/eks', 'arn:aws:kms:us-east-1:%s:alias/eks' % ACCOUNT):
        checks = run(clients, ref)
        for name in ('key_exists', 'key_enabled', 'key_spec', 'key_usage', 'key_policy'):
            assert checks[name]['status'] == 'ok', (ref, checks[name])
        # moto does not implement iam:SimulatePrincipalPolicy: unknown, with the reason, never ok.
        assert checks['iam_permissions']['status'] == 'unknown'
        assert 'SimulatePrincipalPolicy' in checks['iam_permissions']['detail']


def test_iam_simulation_answers(clients, kms, monkeypatch):
    key = kms.create_key(Policy=policy(allow(ROLE, ALL_ACTIONS)))['KeyMetadata']
    iam = clients('iam')
    answers = {'kms:CreateGrant': 'allowed', 'kms:DescribeKey': 'allowed', 'kms:ListAliases': 'allowed',
               'kms:ListKeys': 'implicitDeny'}

    class Paginator(object):
        def paginate(self, PolicySourceArn, ActionNames, **kwargs):
            assert PolicySourceArn == ROLE
            yield {'EvaluationResults': [{'EvalActionName': a, 'EvalDecision': answers[a]} for a in ActionNames]}
    monkeypatch.setattr(iam, 'get_paginator', lambda name: Paginator())
    check = kms_checks.iam_permissions_check(iam, ROLE, key['Arn'])
    assert check['status'] == 'fail' and 'kms:ListKeys (implicitDeny)' in check['detail']
    answers['kms:ListKeys'] = 'allowed'
    assert kms_checks.iam_permissions_check(iam, ROLE, key['Arn'])['status'] == 'ok'


def test_asymmetric_key_fails(clients, kms):
    key = kms.create_key(KeySpec='RSA_2048', KeyUsage='SIGN_VERIFY', Policy=policy(allow(ROLE)))['KeyMetadata']
    checks = run(clients, key['Arn'])
    assert checks['key_spec']['status'] == 'fail' and 'RSA_2048' in checks['key_spec']['detail']
    assert checks['key_usage']['status'] == 'fail' and 'SIGN_VERIFY' in checks['key_usage']['detail']


def test_disabled_key_fails(clients, kms):
    key = kms.create_key(Policy=policy(allow(ROLE)))['KeyMetadata']
    kms.disable_key(KeyId=key['KeyId'])
    checks = run(clients, key['KeyId'])
    assert checks['key_enabled']['status'] == 'fail' and 'Disabled' in checks['key_enabled']['detail']


def test_policy_denying_the_principal_fails(clients, kms):
    deny = {'Effect': 'Deny', 'Principal': {'AWS': [ROLE]}, 'Action': ['kms:Decrypt'], 'Resource': '*'}
    key = kms.create_key(Policy=policy(allow(ROOT), deny))['KeyMetadata']
    check = run(clients, key['KeyId'])['key_policy']
    assert check['status'] == 'fail' and 'explicitly denied kms:Decrypt' in check['detail']


def test_policy_not_naming_the_principal_fails(clients, kms):
    other = 'arn:aws:iam::999999999999:role/Other'
    key = kms.create_key(Policy=policy(allow(other), allow(ROLE, ['kms:DescribeKey'])))['KeyMetadata']
    check = run(clients, key['KeyId'])['key_policy']
    # Encrypt/Decrypt are permitted (to another principal: EKS uses them through the grant); CreateGrant is not
    assert check['status'] == 'fail' and 'kms:CreateGrant' in check['detail'] and 'kms:DescribeKey' not in check['detail']
    assert 'kms:Encrypt' not in check['detail']


def test_root_principal_delegates_to_iam(clients, kms):
    key = kms.create_key()['KeyMetadata']  # moto's default policy: account root, kms:*
    checks = run(clients, key['KeyId'])
    assert checks['key_policy']['status'] == 'ok' and 'delegated to IAM' in checks['key_policy']['detail']
    assert checks['iam_permissions']['status'] == 'unknown'


def test_missing_key_and_wrong_region(clients):
    checks = run(clients, 'alias/nope')
    assert list(checks) == ['key_exists'] and checks['key_exists']['status'] == 'fail'
    assert 'not found' in checks['key_exists']['detail']
    arn = 'arn:aws:kms:eu-west-1:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab' % ACCOUNT
    check = run(clients, arn)['key_exists']
    assert check['status'] == 'fail' and 'eu-west-1' in check['detail']


def test_unknown_principal_is_unknown(clients, kms):
    key = kms.create_key()['KeyMetadata']
    checks = run(clients, key['KeyId'], principal=None)
    assert checks['key_policy']['status'] == 'unknown' and checks['iam_permissions']['status'] == 'unknown'


def test_caller_principal(clients, kms):
    key = kms.create_key()['KeyMetadata']
    checks = run(clients, key['KeyId'], principal='caller')
    assert checks['key_policy']['status'] == 'ok'


def test_evaluate_policy_rules():
    doc = {'Statement': [
        allow('*', ['kms:Encrypt']),
        allow(ROLE, ['kms:De*'], Condition={'StringEquals': {'kms:ViaService': 'eks.us-east-1.amazonaws.com'}}),
        {'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::%s:role/path/SpectroCloudRole' % ACCOUNT},
         'NotAction': ['kms:Decrypt', 'kms:Encrypt'], 'Resource': '*'},
    ]}
    result = kms_checks.evaluate_key_policy(doc, ROLE)
    assert result['kms:Encrypt']['decision'] == 'allow'
    assert result['kms:Decrypt']['decision'] == 'conditional'
    assert result['kms:CreateGrant']['decision'] == 'allow' and result['kms:DescribeKey']['decision'] == 'allow'
    assert kms_checks.evaluate_key_policy({'Statement': [allow(ACCOUNT)]}, ROLE)['kms:Encrypt']['via_root']


def test_palette_principal():
    sts_account = {'spec': {'credentialType': 'sts', 'sts': {'arn': ROLE, 'externalId': 'x'}}}
    assert kms_checks.palette_principal(sts_account)[0] == ROLE
    assert kms_checks.palette_principal({'credential_type': 'sts', 'role_arn': ROLE})[0] == ROLE
    principal, why = kms_checks.palette_principal({'spec': {'credentialType': 'secret', 'accessKey': 'AKIA'}})
    assert principal is None and 'explicitly' in why and 'AKIA' not in why
    assert kms_checks.palette_principal({'spec': {'credentialType': 'secret'}}, explicit=ROLE)[0] == ROLE
    assert kms_checks.role_arn_from_assumed('arn:aws:sts::%s:assumed-role/SpectroCloudRole/s1' % ACCOUNT) == ROLE
