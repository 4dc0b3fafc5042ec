# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS Fargate profiles: validation, ``v1FargateProfile`` bodies and read normalisation.

Palette replaces the whole list on ``PUT .../fargateProfiles``, so changing one profile means reading
the list, changing that entry and writing the list back (``merge_fargate_profiles``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.palette.aws.plugins.module_utils._api.diff import option_differences
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v

MAX_SELECTORS = 5
# AWS: letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters
_PROFILE_NAME = re.compile(r'^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$')
# namespaces may use the wildcards * and ? (EKS Fargate selectors)
_NAMESPACE = re.compile(r'^[a-z0-9*?]([-a-z0-9*?]{0,61}[a-z0-9*?])?$')
_OPTIONS = ('subnets', 'selectors', 'additional_tags')


def validate_fargate_profile(profile, path='', static=None):
    """Errors for one profile; ``static`` True (cluster has vpc_id) makes ``subnets`` required."""
    errors = []
    name = profile.get('name')
    if not isinstance(name, str) or not _PROFILE_NAME.match(name):
        errors.append('%s: %r is not a valid Fargate profile name; use at most 100 letters, digits, "-" or "_", '
                      'starting with a letter or digit' % (v.join(path, 'name'), name))
    selectors = profile.get('selectors')
    sel_path = v.join(path, 'selectors')
    if not selectors:
        errors.append('%s: a Fargate profile needs at least one selector (a namespace, optionally labels)'
                      % sel_path)
    elif len(selectors) > MAX_SELECTORS:
        errors.append('%s: %d selectors given; a Fargate profile takes at most %d (split it into several '
                      'profiles)' % (sel_path, len(selectors), MAX_SELECTORS))
    errors += v.validate_list_of_dicts(selectors, sel_path, ('namespace',))
    for index, selector in enumerate(selectors or []):
        if not isinstance(selector, dict):
            continue
        where = '%s[%d]' % (sel_path, index)
        namespace = selector.get('namespace')
        if namespace and not _NAMESPACE.match(namespace):
            errors.append('%s: %r is not a Kubernetes namespace name (lower-case letters, digits, "-", and the '
                          'wildcards * and ?)' % (v.join(where, 'namespace'), namespace))
        errors += v.validate_labels(selector.get('labels'), v.join(where, 'labels'))
    subnets = profile.get('subnets')
    for index, subnet in enumerate(subnets or []):
        errors += v.validate_aws_id(subnet, 'subnet', '%s[%d]' % (v.join(path, 'subnets'), index))
    for dup in v.duplicates(subnets or []):
        errors.append('%s: %s is listed more than once' % (v.join(path, 'subnets'), dup))
    if static and not subnets:
        errors.append('%s: with static placement (vpc_id) give the private subnets for Fargate pods'
                      % v.join(path, 'subnets'))
    elif static is False and subnets:
        errors.append('%s: with dynamic placement Palette picks the subnets; remove subnets or set vpc_id'
                      % v.join(path, 'subnets'))
    errors += v.validate_tags(profile.get('additional_tags'), v.join(path, 'additional_tags'))
    return errors


def build_fargate_profile(profile, current=None):
    """``v1FargateProfile`` from option-shaped ``profile``; unset options keep ``current`` (normalised)."""
    eff = copy.deepcopy(current) if current else {}
    for key in ('name',) + _OPTIONS:
        if profile.get(key) is not None:
            eff[key] = copy.deepcopy(profile[key])
    body = {
        'name': eff['name'],
        'subnetIds': list(eff.get('subnets') or []),
        'additionalTags': dict((str(k), str(val)) for k, val in (eff.get('additional_tags') or {}).items()),
        'selectors': [_selector_body(s) for s in eff.get('selectors') or []],
    }
    return body


def _selector_body(selector):
    out = {'namespace': selector['namespace']}
    if selector.get('labels'):
        out['labels'] = dict((str(k), str(val)) for k, val in selector['labels'].items())
    return out


def normalise_fargate_profile(read):
    """Option-shaped dict from a read ``v1FargateProfile``."""
    read = read or {}
    return {
        'name': read.get('name'),
        'subnets': sorted(read.get('subnetIds') or []),
        'selectors': [{'namespace': s.get('namespace'),
                       'labels': dict((k, str(val)) for k, val in (s.get('labels') or {}).items())}
                      for s in read.get('selectors') or []],
        'additional_tags': dict((k, str(val)) for k, val in (read.get('additionalTags') or {}).items()),
    }


def _canon(key, value):
    if key == 'subnets':
        return sorted(value or [])
    if key == 'additional_tags':
        return dict((str(k), str(val)) for k, val in (value or {}).items())
    # selector order does not matter to EKS (a pod matches any one of them)
    selectors = []
    for selector in value or []:
        labels = sorted((str(k), str(val)) for k, val in (selector.get('labels') or {}).items())
        selectors.append((selector.get('namespace'), labels))
    return sorted(selectors)


def fargate_profile_differences(desired, current):
    """``{option: (current, desired)}`` for options the user set that differ from ``current``."""
    return option_differences(desired, current, _OPTIONS, _canon)


def effective_fargate_profile(profile, current_list):
    """``profile`` with unset options taken from the current profile of the same name, if any.

    An update may leave ``selectors`` or ``subnets`` unset (unmanaged); validation must see what stays.
    """
    for read in current_list or []:
        if read.get('name') == profile.get('name'):
            current = normalise_fargate_profile(read)
            return dict((k, v if v is not None else current.get(k)) for k, v in profile.items())
    return profile


def merge_fargate_profiles(current_list, profile, state='present'):
    """The full ``fargateProfiles`` list to PUT after applying one profile.

    ``current_list`` is the read list (``v1FargateProfile`` dicts); other profiles are passed through
    untouched. ``present`` replaces the profile of the same name (unset options keep their current
    value) or appends it; ``absent`` removes it.
    """
    out, found = [], False
    for read in current_list or []:
        if read.get('name') != profile.get('name'):
            out.append(_clean_read(read))
            continue
        found = True
        if state == 'present':
            out.append(build_fargate_profile(profile, normalise_fargate_profile(read)))
    if state == 'present' and not found:
        out.append(build_fargate_profile(profile))
    return out


def merge_fargate_profile_list(current_list, profiles, purge=False):
    """Full list after applying several profiles (``aws_palette_cluster``); ``purge`` drops unlisted ones."""
    wanted = set(p.get('name') for p in profiles or [])
    out = [_clean_read(r) for r in current_list or [] if not purge or r.get('name') in wanted]
    for profile in profiles or []:
        out = merge_fargate_profiles(out, profile, 'present')
    return out


def _clean_read(read):
    """A read profile as a request body (only the fields ``v1FargateProfile`` defines)."""
    return dict((k, copy.deepcopy(read[k])) for k in ('name', 'subnetIds', 'additionalTags', 'selectors')
                if read.get(k) is not None)
