# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Value checks and value shapes of node pool options, used by the rows of ``pool_table``.

A check is ``check(value, path) -> [error]``; it sees one option's value only (rules across options live in
``pool_validation``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.options import TAINT_EFFECTS

_IDS = {
    'ami': re.compile(r'^ami-([0-9a-f]{8}|[0-9a-f]{17})$'),
    'sg': re.compile(r'^sg-([0-9a-f]{8}|[0-9a-f]{17})$'),
}
KUBEADM_KEYS = ('kubeletExtraArgs', 'preKubeadmCommands', 'postKubeadmCommands')


def instance_type(value, path):
    return v.validate_instance_type(value, path)


def price(value, path):
    return v.validate_price(value, path)


def int_or_percent(value, path):
    return v.validate_int_or_percent(value, path)


def labels(value, path):
    return v.validate_labels(value, path)


def tags(value, path):
    return v.validate_tags(value, path)


def int_range(low, high):
    def check(value, path):
        return v.validate_range(value, low, high, path)
    return check


def aws_ids(kind):
    """Check of one id or a list of ids of ``kind`` (``ami``, ``sg``)."""
    def check(value, path):
        values = value if isinstance(value, list) else [value]
        errors = []
        for index, item in enumerate(values):
            where = '%s[%d]' % (path, index) if isinstance(value, list) else path
            if not (isinstance(item, str) and _IDS[kind].match(item)):
                errors.append('%s: %r is not a%s %s id; use the form %s-0123456789abcdef0'
                              % (where, item, 'n' if kind == 'ami' else '', kind, kind))
        for dup in v.duplicates(values if isinstance(value, list) else []):
            errors.append('%s: %s is listed more than once' % (path, dup))
        return errors
    return check


def annotations(value, path):
    """Kubernetes annotations: label-style keys, any string value."""
    errors = []
    for key in sorted(value or {}, key=str):
        errors += v.validate_label_key(key, '%s[%s]' % (path, key))
    return errors


def kubeadm_overrides(value, path):
    """YAML mapping with kubeletExtraArgs / preKubeadmCommands / postKubeadmCommands (the API field's text)."""
    import yaml  # ansible-core depends on PyYAML

    try:
        doc = yaml.safe_load(value)
    except yaml.YAMLError as exc:
        return ['%s: not valid YAML (%s); give a YAML mapping of %s'
                % (path, str(exc).splitlines()[0], ', '.join(KUBEADM_KEYS))]
    if not isinstance(doc, dict) or not doc:
        return ['%s: give a YAML mapping with one or more of %s' % (path, ', '.join(KUBEADM_KEYS))]
    unknown = sorted(str(k) for k in doc if k not in KUBEADM_KEYS)
    if unknown:
        return ['%s: unknown key %s; Palette takes only %s' % (path, ', '.join(unknown), ', '.join(KUBEADM_KEYS))]
    errors = []
    if 'kubeletExtraArgs' in doc and not isinstance(doc['kubeletExtraArgs'], dict):
        errors.append('%s: kubeletExtraArgs must be a mapping of flag: value' % path)
    for key in ('preKubeadmCommands', 'postKubeadmCommands'):
        if key in doc and not (isinstance(doc[key], list) and all(isinstance(i, str) for i in doc[key])):
            errors.append('%s: %s must be a list of shell commands (strings)' % (path, key))
    return errors


def taints(value, path):
    errors = v.validate_list_of_dicts(value, path, ('key', 'effect'))
    seen = []
    for index, taint in enumerate(value or []):
        if not isinstance(taint, dict):
            continue
        where = '%s[%d]' % (path, index)
        if taint.get('key'):
            errors += v.validate_label_key(taint['key'], v.join(where, 'key'))
        errors += v.validate_label_value(taint.get('value'), v.join(where, 'value'))
        errors += v.validate_choice(taint.get('effect'), TAINT_EFFECTS, v.join(where, 'effect'))
        pair = (taint.get('key'), taint.get('effect'))
        if pair in seen:
            errors.append('%s: taint %s:%s is given twice; keep one' % (where, pair[0], pair[1]))
        seen.append(pair)
    return errors


# -- value shapes

def str_map(mapping):
    return dict((str(k), '' if val is None else str(val)) for k, val in (mapping or {}).items())


def str_map_or_none(mapping):
    return None if mapping is None else str_map(mapping)


def canon_taints(value):
    out = [{'key': t.get('key'), 'value': t.get('value') or '', 'effect': t.get('effect')} for t in value or []]
    return sorted(out, key=lambda t: (t['key'] or '', t['effect'] or '', t['value']))


def canon_taints_or_none(value):
    return None if value is None else canon_taints(value)


def taint_bodies(value):
    return [{'key': t['key'], 'value': '' if t.get('value') is None else str(t['value']), 'effect': t['effect']}
            for t in canon_taints(value)]


# -- sizes

def planned_sizes(pool, current, control_plane, cloud_type=None):
    """``(size, min_size, max_size)`` after applying ``pool`` to ``current`` (normalised, None on create).

    An IaaS control plane has min = max = size (1 when created without count). On create size = count, else
    min_size; min/max default to the size. On update ``count`` unset keeps the current size clamped into the new
    bounds; ``count`` on a fixed pool (min == max == size) moves the bounds with it, else widens them to include
    it. An autoscaled EKS pool (min < max) persists size = min_size (REFERENCE.md 11.3).
    """
    count, low, high = pool.get('count'), pool.get('min_size'), pool.get('max_size')
    if control_plane:
        size = count if count is not None else ((current or {}).get('count') or 1)
        return size, size, size
    if current is None:
        size = count if count is not None else (low or 0)
        low = size if low is None else low
        high = max(size, low) if high is None else high
    else:
        size, low, high = _update_sizes(count, low, high, current)
    if cloud_type == 'eks' and high > low:
        size = low
    return size, low, high


def _update_sizes(count, low, high, current):
    size = current.get('count') or 0
    cur_low = current.get('min_size') if current.get('min_size') is not None else size
    cur_high = current.get('max_size') if current.get('max_size') is not None else size
    new_low = cur_low if low is None else low
    new_high = cur_high if high is None else high
    if count is not None:
        if low is None and high is None and cur_low == cur_high == size:
            return count, count, count
        size = count
        new_low = min(new_low, count) if low is None else new_low
        new_high = max(new_high, count) if high is None else new_high
    if new_low > new_high:  # only one bound was given and it crossed the other one
        new_high, new_low = (new_low, new_low) if high is None else (new_high, new_high)
    return min(max(size, new_low), new_high), new_low, new_high
