"""Shared helpers of the reliability suites (tests/reliability) and the benchmark (tests/bench).

Playbooks are built as Python data (one play on localhost, the connection coming from the PALETTE_* and
AWS_* environment that ``run_playbook`` sets), and AWS state is captured from moto as plain data so a
test can prove "nothing changed" by comparing two snapshots.

The helpers common to the other suites live in tests/support.py; this module re-exports them with the
reliability defaults.
"""

import json
import os
from pathlib import Path

import support
from support import (
    REGION,
    SEED_ACCOUNT_UID,
    SEED_EKS_PROFILE_UID,
    SEED_IAAS_PROFILE_UID,
    api,
    aws,
    cloud_config,
    pool_entity,
    res,
)

__all__ = ["ACCOUNT", "EKS_PROFILE", "EKS_PROFILE_VERSION", "FAST", "IAAS_PROFILE", "REGION", "SEED_ACCOUNT_UID",
           "SEED_EKS_PROFILE_UID", "SEED_IAAS_PROFILE_UID", "TESTS_DIR", "TIMER_PLUGINS", "api", "aws", "aws_snapshot",
           "cloud_config", "clusters_named", "create_cluster_api", "eks_cluster", "failures", "iaas_cluster",
           "make_kms_key", "make_orphans", "make_vpc", "palette_state", "play", "pool_entity", "res", "snapshot_diff",
           "task", "task_times", "timer_env"]

ACCOUNT = support.SEED_ACCOUNT_NAME           # seed cloud account of project Default (secret credentials)
EKS_PROFILE = support.SEED_EKS_PROFILE_NAME   # seed profiles
EKS_PROFILE_VERSION = support.SEED_EKS_PROFILE_VERSION
IAAS_PROFILE = support.SEED_IAAS_PROFILE_NAME
FAST = dict(pending_seconds=0.0, provision_seconds=0.5, delete_seconds=0.5, machine_provision_seconds=0.3,
            machine_delete_seconds=0.3)


# ---------------------------------------------------------------------------------------------- playbooks
def play(tasks, name="reliability", **extra):
    return support.play(tasks, name=name, **extra)


def task(name, module, args, **extra):
    """A task calling ``palette.aws.<module>`` (short names are qualified) with ``args``."""
    return support.task(name, module, args, qualify=True, **extra)


def failures(result):
    return [(e["task"], e["result"].get("msg")) for e in result.results if e["status"] == "failed"]


def eks_cluster(name, **over):
    """aws_palette_cluster options of a small EKS cluster with dynamic placement."""
    args = dict(name=name, cloud_type="eks", cloud_account=ACCOUNT, region=REGION,
                cluster_profiles=[{"name": EKS_PROFILE, "version": EKS_PROFILE_VERSION}],
                endpoint_access="private_and_public", public_access_cidrs=["0.0.0.0/0"],
                node_pools=[{"name": "workers", "instance_type": "t3.large", "count": 2, "azs": [REGION + "a"]}],
                wait_sleep=1)
    args.update(over)
    return args


def iaas_cluster(name, **over):
    """aws_palette_cluster options of a small AWS IaaS cluster with dynamic placement."""
    args = dict(name=name, cloud_type="aws", cloud_account=ACCOUNT, region=REGION,
                cluster_profiles=[{"name": IAAS_PROFILE}],
                node_pools=[{"name": "cp-pool", "control_plane": True, "instance_type": "m5.large", "count": 1,
                             "azs": [REGION + "a"]},
                            {"name": "workers", "instance_type": "m5.large", "count": 1, "azs": [REGION + "a"]}],
                wait_sleep=1)
    args.update(over)
    return args


# ---------------------------------------------------------------------------------------------- AWS (moto)
def make_vpc(moto_url, cidr="10.80.0.0/16", name="rel"):
    """A VPC with two private subnets (no route to an IGW) and two public ones (route to an IGW)."""
    return support.make_vpc(moto_url, cidr=cidr, name=name)


def make_kms_key(moto_url, spec="SYMMETRIC_DEFAULT", usage="ENCRYPT_DECRYPT"):
    kms = aws(moto_url, "kms")
    return kms.create_key(KeySpec=spec, KeyUsage=usage, Description="reliability")["KeyMetadata"]["Arn"]


def _tags(item):
    return sorted((t["Key"], t["Value"]) for t in item.get("Tags") or [])


def aws_snapshot(moto_url):
    """Everything the collection could change in AWS, as comparable data."""
    ec2 = aws(moto_url, "ec2")
    snap = {
        "vpcs": sorted((v["VpcId"], v["CidrBlock"], _tags(v)) for v in ec2.describe_vpcs()["Vpcs"]),
        "subnets": sorted((s["SubnetId"], s["CidrBlock"], _tags(s)) for s in ec2.describe_subnets()["Subnets"]),
        "igws": sorted((g["InternetGatewayId"], _tags(g)) for g in
                       ec2.describe_internet_gateways()["InternetGateways"]),
        "nat": sorted((n["NatGatewayId"], n["State"]) for n in ec2.describe_nat_gateways()["NatGateways"]),
        "eips": sorted((a.get("AllocationId"), _tags(a)) for a in ec2.describe_addresses()["Addresses"]),
        "enis": sorted(n["NetworkInterfaceId"] for n in ec2.describe_network_interfaces()["NetworkInterfaces"]),
        "volumes": sorted(v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]),
        "instances": sorted((i["InstanceId"], i["State"]["Name"]) for r in
                            ec2.describe_instances()["Reservations"] for i in r["Instances"]),
        "route_tables": sorted((t["RouteTableId"], len(t.get("Routes") or []), len(t.get("Associations") or []))
                               for t in ec2.describe_route_tables()["RouteTables"]),
        "key_pairs": sorted(k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]),
        "security_groups": sorted((g["GroupId"], _tags(g)) for g in ec2.describe_security_groups()["SecurityGroups"]),
    }
    kms = aws(moto_url, "kms")
    snap["kms"] = sorted((k["KeyId"], kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"],
                          len(kms.list_grants(KeyId=k["KeyId"]).get("Grants") or []))
                         for k in kms.list_keys()["Keys"])
    iam = aws(moto_url, "iam")
    snap["iam_roles"] = sorted((r["RoleName"], json.dumps(r.get("AssumeRolePolicyDocument"), sort_keys=True))
                               for r in iam.list_roles()["Roles"])
    snap["iam_policies"] = sorted((p["PolicyName"], p["DefaultVersionId"]) for p in
                                  iam.list_policies(Scope="Local")["Policies"])
    snap["iam_attached"] = sorted((r["RoleName"], p["PolicyName"]) for r in iam.list_roles()["Roles"]
                                  for p in iam.list_attached_role_policies(RoleName=r["RoleName"])["AttachedPolicies"])
    elbv2 = aws(moto_url, "elbv2")
    snap["elbv2"] = sorted(lb["LoadBalancerArn"] for lb in elbv2.describe_load_balancers()["LoadBalancers"])
    elb = aws(moto_url, "elb")
    snap["elb"] = sorted(lb["LoadBalancerName"] for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"])
    return snap


def snapshot_diff(before, after):
    """{kind: {"added": [...], "removed": [...]}} for every kind of AWS resource that changed."""
    out = {}
    for kind in sorted(set(before) | set(after)):
        old = set(json.dumps(item) for item in before.get(kind) or [])
        new = set(json.dumps(item) for item in after.get(kind) or [])
        if old != new:
            out[kind] = {"added": sorted(new - old), "removed": sorted(old - new)}
    return out


# ---------------------------------------------------------------------------------------------- Palette
def palette_state(emu):
    """What a write could change in the emulator: cluster metadata/spec, cloud configs, accounts, settings."""
    store = emu.emulator.store
    with store.lock:
        data = {
            "clusters": dict((uid, {"metadata": dict((k, v) for k, v in rec.doc["metadata"].items()
                                                     if k != "lastModifiedTimestamp"),
                                    "spec": rec.doc.get("spec"), "deleting": rec.delete_requested_at is not None,
                                    "profiles": rec.profile_entities, "settings": rec.settings})
                             for uid, rec in store.clusters.items()),
            "cloudconfigs": dict((uid, doc.get("spec")) for uid, doc in store.cloudconfigs.items()),
            "accounts": dict((uid, {"metadata": doc["metadata"], "spec": doc["spec"]})
                             for uid, doc in store.accounts.items()),
        }
        return json.loads(json.dumps(data, sort_keys=True, default=str))


def clusters_named(emu, name):
    """Clusters called ``name`` that are not deleted (emulator internal view)."""
    return [c for c in emu.clusters(name) if c.get("state") != "Deleted"]


# ---------------------------------------------------------------------------------------------- direct API setup
def create_cluster_api(emu, name, cloud_type="eks", pools=None, vpc_id=None, encryption_key=None, fargate=None,
                       control_plane_subnets=None):
    """Create a cluster straight through the Palette API (setup only); returns (uid, cloud config uid)."""
    return support.create_cluster(emu, name, cloud_type=cloud_type, pools=pools, vpc_id=vpc_id, encryption_key=encryption_key,
                                  fargate=fargate, control_plane_subnets=control_plane_subnets, public_cidrs=["0.0.0.0/0"],
                                  cp_instance_type="m5.large")


def make_orphans(emu, name):
    """A cluster that was force-deleted: Palette forgot it, its VPC, NAT, EIP, ELB, ... stay in moto."""
    uid, _cfg = create_cluster_api(emu, name)
    api(emu, "GET", "/v1/spectroclusters/%s" % uid)          # tick: AWS resources are created on Provisioning
    emu.mark_stuck(uid)
    api(emu, "DELETE", "/v1/spectroclusters/%s" % uid)
    emu.advance_clock(emu.emulator.config.force_delete_after_seconds + 1)
    status, body, _hdrs = emu.api("DELETE", "/v1/spectroclusters/%s" % uid + "?forceDelete=true")
    assert status < 300, body
    return uid


# ---------------------------------------------------------------------------------------------- task timing
TESTS_DIR = Path(__file__).resolve().parent.parent
TIMER_PLUGINS = str(TESTS_DIR / "bench" / "callback_plugins")


def timer_env(path):
    """run_playbook env that also records task start/end times (tests/bench/callback_plugins/task_timer.py)."""
    plugins = os.pathsep.join([str(TESTS_DIR / "integration" / "callback_plugins"), TIMER_PLUGINS])
    return {"ANSIBLE_CALLBACK_PLUGINS": plugins, "ANSIBLE_CALLBACKS_ENABLED": "json_results,task_timer",
            "PALETTE_TASK_TIMES_FILE": str(path)}


def task_times(path):
    with open(str(path), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
