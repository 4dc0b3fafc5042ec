# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.palette.aws.plugins.module_utils._aws import iam as iam_role
from ansible_collections.palette.aws.plugins.module_utils._aws.iam_policies import CORE_POLICY_NAMES, POLICY_DOCUMENTS

PALETTE_ACCOUNT = '111122223333'
EXTERNAL_ID = 'ext-123'
ROLE = 'SpectroCloudRole'


@pytest.fixture
def iam(clients):
    return clients('iam')


def ensure(iam, **kwargs):
    args = dict(role_name=ROLE, palette_account_id=PALETTE_ACCOUNT, external_id=EXTERNAL_ID)
    args.update(kwargs)
    return iam_role.ensure_sts_role(iam, **args)


def writes(counter):
    return [c for c in counter.calls if not c.startswith(('Get', 'List'))]


def test_documents_match_the_shared_json():
    controller = POLICY_DOCUMENTS['PaletteControllerPolicy']
    assert 'ec2:CreateVpc' in controller['Statement'][0]['Action']
    assert len(CORE_POLICY_NAMES) == 4


def test_trust_policy_shape():
    doc = iam_role.trust_policy(PALETTE_ACCOUNT, EXTERNAL_ID)
    statement = doc['Statement'][0]
    assert statement['Principal'] == {'AWS': 'arn:aws:iam::%s:root' % PALETTE_ACCOUNT}
    assert statement['Action'] == 'sts:AssumeRole'
    assert statement['Condition'] == {'StringEquals': {'sts:ExternalId': EXTERNAL_ID}}


def test_normalisation_ignores_order_and_list_form():
    a = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['b', 'a'], 'Resource': '*'},
                                                {'Effect': 'Deny', 'Action': 'c', 'Resource': ['*']}]}
    b = {'Version': '2012-10-17', 'Statement': {'Effect': 'Deny', 'Action': ['c'], 'Resource': '*'}}
    b['Statement'] = [b['Statement'], {'Effect': 'Allow', 'Action': ['a', 'b'], 'Resource': ['*']}]
    assert iam_role.same_policy(a, json.dumps(b))
    assert not iam_role.same_policy(a, {'Version': '2012-10-17', 'Statement': []})


def test_create_then_no_change(iam, count_calls):
    result = ensure(iam, include_eks_policy=True)
    assert result['changed'] and result['role_created']
    assert result['role_arn'] == 'arn:aws:iam::123456789012:role/%s' % ROLE
    assert sorted(p['name'] for p in result['policies']) == sorted(CORE_POLICY_NAMES + ('PaletteControllersEKSPolicy',))
    role = iam.get_role(RoleName=ROLE)['Role']
    statement = role['AssumeRolePolicyDocument']['Statement'][0]
    assert statement['Condition'] == {'StringEquals': {'sts:ExternalId': EXTERNAL_ID}}
    attached = iam.list_attached_role_policies(RoleName=ROLE)['AttachedPolicies']
    assert len(attached) == 5
    counter = count_calls(iam)
    again = ensure(iam, include_eks_policy=True)
    assert not again['changed'] and not any(p['changed'] for p in again['policies'])
    assert writes(counter) == []
    assert again['diff']['before'] == again['diff']['after']


def test_check_mode_writes_nothing(iam, count_calls):
    counter = count_calls(iam)
    result = ensure(iam, check_mode=True, account_id='123456789012')
    assert result['changed'] and result['role_arn'].endswith(':role/%s' % ROLE)
    assert all(p['arn'].startswith('arn:aws:iam::123456789012:policy/') for p in result['policies'])
    assert writes(counter) == []
    assert iam.list_roles()['Roles'] == []


def test_document_change_makes_new_default_version(iam, count_calls):
    ensure(iam)
    changed_doc = copy.deepcopy(POLICY_DOCUMENTS['PaletteNodesPolicy'])
    changed_doc['Statement'][0]['Action'].append('ec2:DescribeVpcs')
    for round_no in range(6):  # past IAM's 5-version limit: the oldest non-default version is dropped
        changed_doc['Statement'][0]['Action'].append('ec2:Describe%d' % round_no)
        result = ensure(iam, policy_documents={'PaletteNodesPolicy': changed_doc})
        nodes = [p for p in result['policies'] if p['name'] == 'PaletteNodesPolicy'][0]
        assert result['changed'] and nodes['changed'] and not nodes['created']
    versions = iam.list_policy_versions(PolicyArn=nodes['arn'])['Versions']
    assert len(versions) == 5
    default = [v for v in versions if v['IsDefaultVersion']][0]['VersionId']
    stored = iam.get_policy_version(PolicyArn=nodes['arn'], VersionId=default)['PolicyVersion']['Document']
    assert iam_role.same_policy(stored, changed_doc)
    assert not ensure(iam, policy_documents={'PaletteNodesPolicy': changed_doc})['changed']
    # check mode predicts the change without a new version
    counter = count_calls(iam)
    predicted = ensure(iam, check_mode=True)
    assert predicted['changed'] and writes(counter) == []


def test_trust_policy_update(iam):
    ensure(iam)
    result = ensure(iam, external_id='rotated')
    assert result['changed']
    assert result['diff']['before']['trust_policy'] != result['diff']['after']['trust_policy']
    assert EXTERNAL_ID not in json.dumps(result['diff']) and 'rotated' not in json.dumps(result['diff'])
    doc = iam.get_role(RoleName=ROLE)['Role']['AssumeRolePolicyDocument']
    assert 'rotated' in json.dumps(doc)


def test_remove_role_deletes_only_our_policies(iam):
    ensure(iam)
    foreign = iam.create_policy(PolicyName='Mine', PolicyDocument=json.dumps(POLICY_DOCUMENTS['PaletteNodesPolicy']))['Policy']
    iam.attach_role_policy(RoleName=ROLE, PolicyArn=foreign['Arn'])
    predicted = iam_role.remove_sts_role(iam, ROLE, check_mode=True)
    assert predicted['changed'] and iam.get_role(RoleName=ROLE)
    result = iam_role.remove_sts_role(iam, ROLE)
    deleted = sorted(p['name'] for p in result['policies'] if p['deleted'])
    assert deleted == sorted(CORE_POLICY_NAMES)
    assert [p['deleted'] for p in predicted['policies']] == [p['deleted'] for p in result['policies']]
    assert iam.get_policy(PolicyArn=foreign['Arn'])['Policy']['PolicyName'] == 'Mine'
    assert iam.list_roles()['Roles'] == []
    assert not iam_role.remove_sts_role(iam, ROLE)['changed']
