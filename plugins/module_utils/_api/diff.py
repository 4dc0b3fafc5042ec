# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Normalised comparisons and before/after diffs of managed fields.

Conventions: an option left unset (None) is unmanaged; None, "", [] and {} all mean "nothing", so an
API that returns ``null`` where the user wrote ``[]`` is not a change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

SECRET_MARKER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def is_empty(value):
    # 0 and False are values, not "nothing".
    return value is None or (isinstance(value, (str, list, tuple, dict)) and len(value) == 0)


def normalise(value):
    """Copy of ``value`` with dict keys sorted, empty members dropped, empties turned to None.

    Lists keep their order (order can matter); callers sort set-like lists before comparing.
    """
    if isinstance(value, dict):
        out = {}
        for key in sorted(value, key=str):
            item = normalise(value[key])
            if not is_empty(item):
                out[key] = item
        return out or None
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value] or None
    return None if is_empty(value) else value


def changed_keys(desired, current, whole=(), _prefix=""):
    """Dotted paths of the keys of ``desired`` (non-None only) whose values differ in ``current``.

    Nested dicts are compared key by key (their unset keys are unmanaged) unless their dotted path
    is in ``whole``; then the dict is compared as a whole, e.g. ``tags`` with ``purge_tags``.
    Lists and scalars are compared after normalisation.
    """
    changes = []
    current = current if isinstance(current, dict) else {}
    for key in sorted(desired or {}, key=str):
        want = desired[key]
        if want is None:
            continue
        path = _prefix + str(key)
        have = current.get(key)
        if isinstance(want, dict) and path not in whole and (have is None or isinstance(have, dict)):
            changes.extend(changed_keys(want, have, whole, path + "."))
        elif normalise(want) != normalise(have):
            changes.append(path)
    return changes


def overlay(current, desired, whole=(), _prefix=""):
    """``current`` with the non-None values of ``desired`` laid over it (the predicted object).

    Dicts merge recursively, except the dotted paths in ``whole``, which are replaced.
    """
    result = copy.deepcopy(current) if isinstance(current, dict) else {}
    for key, want in (desired or {}).items():
        if want is None:
            continue
        path = _prefix + str(key)
        have = result.get(key)
        if isinstance(want, dict) and isinstance(have, dict) and path not in whole:
            result[key] = overlay(have, want, whole, path + ".")
        else:
            result[key] = copy.deepcopy(want)
    return result


def hide_secrets(value, secret_keys):
    """Copy of ``value`` where the value of every key named in ``secret_keys`` (any depth) is masked.

    A set secret shows as a marker, so a diff still says that it changed, never what it is.
    """
    if isinstance(value, dict):
        return dict((k, (SECRET_MARKER if not is_empty(v) else v) if k in secret_keys
                     else hide_secrets(v, secret_keys)) for k, v in value.items())
    if isinstance(value, list):
        return [hide_secrets(item, secret_keys) for item in value]
    return value
