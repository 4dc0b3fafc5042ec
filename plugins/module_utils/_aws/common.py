# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one set of small AWS helpers: tags, pagination, check results, AWS errors as failures with a fix.

boto3-free at import time (botocore is imported lazily), so Palette-only callers can load it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

# Error codes that mean "the credentials are wrong", "no permission", "slow down" (fix hints below).
AUTH_CODES = frozenset(['AuthFailure', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken',
                        'ExpiredTokenException', 'UnrecognizedClientException', 'InvalidAccessKeyId',
                        'IncompleteSignature', 'InvalidToken'])
DENIED_CODES = frozenset(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Forbidden'])
THROTTLE_CODES = frozenset(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])
CREDENTIALS_FIX = ('give aws_access_key/aws_secret_key (and session_token for temporary credentials), a profile, '
                   'or AWS_* variables')
_LONGEST_DETAIL = 300  # an HTML page or a stack of text from a proxy is cut to this


def check_result(name, status, detail):
    """One check of a preflight-like report: ``status`` is ok, fail or unknown (never ok by default)."""
    return {'name': name, 'status': status, 'detail': detail}


def tags_dict(aws_tags):
    """[{'Key': k, 'Value': v}] -> {k: v}."""
    return dict((t['Key'], t.get('Value', '')) for t in aws_tags or [])


def tag_list(tags):
    """{k: v} -> [{'Key': k, 'Value': v}], sorted by key."""
    return [{'Key': k, 'Value': v} for k, v in sorted(tags.items())]


def paginate(client, operation, key, **kwargs):
    """Every item under ``key`` of every page of a paginated AWS operation."""
    for page in client.get_paginator(operation).paginate(**kwargs):
        yield from page.get(key, [])


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def aws_errors():
    """The exception classes an AWS call can raise, for ``except aws_errors() as exc:``.

    NotImplementedError: moto's in-process answer for actions it does not implement. ResponseParserError (an HTML
    page where AWS XML or JSON was expected) is not a BotoCoreError: it is listed on its own.
    """
    try:
        import botocore.exceptions
        import botocore.parsers
    except ImportError:
        return (NotImplementedError,)
    return (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError,
            NotImplementedError)


def boto_error_code(exc):
    """The AWS error code of a botocore ClientError, else None."""
    response = getattr(exc, 'response', None)
    if isinstance(response, dict):
        return (response.get('Error') or {}).get('Code')
    return None


def is_boto_error_code(exc, code):
    """True when exc is an AWS error with that code (a string or a list/tuple/set of codes)."""
    found = boto_error_code(exc)
    if found is None:
        return False
    if isinstance(code, (list, tuple, set, frozenset)):
        return found in code
    return found == code


def _fix_for_code(code, action):
    if code in AUTH_CODES:
        return 'check the AWS credentials: ' + CREDENTIALS_FIX
    if code in DENIED_CODES:
        return 'give the AWS identity in use the IAM permission for %s' % action.split(' ', 1)[0]
    if code in THROTTLE_CODES:
        return 'AWS is throttling this account: retry later'
    if code == 'OptInRequired':
        return 'enable the region (or the service) for the account, or use another region'
    return None


def _fix_for_exception(exc):
    """(short detail, fix) of a botocore exception that carries no AWS error code."""
    name = type(exc).__name__
    if name in ('NoCredentialsError', 'PartialCredentialsError', 'CredentialRetrievalError'):
        return 'no usable AWS credentials', CREDENTIALS_FIX
    if name == 'ProfileNotFound':
        return str(exc), 'give an existing profile (option profile or AWS_PROFILE)'
    if name == 'NoRegionError':
        return 'no AWS region', 'give the option region or set AWS_REGION'
    if name in ('ResponseParserError',):
        return ('the answer was not an AWS API response (an HTML page from a proxy or load balancer?)',
                'check endpoint_url / AWS_ENDPOINT_URL and any proxy between here and AWS, then retry')
    if name in ('EndpointConnectionError', 'ConnectTimeoutError', 'ReadTimeoutError', 'ConnectionClosedError',
                'ProxyConnectionError', 'SSLError'):
        return (' '.join(str(exc).split())[:_LONGEST_DETAIL],
                'check the network path to AWS (endpoint_url, proxy, certificates) and retry')
    if isinstance(exc, NotImplementedError):
        return 'not implemented by this endpoint: %s' % exc, 'use an endpoint that implements this call'
    return ' '.join(str(exc).split())[:_LONGEST_DETAIL], None


def aws_error_message(exc, action):
    """'AWS <action> failed (<code or kind>): <message>; to fix: <fix>' built from the error fields only.

    Never the request (its signature and session token) nor a whole HTML page: only AWS's error code and message,
    or the kind of botocore error with a short detail.
    """
    code = boto_error_code(exc)
    if code is not None:
        message = ' '.join(str((exc.response.get('Error') or {}).get('Message') or '').split())[:_LONGEST_DETAIL]
        status = (exc.response.get('ResponseMetadata') or {}).get('HTTPStatusCode')
        text = 'AWS %s failed (%s): %s' % (action, '%s, HTTP %s' % (code, status) if status else code, message)
        fix = _fix_for_code(code, action)
    else:
        detail, fix = _fix_for_exception(exc)
        text = 'AWS %s failed (%s): %s' % (action, type(exc).__name__, detail)
    return text + ('; to fix: %s' % fix if fix else '')


def aws_failure(exc, action, **result):
    """A ``Failure`` for an AWS exception (raise it): the call that failed and how to fix it."""
    return Failure(aws_error_message(exc, action), **result)
