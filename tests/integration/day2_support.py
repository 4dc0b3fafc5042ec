"""Helpers shared by the day-2 module tests (node_pool, fargate_profile, kms_secret_encryption).

Clusters are created straight through the emulator's Palette API (not through a module), so these tests
exercise only the module under test. AWS fixtures (VPCs, keys, IAM users) are made with boto3 in moto.
"""

import boto3

DEFAULT_ACCOUNT = "6650a1b2c3d4e5f601234567"   # seed cloud account "aws-demo" (project Default)
EKS_PROFILE = "6650a1b2c3d4e5f60000aaaa"
AWS_PROFILE = "6650a1b2c3d4e5f60000bbbb"
REGION = "us-east-1"


def aws(moto_url, service):
    return boto3.client(service, region_name=REGION, endpoint_url=moto_url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _api(emu, method, path, body=None):
    status, parsed, _headers = emu.api(method, path, body)
    if status >= 300:
        raise AssertionError("%s %s -> %s %s" % (method, path, status, parsed))
    return parsed


def worker_entity(name="workers", size=2, azs=None, subnets=None, instance_type="t3.large", min_size=None,
                  max_size=None, control_plane=False, eks=True):
    cloud = {"instanceType": instance_type, "capacityType": "on-demand", "rootDeviceSize": 60}
    if eks:
        cloud["amiType"] = "AL2023_x86_64_STANDARD"
    if subnets:
        cloud["azs"] = [az for az, _sid in subnets]
        cloud["subnets"] = [{"az": az, "id": sid} for az, sid in subnets]
    else:
        cloud["azs"] = azs or [REGION + "a"]
    pool = {"name": name, "isControlPlane": control_plane, "labels": ["control-plane" if control_plane else "worker"],
            "size": size, "minSize": size if min_size is None else min_size,
            "maxSize": size if max_size is None else max_size, "useControlPlaneAsWorker": False,
            "updateStrategy": {"type": "RollingUpdateScaleOut"}}
    return {"cloudConfig": cloud, "poolConfig": pool}


def create_cluster(emu, name, cloud_type="eks", pools=None, vpc_id=None, account=DEFAULT_ACCOUNT,
                   encryption_key=None, fargate=None):
    """Create a cluster through the Palette API; returns (cluster uid, cloud config uid)."""
    cloud_config = {"region": REGION, "sshKeyName": "", "bastionDisabled": True}
    if vpc_id:
        cloud_config["vpcId"] = vpc_id
    if cloud_type == "eks":
        cloud_config["endpointAccess"] = {"public": True, "private": True}
        if encryption_key:
            cloud_config["encryptionConfig"] = {"isEnabled": True, "provider": encryption_key}
    if pools is None:
        pools = [worker_entity(eks=cloud_type == "eks")]
        if cloud_type == "aws":
            pools.insert(0, worker_entity("cp-pool", size=1, control_plane=True, eks=False))
    spec = {"cloudAccountUid": account, "cloudConfig": cloud_config, "machinepoolconfig": pools,
            "profiles": [{"uid": EKS_PROFILE if cloud_type == "eks" else AWS_PROFILE}]}
    if fargate:
        spec["fargateProfiles"] = fargate
    uid = _api(emu, "POST", "/v1/spectroclusters/%s" % cloud_type,
               {"metadata": {"name": name, "labels": {}, "annotations": {}}, "spec": spec})["uid"]
    cluster = _api(emu, "GET", "/v1/spectroclusters/%s" % uid)
    return uid, cluster["spec"]["cloudConfigRef"]["uid"]


def cloud_config(emu, cloud_type, config_uid):
    return _api(emu, "GET", "/v1/cloudconfigs/%s/%s" % (cloud_type, config_uid))


def pools_by_name(emu, cloud_type, config_uid):
    return dict((p["name"], p) for p in cloud_config(emu, cloud_type, config_uid)["spec"]["machinePoolConfig"])


def fargate_by_name(emu, config_uid):
    return dict((p["name"], p) for p in cloud_config(emu, "eks", config_uid)["spec"].get("fargateProfiles") or [])


def make_vpc(moto_url):
    """A VPC with two private subnets (main route table, no IGW route) and one public subnet (IGW route)."""
    ec2 = aws(moto_url, "ec2")
    vpc = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
    private = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.%d.0/24" % i, AvailabilityZone=REGION + az)
               ["Subnet"]["SubnetId"] for i, az in ((1, "a"), (2, "b"))]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.10.0/24", AvailabilityZone=REGION + "a")["Subnet"]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=table, SubnetId=public)
    return {"vpc": vpc, "private": private, "public": public}


def play(tasks, check=False):
    """One play on localhost; the connection comes from the PALETTE_* / AWS_* environment of run_playbook."""
    return [{"name": "day2", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]


def task(name, module, args, **extra):
    entry = {"name": name, module: args}
    entry.update((k, v) for k, v in extra.items() if v is not None)
    return entry


def res(result, name):
    """The module result of task ``name`` (the dict the module returned)."""
    return result.result(name)["result"]


def assert_ok(result):
    assert result.rc == 0, result
