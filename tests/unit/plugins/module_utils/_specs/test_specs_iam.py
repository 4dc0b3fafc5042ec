# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM validators (cloud_account, sts_role) and planned-pool validation (preflight_info)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.palette.aws.plugins.module_utils._aws.iam_policies import POLICY_DOCUMENTS
from ansible_collections.palette.aws.plugins.module_utils._specs import node_pool as np
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v


@pytest.mark.parametrize('arn, kind', [
    ('arn:aws:iam::123456789012:role/SpectroCloudRole', 'role'),
    ('arn:aws:iam::123456789012:role/team/a/Role+1=x,y.z@w-v_u', 'role'),
    ('arn:aws:iam::123456789012:policy/PaletteControllerPolicy', 'policy'),
    ('arn:aws:iam::aws:policy/ReadOnlyAccess', 'policy'),
    ('arn:aws:iam::aws:policy/service-role/AmazonEKSClusterPolicy', 'policy'),
])
def test_iam_arns_accepted(arn, kind):
    assert v.validate_iam_arn(arn, 'x', kind, 'aws') == []


@pytest.mark.parametrize('arn, kind', [
    ('arn:aws:iam::12:role/x', 'role'),                                # account id too short
    ('arn:aws:iam::aws:role/x', 'role'),                               # only policies can be AWS managed
    ('arn:aws:iam::123456789012:policy/P', 'role'),                    # a policy, not a role
    ('arn:aws:iam::123456789012:role/bad name', 'role'),
    ('arn:aws:iam::123456789012:role/' + 'r' * 65, 'role'),
    ('not-an-arn', 'policy'),
    ('arn:aws:s3:::bucket', 'policy'),
])
def test_iam_arns_refused_with_the_path(arn, kind):
    errors = v.validate_iam_arn(arn, 'policy_arns[3]', kind)
    assert len(errors) == 1 and errors[0].startswith('policy_arns[3]: ') and 'is not an IAM %s ARN' % kind in errors[0]


def test_iam_arn_partition_must_match():
    gov = 'arn:aws-us-gov:iam::123456789012:role/R'
    assert v.validate_iam_arn(gov, 'role_arn', 'role', 'aws-us-gov') == []
    assert 'partition aws-us-gov but partition is aws' in v.validate_iam_arn(gov, 'role_arn', 'role', 'aws')[0]


def test_iam_names():
    assert v.validate_iam_name('SpectroCloudRole', 'role_name') == []
    assert v.validate_iam_name('r' * 64, 'role_name') == []
    assert v.validate_iam_name('p' * 128, 'x', 'policy') == []
    for bad in ('bad role name!', '', None, 'r' * 65, 'a/b', u'r\u00f4le'):
        assert v.validate_iam_name(bad, 'role_name')[0].startswith('role_name: ')
    assert v.validate_iam_name('p' * 129, 'x', 'policy')


def test_builtin_policy_documents_are_valid():
    for name, document in POLICY_DOCUMENTS.items():
        assert v.validate_policy_document(document, name) == [], name


@pytest.mark.parametrize('document, error', [
    ('{"Version": "2012-10-17"}', 'p: expected a policy document'),
    ({'Version': '2012-10-17'}, 'p.Statement: required'),
    ({'Version': '2012-10-17', 'Statement': []}, 'p.Statement: required'),
    ({'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}, 'p.Version: None is not valid'),
    ({'Version': '2012-10-17', 'Statement': ['x']}, 'p.Statement[0]: expected a statement'),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'allow', 'Action': '*', 'Resource': '*'}]},
     "p.Statement[0].Effect: 'allow' is not valid"),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Resource': '*'}]},
     'p.Statement[0]: Action (or NotAction) is required'),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': '*', 'NotAction': 's3:*', 'Resource': '*'}]},
     'p.Statement[0]: give Action or NotAction, not both'),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': [], 'Resource': '*'}]},
     'p.Statement[0].Action: give a non-empty string'),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*'}]},
     'p.Statement[0]: Resource (or NotResource) is required'),
    ({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*', 'Principal': '*'}]},
     'p.Statement[0].Principal: an identity policy names no principal'),
])
def test_policy_document_errors(document, error):
    assert any(e.startswith(error) for e in v.validate_policy_document(document, 'p')), \
        v.validate_policy_document(document, 'p')


def test_one_statement_as_a_dictionary_is_valid():
    document = {'Version': '2012-10-17', 'Statement': {'Effect': 'Allow', 'NotAction': 'iam:*', 'NotResource': '*'}}
    assert v.validate_policy_document(document, 'p') == []


def test_partial_pool_checks_what_is_set_and_requires_nothing():
    assert np.validate_node_pool({'name': 'w'}, 'eks', 'node_pools[0]', partial=True) == []
    assert len(np.validate_node_pool({'name': 'w'}, 'eks', 'node_pools[0]')) == 3  # instance_type, count, azs
    errors = np.validate_node_pool({'name': 'w', 'min_size': 5, 'max_size': 2}, 'eks', 'node_pools[0]', partial=True)
    assert errors == ['node_pools[0].min_size: 5 is greater than max_size 2; set min_size <= max_size']
