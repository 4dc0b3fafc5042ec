# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Palette's rate estimate of a cluster (REFERENCE.md section 10.5): before a create, and for an existing one."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths

PERIODS = ("hourly", "monthly")


def _summary(answers):
    """``{hourly: {compute, storage, total}, monthly: {...}, pools: [{name, nodes, hourly, monthly}]}``."""
    out = {"pools": {}}
    for period, answer in answers.items():
        out[period] = dict((k, (answer.get("rate") or {}).get(k)) for k in ("compute", "storage", "total"))
        for pool in answer.get("machinePools") or []:
            entry = out["pools"].setdefault(pool.get("name"), {"name": pool.get("name"), "nodes": pool.get("nodesCount")})
            entry[period] = (pool.get("rate") or {}).get("total")
    out["pools"] = [out["pools"][name] for name in sorted(out["pools"], key=str)]
    return out


def estimate_create(client, cloud_type, create_body):
    """Rate of a cluster about to be created from its create entity (a read-only POST per period)."""
    spec = create_body["spec"]
    body = {"cloudConfig": spec["cloudConfig"], "machinepoolconfig": spec.get("machinepoolconfig") or []}
    return _summary(dict((period, client.post(paths.cluster_rate_estimate(cloud_type), body=body,
                                              query={"periodType": period}, idempotent=True) or {})
                         for period in PERIODS))


def estimate_cluster(client, uid):
    """Rate of an existing cluster."""
    return _summary(dict((period, client.get(paths.cluster(uid, "/rate"), query={"periodType": period}) or {})
                         for period in PERIODS))
