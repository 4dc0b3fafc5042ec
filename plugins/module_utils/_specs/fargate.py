# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS Fargate profiles: validation, ``v1FargateProfile`` bodies and read normalisation, iterating
``fargate_table.FARGATE_ROWS``.

Palette replaces the whole list on ``PUT .../fargateProfiles``, so changing one profile means reading the list,
changing that entry and writing the list back (``merge_fargate_profiles``); other profiles pass through as read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.fargate_table import FARGATE_ROWS, MAX_SELECTORS
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_table import get_path

__all__ = ['MAX_SELECTORS', 'build_fargate_profile', 'effective_fargate_profile', 'fargate_profile_differences',
           'merge_fargate_profile_list', 'merge_fargate_profiles', 'normalise_fargate_profile',
           'validate_fargate_profile']
_BODY_KEYS = tuple(row.place(None)[0] for row in FARGATE_ROWS)


def validate_fargate_profile(profile, path='', static=None):
    """Errors for one profile; ``static`` True (cluster has vpc_id) makes ``subnets`` required."""
    errors = []
    for row in FARGATE_ROWS:
        value = profile.get(row.key)
        if row.key == 'name' or value is not None:
            errors += row.check(value, v.join(path, row.key))
    if profile.get('selectors') is None:
        errors.append('%s: a Fargate profile needs at least one selector (a namespace, optionally labels)'
                      % v.join(path, 'selectors'))
    subnets = profile.get('subnets')
    if static and not subnets:
        errors.append('%s: with static placement (vpc_id) give the private subnets for Fargate pods'
                      % v.join(path, 'subnets'))
    elif static is False and subnets:
        errors.append('%s: with dynamic placement Palette picks the subnets; remove subnets or set vpc_id'
                      % v.join(path, 'subnets'))
    return errors


def build_fargate_profile(profile, current=None):
    """``v1FargateProfile`` from option-shaped ``profile``; unset options keep ``current`` (normalised)."""
    body = {}
    for row in FARGATE_ROWS:
        value = profile.get(row.key)
        if value is None:
            value = (current or {}).get(row.key)
        row.put(body, value if value is not None else row.from_api(None), None)
    return body


def normalise_fargate_profile(read):
    """Option-shaped dict from a read ``v1FargateProfile``."""
    return dict((row.key, row.from_api(get_path(read or {}, row.place(None)))) for row in FARGATE_ROWS)


def fargate_profile_differences(desired, current):
    """``{option: (current, desired)}`` for options the user set that differ from ``current``."""
    out = {}
    for row in FARGATE_ROWS:
        if row.key != 'name' and desired.get(row.key) is not None \
                and row.canon(desired[row.key]) != row.canon(current.get(row.key)):
            out[row.key] = (current.get(row.key), desired[row.key])
    return out


def effective_fargate_profile(profile, current_list):
    """``profile`` with unset options taken from the current profile of the same name, if any.

    An update may leave ``selectors`` or ``subnets`` unset (unmanaged); validation must see what stays.
    """
    for read in current_list or []:
        if read.get('name') == profile.get('name'):
            current = normalise_fargate_profile(read)
            return dict((k, val if val is not None else current.get(k)) for k, val in profile.items())
    return profile


def merge_fargate_profiles(current_list, profile, state='present'):
    """The full ``fargateProfiles`` list to PUT after applying one profile.

    ``current_list`` is the read list; other profiles are passed through untouched. ``present`` replaces the
    profile of the same name (unset options keep their current value) or appends it; ``absent`` removes it.
    """
    out, found = [], False
    for read in current_list or []:
        if read.get('name') != profile.get('name'):
            out.append(_clean_read(read))
            continue
        found = True
        if state == 'present':
            current = normalise_fargate_profile(read)
            out.append(_clean_read(read) if not fargate_profile_differences(profile, current)
                       else build_fargate_profile(profile, current))
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
    return dict((k, copy.deepcopy(read[k])) for k in _BODY_KEYS if read.get(k) is not None)
