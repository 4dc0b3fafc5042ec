"""Helpers shared by the day-2 module tests (node_pool, fargate_profile, kms_secret_encryption).

Clusters are created straight through the emulator's Palette API (not through a module), so these tests
exercise only the module under test. AWS fixtures (VPCs, keys, IAM users) are made with boto3 in moto.

The logic lives in tests/support.py; this module keeps the names (and defaults) the day-2 tests import.
"""

import support
from support import REGION, aws, cloud_config, create_cluster, res

__all__ = ["AWS_PROFILE", "DEFAULT_ACCOUNT", "EKS_PROFILE", "REGION", "_api", "assert_ok", "aws", "cloud_config",
           "create_cluster", "fargate_by_name", "make_vpc", "play", "pools_by_name", "res", "task", "worker_entity"]

DEFAULT_ACCOUNT = support.SEED_ACCOUNT_UID   # seed cloud account "aws-demo" (project Default)
EKS_PROFILE = support.SEED_EKS_PROFILE_UID
AWS_PROFILE = support.SEED_IAAS_PROFILE_UID
_api = support.api


def worker_entity(name="workers", size=2, azs=None, subnets=None, instance_type="t3.large", min_size=None,
                  max_size=None, control_plane=False, eks=True):
    return support.pool_entity(name, size, eks=eks, control_plane=control_plane, instance_type=instance_type, azs=azs,
                               subnets=subnets, min_size=min_size, max_size=max_size)


def pools_by_name(emu, cloud_type, config_uid):
    return dict((p["name"], p) for p in cloud_config(emu, cloud_type, config_uid)["spec"]["machinePoolConfig"])


def fargate_by_name(emu, config_uid):
    return dict((p["name"], p) for p in cloud_config(emu, "eks", config_uid)["spec"].get("fargateProfiles") or [])


def make_vpc(moto_url):
    """A VPC with two private subnets (main route table, no IGW route) and one public subnet (IGW route)."""
    made = support.make_vpc(moto_url, public_azs="a")
    return {"vpc": made["vpc"], "private": made["private"], "public": made["public"][0]}


def play(tasks, check=False):
    """One play on localhost; the connection comes from the PALETTE_* / AWS_* environment of run_playbook."""
    return support.play(tasks, name="day2")


def task(name, module, args, **extra):
    """A task calling ``module`` (as given) with ``args``; keywords of ``extra`` that are None are left out."""
    return support.task(name, module, args, drop_none=True, **extra)


def assert_ok(result):
    assert result.rc == 0, result
