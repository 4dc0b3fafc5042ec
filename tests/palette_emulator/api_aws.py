"""AWS helper look-ups answered from moto's state (boto3 against the moto endpoint), plus the
EKS/AWS property validation endpoints.  Without an AWS endpoint these answer 503 ``AwsUnavailable``."""

import re

from . import catalog
from .lifecycle import split_ids
from .routing import Response, route
from .util import ApiError, bad_request, new_uid, not_found


def _aws(emu, req, service, region="us-east-1", need_account=True):
    if need_account:
        acct = req.query.get("cloudAccountUid")
        if not acct:
            raise bad_request("query parameter cloudAccountUid is required")
        emu.store.account(acct, req.project)
    if emu.aws is None:
        raise ApiError(503, "AwsUnavailable", "the emulator runs without an AWS (moto) endpoint")
    return emu.aws.client(service, region)


def _name(tags):
    return next((t["Value"] for t in tags or [] if t["Key"] == "Name"), "")


def _client_error(exc):
    err = getattr(exc, "response", {}).get("Error", {})
    return err.get("Code", ""), err.get("Message", str(exc))


@route("GET", "/v1/clouds/aws/regions")
def regions(emu, req):
    ec2 = _aws(emu, req, "ec2")
    out = [{"name": r["RegionName"], "endpoint": r.get("Endpoint", ""), "optInStatus": r.get("OptInStatus", "")}
           for r in ec2.describe_regions()["Regions"]]
    return Response(200, {"regions": sorted(out, key=lambda r: r["name"])})


@route("GET", "/v1/clouds/aws/regions/{region}/availabilityzones")
def zones(emu, req):
    ec2 = _aws(emu, req, "ec2", req.params["region"])
    out = [{"name": z["ZoneName"], "state": z.get("State", ""), "zoneId": z.get("ZoneId", "")}
           for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    return Response(200, {"zones": out})


@route("GET", "/v1/clouds/aws/regions/{region}/keypairs")
def keypairs(emu, req):
    ec2 = _aws(emu, req, "ec2", req.params["region"])
    return Response(200, {"keyNames": sorted(k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"])})


def keypair_exists(ec2, name):
    return any(k["KeyName"] == name for k in ec2.describe_key_pairs()["KeyPairs"])


@route("POST", "/v1/clouds/aws/regions/{region}/keypairs/{keypair}/validate")
def keypair_validate(emu, req):
    ec2 = _aws(emu, req, "ec2", req.params["region"])
    if not keypair_exists(ec2, req.params["keypair"]):
        raise not_found("key pair", "%s (region %s)" % (req.params["keypair"], req.params["region"]))
    return Response(204)


def private_subnets(ec2, vpc_id):
    """subnet id -> True when no route table of the subnet (explicit, else the VPC main table) routes to an IGW."""
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]
    main = None
    explicit = {}
    for t in tables:
        public = any((r.get("GatewayId") or "").startswith("igw-") for r in t.get("Routes", []))
        for a in t.get("Associations", []):
            if a.get("Main"):
                main = public
            elif a.get("SubnetId"):
                explicit[a["SubnetId"]] = public
    return explicit, bool(main)


@route("GET", "/v1/clouds/aws/regions/{region}/vpcs")
def vpcs(emu, req):
    ec2 = _aws(emu, req, "ec2", req.params["region"])
    out = []
    for v in ec2.describe_vpcs()["Vpcs"]:
        explicit, main_public = private_subnets(ec2, v["VpcId"])
        subnets = []
        for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [v["VpcId"]]}])["Subnets"]:
            public = explicit.get(s["SubnetId"], main_public)
            subnets.append({"subnetId": s["SubnetId"], "name": _name(s.get("Tags")), "az": s["AvailabilityZone"],
                            "isPrivate": not public, "mapPublicIpOnLaunch": bool(s.get("MapPublicIpOnLaunch"))})
        out.append({"vpcId": v["VpcId"], "name": _name(v.get("Tags")), "cidrBlock": v.get("CidrBlock", ""),
                    "subnets": sorted(subnets, key=lambda s: s["subnetId"])})
    return Response(200, {"vpcs": out})


def _describe_key(kms, key):
    from botocore.exceptions import ClientError
    try:
        return kms.describe_key(KeyId=key)["KeyMetadata"]
    except ClientError as exc:
        code, msg = _client_error(exc)
        if code in ("NotFoundException", "InvalidArnException", "ValidationException"):
            raise not_found("KMS key", key) from None
        raise ApiError(502, "AwsError", "%s: %s" % (code, msg)) from None


@route("GET", "/v1/clouds/aws/regions/{region}/kmskeys")
def kms_keys(emu, req):
    kms = _aws(emu, req, "kms", req.params["region"])
    aliases = {}
    for a in kms.list_aliases().get("Aliases", []):
        if a.get("TargetKeyId"):
            aliases.setdefault(a["TargetKeyId"], a["AliasName"])
    out = []
    for k in kms.list_keys().get("Keys", []):
        out.append({"keyId": k["KeyId"], "keyArn": k["KeyArn"], "keyAlias": aliases.get(k["KeyId"], "")})
    return Response(200, {"kmsKeys": out})


@route("GET", "/v1/clouds/aws/regions/{region}/kmskeys/validate")
def kms_validate(emu, req):
    """404 when the key does not exist; 400 ``KmsKeyDisabled`` when not Enabled; 400 ``InvalidKmsKey`` when it is
    not a SYMMETRIC_DEFAULT / ENCRYPT_DECRYPT key (EKS secrets encryption needs one)."""
    kms = _aws(emu, req, "kms", req.params["region"])
    arn = req.query.get("keyArn")
    if not arn:
        raise bad_request("query parameter keyArn is required")
    md = _describe_key(kms, arn)
    if md.get("KeyState") != "Enabled" or not md.get("Enabled", True):
        raise bad_request("KMS key %s is %s" % (arn, md.get("KeyState")), "KmsKeyDisabled")
    spec = md.get("KeySpec") or md.get("CustomerMasterKeySpec")
    if spec != "SYMMETRIC_DEFAULT" or md.get("KeyUsage", "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT":
        raise bad_request("KMS key %s is %s/%s; a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key is required"
                          % (arn, spec, md.get("KeyUsage")), "InvalidKmsKey")
    return Response(204)


@route("GET", "/v1/clouds/aws/regions/{region}/kms/{keyId}")
def kms_key(emu, req):
    kms = _aws(emu, req, "kms", req.params["region"])
    md = _describe_key(kms, req.params["keyId"])
    return Response(200, {"keyId": md["KeyId"], "awsAccountId": md.get("AWSAccountId", ""),
                          "enabled": bool(md.get("Enabled"))})


@route("GET", "/v1/clouds/aws/regions/{region}/instancetypes")
def instance_types(emu, req):
    def num(name):
        raw = req.query.get(name)
        try:
            return float(raw) if raw not in (None, "") else 0.0
        except ValueError:
            raise bad_request("query parameter %s must be a number" % name) from None
    cpu, mem, gpu = num("cpuGtEq"), num("memoryGtEq"), num("gpuGtEq")
    out = []
    for name, info in sorted(catalog.instance_types().items()):
        mem_gib = info["memoryMiB"] / 1024.0
        if info["cpu"] < cpu or mem_gib < mem or info["gpu"] < gpu:
            continue
        out.append({"type": name, "category": re.split(r"\d", name, maxsplit=1)[0], "cpu": info["cpu"], "memory": mem_gib,
                    "gpu": info["gpu"], "price": catalog.hourly_price(name), "nonSupportedZones": [],
                    "supportedArchitectures": list(info["arch"])})
    return Response(200, {"instanceTypes": out})


@route("GET", "/v1/clouds/aws/securitygroups")
def security_groups(emu, req):
    region, vpc = req.query.get("region"), req.query.get("vpcId")
    if not region or not vpc:
        raise bad_request("query parameters region and vpcId are required")
    ec2 = _aws(emu, req, "ec2", region, need_account=bool(req.query.get("cloudAccountUid")))
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]
    return Response(200, {"groups": [{"groupId": g["GroupId"], "groupName": g["GroupName"],
                                      "ownerId": g.get("OwnerId", "")} for g in groups]})


@route("GET", "/v1/clouds/aws/amiTypes")
def ami_types(emu, req):
    return Response(200, {"amiTypes": list(catalog.EKS_AMI_TYPES)})


@route("GET", "/v1/clouds/aws/regions/{region}/eksClusters/name/validate")
def eks_name_validate(emu, req):
    name = req.query.get("name")
    if not name:
        raise bad_request("query parameter name is required")
    eks = _aws(emu, req, "eks", req.params["region"])
    if name in eks.list_clusters().get("clusters", []):
        raise ApiError(409, "EksClusterNameAlreadyExists", "an EKS cluster named '%s' exists in %s"
                       % (name, req.params["region"]))
    return Response(204)


def _check_props(emu, req, region, ssh_key, vpc_id=None, subnets=None):
    ec2 = _aws(emu, req, "ec2", region, need_account=False)
    from botocore.exceptions import ClientError
    if ssh_key and not keypair_exists(ec2, ssh_key):
        raise bad_request("key pair %s does not exist in %s" % (ssh_key, region), "InvalidKeyPair")
    if vpc_id:
        try:
            ec2.describe_vpcs(VpcIds=[vpc_id])
        except ClientError:
            raise bad_request("VPC %s does not exist in %s" % (vpc_id, region), "InvalidVpc") from None
    # an entry may be a comma-joined "pub,priv" pair as in the cluster entities (REFERENCE.md 11.1)
    subnets = [sn for entry in subnets or [] for sn in split_ids(entry)]
    if subnets:
        try:
            found = ec2.describe_subnets(SubnetIds=list(subnets))["Subnets"]
        except ClientError:
            raise bad_request("subnets %s do not all exist in %s" % (", ".join(subnets), region), "InvalidSubnet") from None
        if vpc_id and any(s["VpcId"] != vpc_id for s in found):
            raise bad_request("subnets must belong to VPC %s" % vpc_id, "InvalidSubnet")


@route("POST", "/v1/clouds/eks/properties/validate")
def eks_props_validate(emu, req):
    b = req.body
    emu.store.account(b.get("cloudAccountUid", ""), req.project)
    if not b.get("region"):
        raise bad_request("region is required")
    _check_props(emu, req, b["region"], b.get("sshKeyName"), b.get("vpcId"), b.get("subnets"))
    return Response(204, None, {"AuditUid": new_uid()})


@route("POST", "/v1/clouds/aws/properties/validate")
def aws_props_validate(emu, req):
    b = req.body
    if not b.get("region"):
        raise bad_request("region is required")
    _check_props(emu, req, b["region"], b.get("sshKeyName"))
    return Response(204, None, {"AuditUid": new_uid()})
