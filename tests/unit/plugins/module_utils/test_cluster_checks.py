# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rule of check_cluster_inputs: on a create every AWS object the options name, on an update only what changes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._flows import cluster_checks

POOL = {"name": "workers", "instance_type": "t3.large", "count": 1,
        "subnets": [{"az": "us-east-1a", "subnet_id": "subnet-0a,subnet-0b"}]}
PARAMS = {"vpc_id": "vpc-1", "ssh_key_name": "key", "node_pools": [POOL],
          "control_plane_subnets": [{"az": "us-east-1a", "subnet_id": "subnet-0a"},
                                    {"az": "us-east-1b", "subnet_id": "subnet-0c"}],
          "fargate_profiles": [{"name": "fp", "subnets": ["subnet-0a"]}]}
# what Palette reads back: one comma-joined entry per zone
CURRENT = {"region": "us-east-1", "vpc_id": "vpc-1", "ssh_key_name": "key",
           "node_pools": [{"name": "workers", "instance_type": "t3.large", "count": 1,
                           "subnets": [{"az": "us-east-1a", "subnet_id": "subnet-0b,subnet-0a"}]}],
           "fargate_profiles": [{"name": "fp", "subnets": ["subnet-0a"]}]}


def test_a_create_checks_everything_it_sends():
    wanted = cluster_checks.wanted_checks(PARAMS)
    assert (wanted.vpc, wanted.key_pair) == ("vpc-1", "key")
    assert sorted(s[2] for s in wanted.subnets) == ["subnet-0a", "subnet-0a", "subnet-0b", "subnet-0c"]
    assert wanted.instance_types == [("node_pools[0].instance_type", "t3.large")]
    assert wanted.fargate_subnets == [("fargate_profiles[0].subnets", "subnet-0a")]


def test_a_converged_update_checks_nothing():
    assert cluster_checks.wanted_checks(PARAMS, CURRENT).empty()
    assert cluster_checks.check_cluster_inputs(None, PARAMS, CURRENT) == []  # no module, no client: no AWS call


def test_an_update_checks_only_what_changes():
    grown = dict(PARAMS, node_pools=[dict(POOL, instance_type="m5.large", subnets=[
        {"az": "us-east-1a", "subnet_id": "subnet-0a,subnet-0b"}, {"az": "us-east-1b", "subnet_id": "subnet-0d"}])],
        fargate_profiles=[{"name": "fp", "subnets": ["subnet-0a", "subnet-0e"]}])
    wanted = cluster_checks.wanted_checks(grown, CURRENT)
    assert wanted.vpc is None and wanted.key_pair is None
    assert wanted.instance_types == [("node_pools[0].instance_type", "m5.large")]
    assert [(s[1], s[2]) for s in wanted.subnets] == [("us-east-1b", "subnet-0d")]
    assert wanted.fargate_subnets == [("fargate_profiles[0].subnets", "subnet-0e")]
