# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared input validators.

Every validator returns a list of error strings (empty = valid). Each message starts with the option
path (``node_pools[1].min_size``) and says how to fix the value, so callers can collect all errors and
``fail_json(msg='; '.join(errors))``. Nothing here raises on bad user input.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

_DNS1123_LABEL = re.compile(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')
_DNS1123_SUBDOMAIN = re.compile(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')
_LABEL_NAME = re.compile(r'^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$')
_PARTITION = r'aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f)?'
_REGION = r'[a-z]{2}(-[a-z]+)+-\d'
_KMS_KEY_ARN = re.compile(r'^arn:%s:kms:(%s):\d{12}:key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-'
                          r'[0-9a-f]{4}-[0-9a-f]{12})$' % (_PARTITION, _REGION))
_KMS_ALIAS_ARN = re.compile(r'^arn:%s:kms:(%s):\d{12}:alias/[A-Za-z0-9/_-]{1,250}$' % (_PARTITION, _REGION))
_KMS_ALIAS = re.compile(r'^alias/[A-Za-z0-9/_-]{1,250}$')
_REGION_RE = re.compile(r'^%s$' % _REGION)
_AWS_IDS = {
    'subnet': re.compile(r'^subnet-([0-9a-f]{8}|[0-9a-f]{17})$'),
    'vpc': re.compile(r'^vpc-([0-9a-f]{8}|[0-9a-f]{17})$'),
    'ami': re.compile(r'^ami-([0-9a-f]{8}|[0-9a-f]{17})$'),
}
_INSTANCE_TYPE = re.compile(r'^[a-z][a-z0-9-]*\.[a-z0-9-]+$')
_PRICE = re.compile(r'^\d+(\.\d+)?$')
_INT_OR_PERCENT = re.compile(r'^\d+%?$')
_UID = re.compile(r'^[0-9a-f]{24}$')
# IAM: names are letters, digits and _+=,.@- (roles at most 64, policies 128); a path is /, or /.../ of printable ASCII
_IAM_NAME = re.compile(r'^[A-Za-z0-9_+=,.@-]+$')
_IAM_NAME_MAX = {'role': 64, 'policy': 128}
_IAM_ARN = re.compile(r'^arn:(?P<partition>%s):iam::(?P<account>\d{12}|aws):(?P<kind>role|policy)/'
                      r'(?:[\x21-\x7e]*/)?(?P<name>[A-Za-z0-9_+=,.@-]+)$' % _PARTITION)
_ACCOUNT_ID = re.compile(r'^\d{12}$')
_POLICY_VERSIONS = ('2012-10-17', '2008-10-17')
_EFFECTS = ('Allow', 'Deny')

# (low, high, names) for the five standard cron fields
_CRON_FIELDS = (
    ('minute', 0, 59, None),
    ('hour', 0, 23, None),
    ('day of month', 1, 31, None),
    ('month', 1, 12, ('JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC')),
    ('day of week', 0, 7, ('SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT')),
)


def join(path, name):
    """Option path of ``name`` under ``path`` (``''`` = top level)."""
    if not path:
        return name
    if name.startswith('['):
        return path + name
    return '%s.%s' % (path, name)


def item(path, name, index):
    """Option path of element ``index`` of list option ``name``: ``node_pools[1]``."""
    return '%s[%d]' % (join(path, name), index)


def is_uid(value):
    """True when ``value`` looks like a Palette uid (24 lowercase hex digits)."""
    return isinstance(value, str) and bool(_UID.match(value))


def duplicates(values):
    """Values that occur more than once, in first-seen order."""
    seen, dups = set(), []
    for value in values:
        if value in seen and value not in dups:
            dups.append(value)
        seen.add(value)
    return dups


def validate_choice(value, choices, path):
    if value is None or value in choices:
        return []
    return ['%s: %r is not valid; use one of %s' % (path, value, ', '.join(choices))]


def validate_range(value, low, high, path):
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int):
        if high is None:
            return ['%s: %r is not an integer; give a whole number, %d or more' % (path, value, low)]
        return ['%s: %r is not an integer; give a whole number between %d and %d' % (path, value, low, high)]
    if value < low or (high is not None and value > high):
        if high is None:
            return ['%s: %d is too small; give %d or more' % (path, value, low)]
        return ['%s: %d is out of range; give a value between %d and %d' % (path, value, low, high)]
    return []


def validate_wait_options(params):
    """``wait_timeout`` (seconds, 0 or more) and ``wait_sleep`` (seconds between polls, 1 or more), when given.

    For the modules built with ``PaletteModule(wait=True)``: a negative or zero value would end a wait at once
    or poll without pause, so it fails before any request.
    """
    errors = validate_range(params.get('wait_timeout'), 0, None, 'wait_timeout')
    errors += validate_range(params.get('wait_sleep'), 1, None, 'wait_sleep')
    return errors


def validate_dns1123_label(value, path, what='name'):
    """Lower-case RFC 1123 label (Kubernetes object names): a-z, 0-9 and '-', at most 63 characters."""
    if not isinstance(value, str) or not value:
        return ['%s: a %s is required' % (path, what)]
    if len(value) > 63 or not _DNS1123_LABEL.match(value):
        return ['%s: %r is not a valid %s; use at most 63 lower-case letters, digits and "-", starting and '
                'ending with a letter or digit' % (path, value, what)]
    return []


def validate_cidr(value, path):
    """An IPv4 network in CIDR notation with no host bits set (EKS endpoint CIDRs are IPv4)."""
    if not isinstance(value, str) or '/' not in value:
        return ['%s: %r is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24' % (path, value)]
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return ['%s: %r is not a valid CIDR block; write it as address/prefix, e.g. 203.0.113.0/24' % (path, value)]
    if net.version != 4:
        return ['%s: %r is IPv6; EKS endpoint access CIDRs must be IPv4' % (path, value)]
    if str(net) != value:
        return ['%s: %r has host bits set; use the network address %s' % (path, value, net)]
    return []


def validate_cidr_list(values, path):
    errors = []
    for index, value in enumerate(values or []):
        errors.extend(validate_cidr(value, '%s[%d]' % (path, index)))
    for dup in duplicates(values or []):
        errors.append('%s: %s is listed more than once; list each CIDR once' % (path, dup))
    return errors


_NON_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'))


def is_public_cidr_candidate(value):
    """False for RFC 1918, shared (CGNAT), loopback and link-local ranges: no public traffic comes from them."""
    try:
        net = ipaddress.ip_network(value)
    except ValueError:
        return True
    return not any(net.version == 4 and net.subnet_of(block) for block in _NON_PUBLIC)


def _cron_number(token, low, high, names):
    if names and token.upper() in names:
        return names.index(token.upper()) + (1 if low == 1 else 0)
    if not token.isdigit():
        return None
    number = int(token)
    return number if low <= number <= high else None


def _cron_field_ok(field, low, high, names):
    for part in field.split(','):
        base, dummy, step = part.partition('/')
        if step and (not step.isdigit() or int(step) == 0):
            return False
        if base == '*':
            continue
        first, dummy, last = base.partition('-')
        start = _cron_number(first, low, high, names)
        end = _cron_number(last, low, high, names) if last else start
        if start is None or end is None or start > end:
            return False
    return True


def validate_cron(expr, path, allow_empty=False):
    """Standard 5-field cron (minute hour day-of-month month day-of-week); ``''`` only if allowed."""
    if expr is None:
        return []
    if expr == '' and allow_empty:
        return []
    fields = expr.split() if isinstance(expr, str) else []
    if len(fields) != 5:
        return ['%s: %r is not a 5-field cron expression; use "minute hour day-of-month month day-of-week", '
                'e.g. "0 2 * * 0"' % (path, expr)]
    errors = []
    for field, (what, low, high, names) in zip(fields, _CRON_FIELDS):
        if not _cron_field_ok(field, low, high, names):
            errors.append('%s: the %s field %r of %r is invalid; use *, a number %d-%d, a range a-b, a list a,b '
                          'or a step */n' % (path, what, field, expr, low, high))
    return errors


def kms_key_region(value):
    """Region of a KMS key/alias ARN, or None for a bare alias."""
    match = _KMS_KEY_ARN.match(value or '') or _KMS_ALIAS_ARN.match(value or '')
    return match.group(2) if match else None


def validate_kms_key(value, path, region=None):
    """A KMS key ARN, a KMS alias ARN or ``alias/<name>``; an ARN must be in the cluster's region."""
    if value is None:
        return []
    if not isinstance(value, str) or not (_KMS_KEY_ARN.match(value) or _KMS_ALIAS_ARN.match(value)
                                          or _KMS_ALIAS.match(value)):
        return ['%s: %r is not a KMS key; give a key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), an alias '
                'ARN (arn:aws:kms:REGION:ACCOUNT:alias/NAME) or alias/NAME' % (path, value)]
    key_region = kms_key_region(value)
    if region and key_region and key_region != region:
        return ['%s: the key is in region %s but the cluster is in %s; EKS needs a key in the cluster region'
                % (path, key_region, region)]
    return []


def validate_aws_account_id(value, path):
    """A 12-digit AWS account id (given as a string: a leading zero matters)."""
    if value is None or (isinstance(value, str) and _ACCOUNT_ID.match(value)):
        return []
    return ['%s: %r is not an AWS account id; give its 12 digits as a string, e.g. "123456789012"' % (path, value)]


def validate_iam_name(value, path, kind='role'):
    """An IAM role (1-64 characters) or managed policy (1-128) name: letters, digits and _+=,.@-."""
    limit = _IAM_NAME_MAX[kind]
    if isinstance(value, str) and 0 < len(value) <= limit and _IAM_NAME.match(value):
        return []
    return ['%s: %r is not a valid IAM %s name; use 1 to %d letters, digits and _+=,.@- (no spaces)'
            % (path, value, kind, limit)]


def validate_iam_arn(value, path, kind='role', partition=None):
    """An IAM role ARN (``arn:aws:iam::ACCOUNT:role/[PATH/]NAME``) or managed policy ARN (account ``aws`` for
    AWS managed policies); with ``partition``, the ARN must belong to it."""
    if value is None:
        return []
    match = _IAM_ARN.match(value) if isinstance(value, str) else None
    ok = match and match.group('kind') == kind and len(match.group('name')) <= _IAM_NAME_MAX[kind]
    if ok and kind == 'role' and match.group('account') == 'aws':
        ok = False
    if not ok:
        example = ('arn:aws:iam::123456789012:role/SpectroCloudRole' if kind == 'role'
                   else 'arn:aws:iam::123456789012:policy/PaletteControllerPolicy or '
                        'arn:aws:iam::aws:policy/ReadOnlyAccess')
        return ['%s: %r is not an IAM %s ARN; use arn:PARTITION:iam::ACCOUNT_ID:%s/NAME with the 12-digit account '
                'id, e.g. %s' % (path, value, kind, kind, example)]
    if partition and match.group('partition') != partition:
        return ['%s: %r is in partition %s but partition is %s; use an ARN of partition %s or set partition: %s'
                % (path, value, match.group('partition'), partition, partition, match.group('partition'))]
    return []


def _validate_policy_strings(value, path):
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(item, str) and item for item in values):
        return ['%s: give a non-empty string or list of non-empty strings' % path]
    return []


def _validate_policy_statement(statement, where):
    if not isinstance(statement, dict):
        return ['%s: expected a statement (a dictionary with Effect, Action and Resource)' % where]
    errors = []
    if statement.get('Effect') not in _EFFECTS:
        errors.append('%s.Effect: %r is not valid; use Allow or Deny' % (where, statement.get('Effect')))
    for pair, example in ((('Action', 'NotAction'), 'e.g. "ec2:Describe*"'), (('Resource', 'NotResource'), '"*"')):
        given = [key for key in pair if key in statement]
        if not given:
            errors.append('%s: %s (or %s) is required; list what the statement covers, %s'
                          % (where, pair[0], pair[1], example))
        elif len(given) == 2:
            errors.append('%s: give %s or %s, not both' % (where, pair[0], pair[1]))
        for key in given:
            errors += _validate_policy_strings(statement[key], join(where, key))
    for key in ('Principal', 'NotPrincipal'):
        if key in statement:
            errors.append('%s.%s: an identity policy names no principal (it applies to whoever it is attached '
                          'to); remove %s' % (where, key, key))
    return errors


def validate_policy_document(document, path):
    """An IAM identity (managed) policy document, already parsed from JSON: Version and a non-empty Statement
    (a list, or one statement) whose statements have Effect Allow/Deny, Action or NotAction and Resource or
    NotResource, and no Principal."""
    if not isinstance(document, dict):
        return ['%s: expected a policy document (a dictionary or a JSON object string) with Version and '
                'Statement' % path]
    errors = []
    if document.get('Version') not in _POLICY_VERSIONS:
        errors.append('%s.Version: %r is not valid; use "2012-10-17"' % (path, document.get('Version')))
    statements = document.get('Statement')
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        errors.append('%s.Statement: required; give a list of statements (Effect, Action, Resource)' % path)
        return errors
    for index, statement in enumerate(statements):
        errors += _validate_policy_statement(statement, '%s.Statement[%d]' % (path, index))
    return errors


def validate_region(value, path):
    if value is None or (isinstance(value, str) and _REGION_RE.match(value)):
        return []
    return ['%s: %r is not an AWS region name, e.g. us-east-1' % (path, value)]


def validate_aws_id(value, kind, path):
    """``subnet-…``, ``vpc-…`` or ``ami-…`` with 8 or 17 hex digits."""
    if value is None or (isinstance(value, str) and _AWS_IDS[kind].match(value)):
        return []
    return ['%s: %r is not a %s id; use the form %s-0123456789abcdef0' % (path, value, kind, kind)]


def validate_az(value, path, region=None):
    """An availability zone name; with ``region`` it must belong to that region."""
    if not isinstance(value, str) or not re.match(r'^%s[a-z0-9-]*[a-z]$' % _REGION, value):
        return ['%s: %r is not an availability zone name, e.g. us-east-1a' % (path, value)]
    if region and not value.startswith(region):
        return ['%s: availability zone %s is not in region %s; pick a zone of %s' % (path, value, region, region)]
    return []


def validate_instance_type(value, path):
    if value is None or (isinstance(value, str) and _INSTANCE_TYPE.match(value)):
        return []
    return ['%s: %r is not an EC2 instance type; use family.size, e.g. t3.large' % (path, value)]


def validate_price(value, path):
    if value is None or (isinstance(value, str) and _PRICE.match(value)):
        return []
    return ['%s: %r is not a price; give US dollars per hour as a decimal string, e.g. "0.12"' % (path, value)]


def validate_int_or_percent(value, path):
    if value is None or (isinstance(value, str) and _INT_OR_PERCENT.match(value)):
        return []
    return ['%s: %r is not a count or a percentage; use e.g. "1" or "25%%"' % (path, value)]


def validate_label_key(key, path):
    """Kubernetes label/taint key: optional DNS subdomain prefix (<= 253) + '/' + name (<= 63)."""
    prefix, slash, name = key.rpartition('/') if isinstance(key, str) else ('', '', '')
    ok = isinstance(key, str) and 0 < len(name) <= 63 and bool(_LABEL_NAME.match(name))
    if slash:
        ok = ok and 0 < len(prefix) <= 253 and bool(_DNS1123_SUBDOMAIN.match(prefix))
    if ok:
        return []
    return ['%s: %r is not a valid Kubernetes label key; use [prefix/]name where name has at most 63 '
            'letters, digits, "-", "_" or "." and starts and ends with a letter or digit' % (path, key)]


def validate_label_value(value, path):
    if value is None or value == '':
        return []
    text = str(value)
    if len(text) <= 63 and _LABEL_NAME.match(text):
        return []
    return ['%s: %r is not a valid Kubernetes label value; use at most 63 letters, digits, "-", "_" or ".", '
            'starting and ending with a letter or digit' % (path, value)]


def validate_labels(labels, path):
    """Kubernetes node/pod labels (keys and values)."""
    errors = []
    for key in sorted(labels or {}, key=str):
        errors.extend(validate_label_key(key, '%s[%s]' % (path, key)))
        errors.extend(validate_label_value(labels[key], '%s[%s]' % (path, key)))
    return errors


def validate_tags(tags, path):
    """AWS tags: key 1-128 characters not starting with "aws:", value at most 256 characters."""
    errors = []
    for key in sorted(tags or {}, key=str):
        where = '%s[%s]' % (path, key)
        if not isinstance(key, str) or not 0 < len(key) <= 128:
            errors.append('%s: tag keys must have 1 to 128 characters' % where)
        elif key.lower().startswith('aws:'):
            errors.append('%s: the "aws:" prefix is reserved by AWS; pick another tag key' % where)
        value = tags[key]
        if value is not None and len(str(value)) > 256:
            errors.append('%s: tag values must have at most 256 characters' % where)
    return errors


def validate_list_of_dicts(values, path, required=()):
    """Each element is a dict holding the ``required`` keys (for inline lists not checked by Ansible)."""
    errors = []
    for index, value in enumerate(values or []):
        where = '%s[%d]' % (path, index)
        if not isinstance(value, dict):
            errors.append('%s: expected a dictionary' % where)
            continue
        for key in required:
            if value.get(key) in (None, ''):
                errors.append('%s.%s: required; set %s' % (where, key, key))
    return errors
