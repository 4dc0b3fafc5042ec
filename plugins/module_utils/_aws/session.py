# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lazy, cached boto3 clients (the AWS connection options live in ``options.py``, re-exported here).

Only modules that talk to AWS import this file, so Palette-only modules never pay for boto3.
Unset options are not passed on: boto3's own chain (AWS_* variables, profiles, instance roles,
AWS_ENDPOINT_URL) fills them. This file never reads credentials itself. Global services (IAM, STS)
work without a region: the partition's main region is used to sign their requests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

try:
    import boto3
    import botocore.config
    import botocore.exceptions
    HAS_BOTO3 = True
    BOTO3_IMPORT_ERROR = None
except ImportError:
    HAS_BOTO3 = False
    BOTO3_IMPORT_ERROR = traceback.format_exc()

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.palette.aws.plugins.module_utils._aws.common import (
    aws_error_message,
    aws_errors,
    boto_error_code,
    is_boto_error_code,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.options import aws_argument_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_region
from ansible_collections.palette.aws.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

USER_AGENT_EXTRA = '%s/%s' % (COLLECTION_NAME, COLLECTION_VERSION)
# botocore "standard" retry mode: throttling and 5xx with exponential backoff and jitter.
DEFAULT_MAX_ATTEMPTS = 5  # total attempts, the first one included

# Services with one endpoint per partition (STS also has regional ones, the global endpoint answers in the
# partition's main region). boto3 still needs a region to sign requests: with none configured, these use
# GLOBAL_REGION[partition]; every other service needs a region.
GLOBAL_SERVICES = frozenset(['iam', 'sts'])
GLOBAL_REGION = {'aws': 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1'}
DEFAULT_PARTITION = 'aws'

# Re-exported: aws_argument_spec (options.py, loaded without boto3) and the error helpers of common.py.
__all__ = [
    'BOTO3_IMPORT_ERROR', 'DEFAULT_MAX_ATTEMPTS', 'DEFAULT_PARTITION', 'GLOBAL_REGION', 'GLOBAL_SERVICES', 'HAS_BOTO3',
    'USER_AGENT_EXTRA', 'AwsConfigError', 'aws_argument_spec', 'aws_client', 'aws_error_message', 'aws_errors',
    'boto_error_code', 'build_client', 'is_boto_error_code',
]

_CACHE_ATTR = '_palette_aws_clients'
_SESSION_OPTIONS = (
    ('aws_access_key', 'aws_access_key_id'),
    ('aws_secret_key', 'aws_secret_access_key'),
    ('session_token', 'aws_session_token'),
    ('profile', 'profile_name'),
)


class AwsConfigError(Exception):
    """The AWS connection cannot be set up (missing library, region, profile)."""


def _session(params):
    """A boto3 Session built only from the options the user set."""
    if not HAS_BOTO3:
        raise AwsConfigError(missing_required_lib('boto3 and botocore'))
    kwargs = dict((kw, params.get(opt)) for opt, kw in _SESSION_OPTIONS if params.get(opt))
    if params.get('region'):
        kwargs['region_name'] = params['region']
    try:
        return boto3.session.Session(**kwargs)
    except botocore.exceptions.ProfileNotFound as exc:
        raise AwsConfigError("AWS profile %r was not found in the AWS config/credentials files "
                             "(option profile or AWS_PROFILE)" % exc.kwargs.get('profile'))


def _region(session, service, partition):
    """The configured region; for a global service without one, the partition's main region."""
    if session.region_name:
        # Validated before any AWS call: a typo must not reach botocore as an endpoint host name.
        errors = validate_region(session.region_name, 'region')
        if errors:
            raise AwsConfigError('%s (option region, alias aws_region, or AWS_REGION / AWS_DEFAULT_REGION)' % errors[0])
        return session.region_name
    if service in GLOBAL_SERVICES:
        partition = partition or DEFAULT_PARTITION
        if partition not in GLOBAL_REGION:
            raise AwsConfigError('Unknown AWS partition %r (known: %s)' % (partition, ', '.join(sorted(GLOBAL_REGION))))
        return GLOBAL_REGION[partition]
    raise AwsConfigError('No AWS region is set: give the option region (alias aws_region) or set '
                         'AWS_REGION / AWS_DEFAULT_REGION (or a region in the AWS profile)')


def build_client(params, service, max_attempts=None, partition=None):
    """A new boto3 client for service; raises AwsConfigError with a message a user can act on.

    partition (default ``aws``) picks the region of a global service (GLOBAL_SERVICES) when none is set.
    """
    session = _session(params)
    region = _region(session, service, partition)
    config = botocore.config.Config(
        retries={'mode': 'standard', 'total_max_attempts': max_attempts or DEFAULT_MAX_ATTEMPTS},
        user_agent_extra=USER_AGENT_EXTRA,
    )
    kwargs = dict(region_name=region, config=config)
    if params.get('endpoint_url'):
        kwargs['endpoint_url'] = params['endpoint_url']
    # validate_certs is the AWS option (Palette has palette_validate_certs); only an explicit false turns checks off.
    if params.get('validate_certs') is False:
        kwargs['verify'] = False
    elif params.get('aws_ca_bundle'):
        kwargs['verify'] = params['aws_ca_bundle']
    try:
        return session.client(service, **kwargs)
    except (botocore.exceptions.BotoCoreError, ValueError) as exc:
        raise AwsConfigError('Cannot create the AWS %s client: %s' % (service, exc))


def register_secrets(module, client):
    """Adds the secret key and session token the client signs with to the module's no_log values.

    They may come from AWS_* variables or a profile, not from options: failures and results are scrubbed of them
    all the same (issue 12 item 4).
    """
    try:
        credentials = client._request_signer._credentials  # pylint: disable=protected-access
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except (AttributeError,) + aws_errors():
        return
    for secret in (getattr(frozen, 'secret_key', None), getattr(frozen, 'token', None)):
        if secret:
            module.no_log_values.add(secret)


def aws_client(module, service, max_attempts=None, partition=None):
    """The module's boto3 client for service (created once per module run); raises Failure when it cannot be made.

    partition: as for build_client (the region of a global service when none is set).
    """
    cache = getattr(module, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(module, _CACHE_ATTR, cache)
    key = (service, max_attempts, partition)
    if key not in cache:
        if not HAS_BOTO3:
            raise Failure(missing_required_lib('boto3 and botocore'), exception=BOTO3_IMPORT_ERROR)
        try:
            cache[key] = build_client(module.params, service, max_attempts=max_attempts, partition=partition)
        except AwsConfigError as exc:
            raise Failure(str(exc))
        register_secrets(module, cache[key])
    return cache[key]
