# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from botocore.exceptions import ClientError

from ansible_collections.palette.aws.plugins.module_utils._aws import common
from ansible_collections.palette.aws.plugins.module_utils._aws import session as _aws
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure
from ansible_collections.palette.aws.tests.unit.plugins.module_utils import fakes


def FakeModule(**params):  # noqa: N802 (reads as the shared fake it builds)
    """The shared fake module with the AWS connection options, unset unless given."""
    options = dict((k, None) for k in _aws.aws_argument_spec())
    options.update(params)
    return fakes.FakeModule(options)


def test_argument_spec_options_and_secrets():
    spec = _aws.aws_argument_spec()
    assert set(spec) == {'region', 'aws_access_key', 'aws_secret_key', 'session_token', 'profile', 'endpoint_url',
                         'aws_ca_bundle'}
    assert 'aws_region' in spec['region']['aliases']
    assert 'aws_endpoint_url' in spec['endpoint_url']['aliases']
    assert spec['aws_secret_key']['no_log'] and spec['session_token']['no_log']
    assert all('default' not in opt for opt in spec.values())  # unset = boto3's chain


def test_client_config_and_cache(aws_env):
    module = FakeModule(region='eu-west-1', endpoint_url='http://127.0.0.1:5999')
    client = _aws.aws_client(module, 'ec2')
    assert _aws.aws_client(module, 'ec2') is client
    assert client.meta.region_name == 'eu-west-1'
    assert client.meta.endpoint_url == 'http://127.0.0.1:5999'
    assert client.meta.config.retries == {'mode': 'standard', 'total_max_attempts': _aws.DEFAULT_MAX_ATTEMPTS}
    assert 'palette.aws/' in client.meta.config.user_agent_extra


def test_aws_ca_bundle_verifies_aws_and_validate_certs_false_wins(aws_env, tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('')
    seen = []
    original = _aws.boto3.session.Session.client

    def client(self, service, **kwargs):
        seen.append(kwargs.get('verify'))
        return original(self, service, **kwargs)

    _aws.boto3.session.Session.client = client
    try:
        _aws.build_client({'region': 'eu-west-1', 'aws_ca_bundle': str(bundle)}, 'ec2')
        _aws.build_client({'region': 'eu-west-1', 'aws_ca_bundle': str(bundle), 'validate_certs': False}, 'ec2')
        _aws.build_client({'region': 'eu-west-1'}, 'ec2')
    finally:
        _aws.boto3.session.Session.client = original
    assert seen == [str(bundle), False, None]


def test_region_from_environment(aws_env, monkeypatch):
    monkeypatch.setenv('AWS_DEFAULT_REGION', 'ap-south-1')
    assert _aws.aws_client(FakeModule(), 'kms').meta.region_name == 'ap-south-1'


def test_missing_region_names_the_option(aws_env, monkeypatch):
    monkeypatch.delenv('AWS_DEFAULT_REGION')
    monkeypatch.setenv('AWS_CONFIG_FILE', '/nonexistent')
    module = FakeModule()
    with pytest.raises(Failure) as failure:
        _aws.aws_client(module, 'ec2')
    assert 'region' in failure.value.msg and 'AWS_DEFAULT_REGION' in failure.value.msg


def test_global_services_use_the_partition_region_when_none_is_set(aws_env, monkeypatch):
    monkeypatch.delenv('AWS_DEFAULT_REGION')
    monkeypatch.setenv('AWS_CONFIG_FILE', '/nonexistent')
    module = FakeModule()
    # botocore names IAM's region after its global endpoint; the endpoint shows the partition
    assert _aws.aws_client(module, 'iam').meta.endpoint_url == 'https://iam.amazonaws.com'
    assert _aws.aws_client(module, 'sts').meta.region_name == 'us-east-1'
    gov = FakeModule()
    assert _aws.aws_client(gov, 'iam', partition='aws-us-gov').meta.endpoint_url == 'https://iam.us-gov.amazonaws.com'
    assert _aws.build_client({}, 'sts', partition='aws-us-gov').meta.region_name == 'us-gov-west-1'
    with pytest.raises(_aws.AwsConfigError, match="'aws-mars'"):
        _aws.build_client({}, 'iam', partition='aws-mars')
    # a regional service still needs a region, whatever the partition
    with pytest.raises(_aws.AwsConfigError, match='AWS_DEFAULT_REGION'):
        _aws.build_client({}, 'ec2', partition='aws-us-gov')


def test_configured_region_wins_for_global_services(aws_env, monkeypatch):
    assert _aws.aws_client(FakeModule(region='eu-west-1'), 'sts', partition='aws-us-gov').meta.region_name == 'eu-west-1'
    monkeypatch.setenv('AWS_DEFAULT_REGION', 'ap-south-1')
    assert _aws.build_client({}, 'sts').meta.region_name == 'ap-south-1'


def test_unknown_profile_fails_clearly(aws_env, monkeypatch):
    monkeypatch.setenv('AWS_CONFIG_FILE', '/nonexistent')
    module = FakeModule(profile='nope', region='us-east-1')
    with pytest.raises(Failure) as failure:
        _aws.aws_client(module, 'ec2')
    assert "'nope'" in failure.value.msg


def test_error_helpers():
    exc = ClientError({'Error': {'Code': 'NoSuchEntity', 'Message': 'role x not found'},
                       'ResponseMetadata': {'HTTPStatusCode': 404}}, 'GetRole')
    assert _aws.is_boto_error_code(exc, 'NoSuchEntity')
    assert _aws.is_boto_error_code(exc, ('Other', 'NoSuchEntity'))
    assert not _aws.is_boto_error_code(ValueError('x'), 'NoSuchEntity')
    assert _aws.aws_error_message(exc, 'iam:GetRole') == 'AWS iam:GetRole failed (NoSuchEntity, HTTP 404): role x not found'
    denied = ClientError({'Error': {'Code': 'AccessDenied', 'Message': 'no'}}, 'GetRole')
    assert _aws.aws_error_message(denied, 'iam:GetRole x').endswith(
        '; to fix: give the AWS identity in use the IAM permission for iam:GetRole')
    assert 'not implemented' in _aws.aws_error_message(NotImplementedError('nope'), 'iam:Simulate')


def test_doc_fragment_matches_argument_spec():
    yaml = pytest.importorskip('yaml')
    from ansible_collections.palette.aws.plugins.doc_fragments.aws import ModuleDocFragment
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    spec = _aws.aws_argument_spec()
    assert set(documented) == set(spec)
    for name, opt in spec.items():
        assert documented[name]['type'] == opt['type'], name
        assert sorted(documented[name].get('aliases', [])) == sorted(opt.get('aliases', [])), name
        assert 'no_log' not in documented[name] and 'default' not in documented[name]


def test_a_bad_region_fails_before_any_call(aws_env):
    with pytest.raises(Failure) as failure:
        _aws.aws_client(FakeModule(region='mars-west-1'), 'ec2')
    assert failure.value.msg.startswith("region: 'mars-west-1' is not an AWS region name")


def test_the_signing_secrets_become_no_log_values(aws_env, monkeypatch):
    """Secret key and session token from AWS_* variables (not options) are scrubbed like options (issue 12 item 4)."""
    monkeypatch.setenv('AWS_SECRET_ACCESS_KEY', 'env-secret-value-123')
    monkeypatch.setenv('AWS_SESSION_TOKEN', 'env-session-token-456')
    module = FakeModule(region='us-east-1')
    _aws.aws_client(module, 'ec2')
    assert {'env-secret-value-123', 'env-session-token-456'} <= module.no_log_values


def test_botocore_exceptions_become_messages_with_a_fix():
    from botocore.exceptions import EndpointConnectionError, NoCredentialsError
    from botocore.parsers import ResponseParserError

    assert ResponseParserError in common.aws_errors()  # not a BotoCoreError: caught all the same

    no_creds = common.aws_error_message(NoCredentialsError(), 'sts:GetCallerIdentity')
    assert no_creds.startswith('AWS sts:GetCallerIdentity failed (NoCredentialsError)')
    assert 'give aws_access_key/aws_secret_key' in no_creds and 'a profile, or AWS_* variables' in no_creds
    page = '<html><body>502 Bad Gateway ' + 'x' * 5000 + '</body></html>'
    parser = common.aws_error_message(ResponseParserError(page), 'ec2:DescribeVpcs')
    assert 'ResponseParserError' in parser and 'HTML page' in parser and 'endpoint_url' in parser
    assert '<html>' not in parser and len(parser) < 400
    unreachable = common.aws_error_message(EndpointConnectionError(endpoint_url='https://ec2.x'), 'ec2:DescribeVpcs')
    assert 'check the network path to AWS' in unreachable
    failure = common.aws_failure(NoCredentialsError(), 'ec2:DescribeVpcs', checks=[])
    assert isinstance(failure, Failure) and failure.result == {'checks': []}
