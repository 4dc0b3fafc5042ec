"""Helpers shared by the test suites that drive the collection end to end (tests/integration, tests/reliability,
tests/bench).

The root conftest.py puts tests/ on sys.path, so ``import support`` works from every test folder (and in every
xdist worker). Suite-specific helpers stay in their suite: tests/integration/day2_support.py and
tests/reliability/helpers.py re-export what they used to define here, with their own defaults.

Playbooks are built as Python data: one play on localhost, the connection coming from the PALETTE_* and AWS_*
environment that ``run_playbook`` sets. AWS fixtures are made with boto3 in moto; Palette fixtures (clusters)
are made straight through the emulator's Palette API, so a test exercises only the module under test.
"""

import boto3

REGION = "us-east-1"
# seed.json, project Default
SEED_ACCOUNT_NAME = "aws-demo"                      # cloud account with secret credentials
SEED_ACCOUNT_UID = "6650a1b2c3d4e5f601234567"
SEED_EKS_PROFILE_NAME = "eks-infra"
SEED_EKS_PROFILE_VERSION = "1.0.0"
SEED_EKS_PROFILE_UID = "6650a1b2c3d4e5f60000aaaa"   # eks-infra 1.0.0
SEED_IAAS_PROFILE_NAME = "aws-iaas-infra"
SEED_IAAS_PROFILE_UID = "6650a1b2c3d4e5f60000bbbb"


# ---------------------------------------------------------------------------------------------- playbooks
def play(tasks, name=None, **extra):
    """One play on localhost running ``tasks``; ``name`` (left out when None) and ``extra`` are play keywords."""
    entry = {} if name is None else {"name": name}
    entry.update(hosts="localhost", gather_facts=False, tasks=list(tasks))
    entry.update(extra)
    return [entry]


def task(name, module, args, qualify=False, drop_none=False, **extra):
    """A task calling ``module`` with ``args``; ``extra`` are task keywords (register, ignore_errors, ...).

    qualify: a short module name (no dot) becomes ``palette.aws.<module>``.
    drop_none: keywords of ``extra`` whose value is None are left out.
    """
    if qualify and "." not in module:
        module = "palette.aws." + module
    entry = {"name": name, module: args}
    entry.update((key, value) for key, value in extra.items() if not (drop_none and value is None))
    return entry


def res(result, name):
    """The dict that task ``name`` returned (the module result)."""
    return result.result(name)["result"]


# ---------------------------------------------------------------------------------------------- AWS (moto)
def aws(moto_url, service, region=REGION):
    """A boto3 client of ``service`` talking to moto at ``moto_url``."""
    return boto3.client(service, region_name=region, endpoint_url=moto_url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def internet_route_table(ec2, vpc_id):
    """A new internet gateway attached to ``vpc_id`` and a new route table of it with a default route to that
    gateway (associate a subnet with it to make the subnet public); returns (gateway id, route table id)."""
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    table = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    return igw, table


def make_vpc(moto_url, cidr="10.80.0.0/16", name=None, public_azs="ab"):
    """A VPC with two private subnets (main route table, no route to an IGW) and one public subnet (route to an
    IGW) per zone letter of ``public_azs``; ``name``, when given, is its Name tag.

    Returns {"vpc": id, "private": [ids], "public": [ids], "igw": id}.
    """
    ec2 = aws(moto_url, "ec2")
    prefix = ".".join(cidr.split(".")[:2])
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    if name is not None:
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": name}])

    def subnet(index, az):
        return ec2.create_subnet(VpcId=vpc, CidrBlock="%s.%d.0/24" % (prefix, index),
                                 AvailabilityZone=REGION + az)["Subnet"]["SubnetId"]
    private = [subnet(1, "a"), subnet(2, "b")]
    public = [subnet(10 + index, az) for index, az in enumerate(public_azs)]
    igw, table = internet_route_table(ec2, vpc)
    for sid in public:
        ec2.associate_route_table(RouteTableId=table, SubnetId=sid)
    return {"vpc": vpc, "private": private, "public": public, "igw": igw}


# ---------------------------------------------------------------------------------------------- Palette API setup
def api(emu, method, path, body=None):
    """The parsed answer of a Palette API call to the emulator; a status >= 300 fails the test."""
    status, parsed, _headers = emu.api(method, path, body)
    if status >= 300:
        raise AssertionError("%s %s -> %s %s" % (method, path, status, parsed))
    return parsed


def pool_entity(name="workers", size=2, eks=True, control_plane=False, instance_type="t3.large", azs=None,
                subnets=None, labels=None, taints=None, min_size=None, max_size=None):
    """A machine pool of a cluster create body: ``subnets`` [(az, subnet id)] (static placement) or ``azs``;
    ``min_size``/``max_size`` default to ``size``."""
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
    if labels:
        pool["additionalLabels"] = labels
    if taints:
        pool["taints"] = taints
    return {"cloudConfig": cloud, "poolConfig": pool}


def create_cluster(emu, name, cloud_type="eks", pools=None, vpc_id=None, account=SEED_ACCOUNT_UID, encryption_key=None,
                   fargate=None, control_plane_subnets=None, public_cidrs=None, cp_instance_type="t3.large"):
    """Create a cluster straight through the Palette API (setup only); returns (cluster uid, cloud config uid).

    pools: machine pool entities; by default one "workers" pool, plus a "cp-pool" control plane of
    ``cp_instance_type`` for cloud type "aws", or (EKS) a zero-size "cp-pool" on ``control_plane_subnets``
    [(az, subnet id)] when they are given.
    public_cidrs: EKS endpoint publicCIDRs (left out when None).
    encryption_key: EKS secrets encryption key ARN.
    """
    config = {"region": REGION, "sshKeyName": "", "bastionDisabled": True}
    if vpc_id:
        config["vpcId"] = vpc_id
    if cloud_type == "eks":
        config["endpointAccess"] = {"public": True, "private": True}
        if public_cidrs is not None:
            config["endpointAccess"]["publicCIDRs"] = list(public_cidrs)
        if encryption_key:
            config["encryptionConfig"] = {"isEnabled": True, "provider": encryption_key}
    if pools is None:
        pools = [pool_entity("workers", eks=cloud_type == "eks")]
        if cloud_type == "aws":
            pools.insert(0, pool_entity("cp-pool", size=1, control_plane=True, eks=False, instance_type=cp_instance_type))
        elif control_plane_subnets:
            pools.insert(0, pool_entity("cp-pool", size=0, control_plane=True, subnets=control_plane_subnets))
    spec = {"cloudAccountUid": account, "cloudConfig": config, "machinepoolconfig": pools,
            "profiles": [{"uid": SEED_EKS_PROFILE_UID if cloud_type == "eks" else SEED_IAAS_PROFILE_UID}]}
    if fargate:
        spec["fargateProfiles"] = fargate
    uid = api(emu, "POST", "/v1/spectroclusters/%s" % cloud_type,
              {"metadata": {"name": name, "labels": {}, "annotations": {}}, "spec": spec})["uid"]
    cluster = api(emu, "GET", "/v1/spectroclusters/%s" % uid)
    return uid, cluster["spec"]["cloudConfigRef"]["uid"]


def cloud_config(emu, cloud_type, config_uid):
    """The cloud config document (GET /v1/cloudconfigs/<cloud type>/<uid>)."""
    return api(emu, "GET", "/v1/cloudconfigs/%s/%s" % (cloud_type, config_uid))
