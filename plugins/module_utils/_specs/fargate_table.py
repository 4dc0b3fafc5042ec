# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""THE Fargate profile table: one row per option of a ``v1FargateProfile`` (issue 10 item 2).

Each row gives the option's key in the profile body (the read shape is the same), its conversions, its comparable
form and its value check. ``fargate`` (build, read, compare, validate) iterates ``FARGATE_ROWS``; ``pool_options``
derives the argument_spec from it. EKS cannot change a profile in place: every change replaces the profile.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import Row

MAX_SELECTORS = 5
# AWS: letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters
_PROFILE_NAME = re.compile(r'^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$')
# namespaces may use the wildcards * and ? (EKS Fargate selectors)
_NAMESPACE = re.compile(r'^[a-z0-9*?]([-a-z0-9*?]{0,61}[a-z0-9*?])?$')


def _check_name(name, path):
    if isinstance(name, str) and _PROFILE_NAME.match(name):
        return []
    return ['%s: %r is not a valid Fargate profile name; use at most 100 letters, digits, "-" or "_", starting '
            'with a letter or digit' % (path, name)]


def _check_subnets(subnets, path):
    errors = []
    for index, subnet in enumerate(subnets or []):
        errors += v.validate_aws_id(subnet, 'subnet', '%s[%d]' % (path, index))
    for dup in v.duplicates(subnets or []):
        errors.append('%s: %s is listed more than once' % (path, dup))
    return errors


def _check_selectors(selectors, path):
    errors = []
    if not selectors:
        errors.append('%s: a Fargate profile needs at least one selector (a namespace, optionally labels)' % path)
    elif len(selectors) > MAX_SELECTORS:
        errors.append('%s: %d selectors given; a Fargate profile takes at most %d (split it into several profiles)'
                      % (path, len(selectors), MAX_SELECTORS))
    errors += v.validate_list_of_dicts(selectors, path, ('namespace',))
    for index, selector in enumerate(s for s in selectors or [] if isinstance(s, dict)):
        where = '%s[%d]' % (path, index)
        namespace = selector.get('namespace')
        if namespace and not _NAMESPACE.match(namespace):
            errors.append('%s: %r is not a Kubernetes namespace name (lower-case letters, digits, "-", and the '
                          'wildcards * and ?)' % (v.join(where, 'namespace'), namespace))
        errors += v.validate_labels(selector.get('labels'), v.join(where, 'labels'))
    return errors


def _str_map(mapping):
    return dict((str(k), str(val)) for k, val in (mapping or {}).items())


def _selectors_to_api(selectors):
    out = []
    for selector in selectors or []:
        body = {'namespace': selector['namespace']}
        if selector.get('labels'):
            body['labels'] = _str_map(selector['labels'])
        out.append(body)
    return out


def _selectors_from_api(raw):
    return [{'namespace': s.get('namespace'), 'labels': _str_map(s.get('labels'))} for s in raw or []]


def _selectors_canon(selectors):
    # selector order does not matter to EKS (a pod matches any one of them)
    if selectors is None:
        return None
    return sorted((s.get('namespace'), sorted(_str_map(s.get('labels')).items())) for s in selectors)


FARGATE_ROWS = (
    Row('name', dict(type='str', required=True), ('name',), check=_check_name, tf='fargate_profile.name'),
    Row('subnets', dict(type='list', elements='str'), ('subnetIds',), check=_check_subnets, to_api=list,
        from_api=lambda raw: sorted(raw or []), canon=lambda value: None if value is None else sorted(value),
        tf='fargate_profile.subnets'),
    Row('selectors', dict(type='list', elements='dict', options=dict(
        namespace=dict(type='str', required=True), labels=dict(type='dict'))), ('selectors',),
        check=_check_selectors, to_api=_selectors_to_api, from_api=_selectors_from_api, canon=_selectors_canon,
        tf='fargate_profile.selector'),
    Row('additional_tags', dict(type='dict'), ('additionalTags',), check=v.validate_tags, to_api=_str_map,
        from_api=_str_map, canon=lambda value: None if value is None else _str_map(value),
        tf='fargate_profile.additional_tags'),
)
