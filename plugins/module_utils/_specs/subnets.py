# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subnets per availability zone, as users give them and as Palette stores them (REFERENCE.md section 11.1).

A zone usually carries a public and a private subnet. Users list ``{az, subnet_id}`` pairs (the same zone may
appear more than once, and ``subnet_id`` may itself be a comma-joined list); Palette takes one entry per zone whose
``id`` joins that zone's subnets with commas, and reads them back as ``subnetIds[az] = "subnet-a,subnet-b"``.
Everything is compared as a set of (zone, subnet id) pairs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _ids(value):
    return [part.strip() for part in str(value or '').split(',') if part.strip()]


def subnet_pairs(subnets):
    """Sorted, de-duplicated ``[(az, subnet id)]`` of option-shaped ``[{az, subnet_id}]`` entries."""
    pairs = set()
    for entry in subnets or []:
        if isinstance(entry, dict):
            for subnet_id in _ids(entry.get('subnet_id')):
                pairs.add((entry.get('az'), subnet_id))
    return sorted(pairs, key=lambda p: (p[0] or '', p[1]))


def normalise_subnets(subnets):
    """Option-shaped subnets, one entry per subnet id, sorted (what results and diffs show)."""
    return [{'az': az, 'subnet_id': subnet_id} for az, subnet_id in subnet_pairs(subnets)]


def subnet_entries(subnets):
    """The request's ``subnets`` list: one ``{az, id}`` per zone, its subnet ids comma-joined, zones sorted."""
    by_zone = {}
    for az, subnet_id in subnet_pairs(subnets):
        by_zone.setdefault(az, []).append(subnet_id)
    return [{'az': az, 'id': ','.join(ids)} for az, ids in sorted(by_zone.items())]


def subnets_from_read(subnet_ids):
    """Option-shaped subnets from a read ``subnetIds`` map (``{az: "subnet-a,subnet-b"}``)."""
    return normalise_subnets([{'az': az, 'subnet_id': ids} for az, ids in (subnet_ids or {}).items()])


def zones_of(subnets):
    return sorted(set(az for az, _subnet_id in subnet_pairs(subnets) if az))
