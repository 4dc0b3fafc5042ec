"""Shared helpers of the reliability suites (tests/reliability) and the benchmark (tests/bench).

Playbooks are built as Python data (one play on localhost, the connection coming from the PALETTE_* and
AWS_* environment that ``run_playbook`` sets), and AWS state is captured from moto as plain data so a
test can prove "nothing changed" by comparing two snapshots.
"""

import json
import os
from pathlib import Path

import boto3

REGION = "us-east-1"
ACCOUNT = "aws-demo"                  # seed cloud account of project Default (secret credentials)
EKS_PROFILE = "eks-infra"             # seed profiles
EKS_PROFILE_VERSION = "1.0.0"
IAAS_PROFILE = "aws-iaas-infra"
FAST = dict(pending_seconds=0.0, provision_seconds=0.5, delete_seconds=0.5, machine_provision_seconds=0.3,
            machine_delete_seconds=0.3)


# ---------------------------------------------------------------------------------------------- playbooks
def play(tasks, name="reliability", **extra):
    entry = {"name": name, "hosts": "localhost", "gather_facts": False, "tasks": list(tasks)}
    entry.update(extra)
    return [entry]


def task(name, module, args, **extra):
    """A task calling ``palette.aws.<module>`` (short names are qualified) with ``args``."""
    fqcn = module if "." in module else "palette.aws." + module
    entry = {"name": name, fqcn: args}
    entry.update(extra)
    return entry


def res(result, name):
    """The dict that task ``name`` returned."""
    return result.result(name)["result"]


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
def aws(moto_url, service):
    return boto3.client(service, region_name=REGION, endpoint_url=moto_url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def make_vpc(moto_url, cidr="10.80.0.0/16", name="rel"):
    """A VPC with two private subnets (no route to an IGW) and two public ones (route to an IGW)."""
    ec2 = aws(moto_url, "ec2")
    prefix = ".".join(cidr.split(".")[:2])
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": name}])

    def subnet(i, az):
        return ec2.create_subnet(VpcId=vpc, CidrBlock="%s.%d.0/24" % (prefix, i),
                                 AvailabilityZone=REGION + az)["Subnet"]["SubnetId"]
    private = [subnet(1, "a"), subnet(2, "b")]
    public = [subnet(10, "a"), subnet(11, "b")]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for sid in public:
        ec2.associate_route_table(RouteTableId=table, SubnetId=sid)
    return {"vpc": vpc, "private": private, "public": public, "igw": igw}


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
SEED_ACCOUNT_UID = "6650a1b2c3d4e5f601234567"     # aws-demo, project Default
SEED_EKS_PROFILE_UID = "6650a1b2c3d4e5f60000aaaa"
SEED_IAAS_PROFILE_UID = "6650a1b2c3d4e5f60000bbbb"


def api(emu, method, path, body=None):
    status, parsed, _hdrs = emu.api(method, path, body)
    if status >= 300:
        raise AssertionError("%s %s -> %s %s" % (method, path, status, parsed))
    return parsed


def pool_entity(name, size=2, eks=True, control_plane=False, instance_type="t3.large", azs=None, subnets=None,
                labels=None, taints=None):
    cloud = {"instanceType": instance_type, "capacityType": "on-demand", "rootDeviceSize": 60}
    if eks:
        cloud["amiType"] = "AL2023_x86_64_STANDARD"
    if subnets:
        cloud["azs"] = [az for az, _sid in subnets]
        cloud["subnets"] = [{"az": az, "id": sid} for az, sid in subnets]
    else:
        cloud["azs"] = azs or [REGION + "a"]
    pool = {"name": name, "isControlPlane": control_plane, "labels": ["control-plane" if control_plane else "worker"],
            "size": size, "minSize": size, "maxSize": size, "useControlPlaneAsWorker": False,
            "updateStrategy": {"type": "RollingUpdateScaleOut"}}
    if labels:
        pool["additionalLabels"] = labels
    if taints:
        pool["taints"] = taints
    return {"cloudConfig": cloud, "poolConfig": pool}


def create_cluster_api(emu, name, cloud_type="eks", pools=None, vpc_id=None, encryption_key=None, fargate=None,
                       control_plane_subnets=None):
    """Create a cluster straight through the Palette API (setup only); returns (uid, cloud config uid)."""
    cloud_config = {"region": REGION, "sshKeyName": "", "bastionDisabled": True}
    if vpc_id:
        cloud_config["vpcId"] = vpc_id
    if cloud_type == "eks":
        cloud_config["endpointAccess"] = {"public": True, "private": True, "publicCIDRs": ["0.0.0.0/0"]}
        if encryption_key:
            cloud_config["encryptionConfig"] = {"isEnabled": True, "provider": encryption_key}
    if pools is None:
        pools = [pool_entity("workers", eks=cloud_type == "eks")]
        if cloud_type == "aws":
            pools.insert(0, pool_entity("cp-pool", size=1, control_plane=True, eks=False, instance_type="m5.large"))
        elif control_plane_subnets:
            pools.insert(0, pool_entity("cp-pool", size=0, control_plane=True, subnets=control_plane_subnets))
    spec = {"cloudAccountUid": SEED_ACCOUNT_UID, "cloudConfig": cloud_config, "machinepoolconfig": pools,
            "profiles": [{"uid": SEED_EKS_PROFILE_UID if cloud_type == "eks" else SEED_IAAS_PROFILE_UID}]}
    if fargate:
        spec["fargateProfiles"] = fargate
    uid = api(emu, "POST", "/v1/spectroclusters/%s" % cloud_type,
              {"metadata": {"name": name, "labels": {}, "annotations": {}}, "spec": spec})["uid"]
    cluster = api(emu, "GET", "/v1/spectroclusters/%s" % uid)
    return uid, cluster["spec"]["cloudConfigRef"]["uid"]


def cloud_config(emu, cloud_type, config_uid):
    return api(emu, "GET", "/v1/cloudconfigs/%s/%s" % (cloud_type, config_uid))


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
