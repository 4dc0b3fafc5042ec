"""AWS side of the emulator: what 'Palette' creates in moto for a cluster, and what it removes.

Tags follow palette-iam/TAGS.md section 2 (CAPA): ``Name``, ``sigs.k8s.io/cluster-api-provider-aws/cluster/<c>=owned``,
``sigs.k8s.io/cluster-api-provider-aws/role=<role>``, ``kubernetes.io/cluster/<c>=owned`` where CAPA sets it,
plus ``spectro__ownerUid=<tenant uid>``.

Dynamic placement (no vpcId): VPC, per-AZ public+private subnets, IGW, per-AZ EIP+NAT, route tables,
security groups, a classic ELB for the API server, one ENI and one EBS volume (machine-like).
Static placement: security groups, ELB, ENI and volume in the given VPC/subnets only.
Normal delete removes everything recorded; force delete removes only the ENI (the "machine") and
leaves the rest behind as orphans (VPC, subnets, IGW, NAT, EIP, route tables, SGs, ELB, volume).
"""

import threading

from .lifecycle import split_ids

CAPA_CLUSTER = "sigs.k8s.io/cluster-api-provider-aws/cluster/%s"
CAPA_ROLE = "sigs.k8s.io/cluster-api-provider-aws/role"
K8S_CLUSTER = "kubernetes.io/cluster/%s"

FAKE_CREDS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def tags(cluster, name, role, k8s_owned=False, tenant=None, extra=None):
    out = {"Name": name, CAPA_CLUSTER % cluster: "owned", CAPA_ROLE: role}
    if k8s_owned:
        out[K8S_CLUSTER % cluster] = "owned"
    if tenant:
        out["spectro__ownerUid"] = tenant
    out.update(extra or {})
    return out


def tag_spec(resource_type, tagdict):
    return [{"ResourceType": resource_type, "Tags": [{"Key": k, "Value": v} for k, v in tagdict.items()]}]


class AwsBacking:
    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url
        self._clients = {}
        self._lock = threading.Lock()
        self._cidr_counter = 0

    def client(self, service, region="us-east-1"):
        import boto3  # lazy: the emulator works without AWS backing
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = boto3.client(service, region_name=region, endpoint_url=self.endpoint_url,
                                                  **FAKE_CREDS)
            return self._clients[key]

    # ------------------------------------------------------------------ provisioning
    def provision(self, store, rec):
        spec_cfg = store.cloudconfigs[rec.cfg_uid]["spec"]
        cluster_cfg = spec_cfg.get("clusterConfig") or {}
        pools = spec_cfg.get("machinePoolConfig") or []
        region = cluster_cfg.get("region") or "us-east-1"
        tenant = store.tenant.get("uid")
        try:
            if cluster_cfg.get("vpcId"):
                self._static(rec, region, cluster_cfg, pools, tenant)
            else:
                self._dynamic(rec, region, cluster_cfg, pools, tenant)
        except Exception as exc:  # recorded, never fatal: Palette would show a condition
            rec.aws_errors.append("provision: %s" % exc)

    def _azs(self, region, pools):
        azs = []
        for p in pools:
            for az in (p.get("azs") or []) + list((p.get("subnetIds") or {}).keys()):
                if az and az not in azs:
                    azs.append(az)
        return azs[:3] or [region + "a", region + "b"]

    def _next_cidr(self):
        with self._lock:
            self._cidr_counter = (self._cidr_counter % 250) + 1
            return self._cidr_counter

    def _dynamic(self, rec, region, cfg, pools, tenant):
        c = rec.name
        ec2 = self.client("ec2", region)
        res = rec.aws
        res.update({"region": region, "placement": "dynamic", "subnets": [], "natGateways": [], "eips": [],
                    "routeTables": [], "securityGroups": [], "enis": [], "volumes": []})
        octet = self._next_cidr()
        vpc = ec2.create_vpc(CidrBlock="10.%d.0.0/16" % octet,
                             TagSpecifications=tag_spec("vpc", tags(c, c + "-vpc", "common", tenant=tenant)))
        vpc_id = res["vpc"] = vpc["Vpc"]["VpcId"]
        igw = ec2.create_internet_gateway(
            TagSpecifications=tag_spec("internet-gateway", tags(c, c + "-igw", "common", tenant=tenant)))
        igw_id = res["igw"] = igw["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
        public, private = [], []
        for i, az in enumerate(self._azs(region, pools)):
            for kind, lst, n, elb_tag in (("public", public, 2 * i, "kubernetes.io/role/elb"),
                                          ("private", private, 2 * i + 1, "kubernetes.io/role/internal-elb")):
                t = tags(c, "%s-subnet-%s-%s" % (c, kind, az), kind, k8s_owned=True, tenant=tenant,
                         extra={elb_tag: "1"})
                sn = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.%d.%d.0/24" % (octet, n), AvailabilityZone=az,
                                       TagSpecifications=tag_spec("subnet", t))["Subnet"]["SubnetId"]
                lst.append((az, sn))
                res["subnets"].append(sn)
            rt_pub = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tag_spec(
                "route-table", tags(c, "%s-rt-public-%s" % (c, az), "common", k8s_owned=True, tenant=tenant)))
            rt_pub_id = rt_pub["RouteTable"]["RouteTableId"]
            res["routeTables"].append(rt_pub_id)
            ec2.create_route(RouteTableId=rt_pub_id, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
            ec2.associate_route_table(RouteTableId=rt_pub_id, SubnetId=public[-1][1])
            ec2.modify_subnet_attribute(SubnetId=public[-1][1], MapPublicIpOnLaunch={"Value": True})
            eip = ec2.allocate_address(Domain="vpc", TagSpecifications=tag_spec(
                "elastic-ip", tags(c, c + "-eip-common", "common", tenant=tenant)))
            res["eips"].append(eip["AllocationId"])
            nat = ec2.create_nat_gateway(SubnetId=public[-1][1], AllocationId=eip["AllocationId"],
                                         TagSpecifications=tag_spec("natgateway",
                                                                    tags(c, c + "-nat", "common", tenant=tenant)))
            nat_id = nat["NatGateway"]["NatGatewayId"]
            res["natGateways"].append(nat_id)
            rt_priv = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tag_spec(
                "route-table", tags(c, "%s-rt-private-%s" % (c, az), "common", k8s_owned=True, tenant=tenant)))
            rt_priv_id = rt_priv["RouteTable"]["RouteTableId"]
            res["routeTables"].append(rt_priv_id)
            ec2.create_route(RouteTableId=rt_priv_id, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)
            ec2.associate_route_table(RouteTableId=rt_priv_id, SubnetId=private[-1][1])
        self._common(rec, region, cfg, pools, tenant, vpc_id, [s for _ignored, s in public], private[0])

    def _static(self, rec, region, cfg, pools, tenant):
        ec2 = self.client("ec2", region)
        res = rec.aws
        res.update({"region": region, "placement": "static", "securityGroups": [], "enis": [], "volumes": []})
        vpc_id = cfg["vpcId"]
        ec2.describe_vpcs(VpcIds=[vpc_id])  # raises when the VPC does not exist in moto
        in_vpc = {s["SubnetId"]: s["AvailabilityZone"]
                  for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]}
        subnets = []
        for p in pools:
            for az, joined in (p.get("subnetIds") or {}).items():
                # a zone entry may be a comma-joined "pub,priv" pair (REFERENCE.md 11.1): every id is checked
                for sn in split_ids(joined):
                    msg = "provision: subnet %s (zone %s) is not in VPC %s" % (sn, az, vpc_id)
                    if sn not in in_vpc:
                        if msg not in rec.aws_errors:
                            rec.aws_errors.append(msg)
                    elif (az, sn) not in subnets:
                        subnets.append((az, sn))
        if not subnets:
            subnets = sorted((az, sn) for sn, az in in_vpc.items())
        if not subnets:
            raise RuntimeError("VPC %s has no subnets" % vpc_id)
        lb_subnets = list(dict(reversed(subnets)).values())   # one per zone (ELB rule): the first
        self._common(rec, region, cfg, pools, tenant, vpc_id, lb_subnets, subnets[-1])

    def _common(self, rec, region, cfg, pools, tenant, vpc_id, lb_subnets, node_subnet):
        c = rec.name
        ec2 = self.client("ec2", region)
        res = rec.aws
        sg_ids = {}
        roles = ["node", "controlplane", "apiserver-lb", "lb"]
        if rec.cloud_type == "eks":
            roles.append("node-eks-additional")
        for role in roles:
            t = tags(c, "%s-%s" % (c, role), role, k8s_owned=(role == "lb"), tenant=tenant)
            sg = ec2.create_security_group(GroupName="%s-%s" % (c, role), Description="%s %s" % (c, role),
                                           VpcId=vpc_id, TagSpecifications=tag_spec("security-group", t))
            sg_ids[role] = sg["GroupId"]
            res["securityGroups"].append(sg["GroupId"])
        # API server load balancer (classic ELB, CAPA's default)
        elb = self.client("elb", region)
        lb_name = ("%s-apiserver" % c)[:32]
        scheme = "internal" if (cfg.get("controlPlaneLoadBalancer") or "").lower() == "internal" else "internet-facing"
        lb_tags = tags(c, lb_name, "apiserver", tenant=tenant)
        out = elb.create_load_balancer(
            LoadBalancerName=lb_name, Scheme=scheme, Subnets=lb_subnets[:3], SecurityGroups=[sg_ids["apiserver-lb"]],
            Listeners=[{"Protocol": "TCP", "LoadBalancerPort": 6443, "InstanceProtocol": "TCP", "InstancePort": 6443}],
            Tags=[{"Key": k, "Value": v} for k, v in lb_tags.items()])
        res["loadBalancer"] = lb_name
        res["lbDns"] = out.get("DNSName")
        # one machine-like ENI and root volume (tagged like a CAPA instance)
        az, subnet = node_subnet
        mt = tags(c, "%s-node-0" % c, "node", k8s_owned=True, tenant=tenant, extra={"MachineName": "default/%s-node-0" % c})
        eni = ec2.create_network_interface(SubnetId=subnet, Groups=[sg_ids["node"]],
                                           TagSpecifications=tag_spec("network-interface", mt))
        res["enis"].append(eni["NetworkInterface"]["NetworkInterfaceId"])
        size = next((int(p.get("rootDeviceSize") or 0) for p in pools if p.get("rootDeviceSize")), 0) or 20
        vol = ec2.create_volume(AvailabilityZone=az, Size=size, TagSpecifications=tag_spec("volume", mt))
        res["volumes"].append(vol["VolumeId"])

    # ------------------------------------------------------------------ teardown
    def teardown(self, rec, leave_behind=False):
        """Delete what ``provision`` recorded; with ``leave_behind`` only the ENI goes (force delete)."""
        res = rec.aws
        if not res.get("region"):
            return
        ec2 = self.client("ec2", res["region"])
        steps = [("enis", lambda i: ec2.delete_network_interface(NetworkInterfaceId=i))]
        if leave_behind:
            self._run(rec, steps)
            res["leftBehind"] = True
            return
        elb = self.client("elb", res["region"])
        lb = res.get("loadBalancer")
        steps = [("loadBalancer", lambda i: elb.delete_load_balancer(LoadBalancerName=i))] + steps + [
            ("volumes", lambda i: ec2.delete_volume(VolumeId=i)),
            ("natGateways", lambda i: ec2.delete_nat_gateway(NatGatewayId=i)),
            ("eips", lambda i: ec2.release_address(AllocationId=i)),
            ("securityGroups", lambda i: ec2.delete_security_group(GroupId=i)),
            ("routeTables", lambda i: self._delete_route_table(ec2, i)),
            ("subnets", lambda i: ec2.delete_subnet(SubnetId=i)),
            ("igw", lambda i: (ec2.detach_internet_gateway(InternetGatewayId=i, VpcId=res["vpc"]),
                               ec2.delete_internet_gateway(InternetGatewayId=i))),
            ("vpc", lambda i: ec2.delete_vpc(VpcId=i)),
        ]
        if lb is None:
            steps = steps[1:]
        self._run(rec, steps)

    @staticmethod
    def _delete_route_table(ec2, rt_id):
        rt = ec2.describe_route_tables(RouteTableIds=[rt_id])["RouteTables"][0]
        for assoc in rt.get("Associations", []):
            if not assoc.get("Main"):
                ec2.disassociate_route_table(AssociationId=assoc["RouteTableAssociationId"])
        ec2.delete_route_table(RouteTableId=rt_id)

    def _run(self, rec, steps):
        res = rec.aws
        for key, fn in steps:
            val = res.get(key)
            if not val:
                continue
            ids = val if isinstance(val, list) else [val]
            kept = []
            for rid in ids:
                try:
                    fn(rid)
                except Exception as exc:
                    rec.aws_errors.append("delete %s %s: %s" % (key, rid, exc))
                    kept.append(rid)
            res[key] = kept if isinstance(val, list) else (kept[0] if kept else None)
