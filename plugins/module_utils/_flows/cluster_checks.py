# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks in AWS that ``aws_palette_cluster`` runs before its first write (issue 12 item 8).

The same checks as the standalone modules: the VPC and the subnets exist, pool and control-plane subnets are in the
VPC (and in the zone they are listed under), Fargate subnets are private and in the cluster's VPC, the key pair
exists, instance types are offered in the region. (The KMS key: ``encryption.check_key_for_create``.)

Only what the run will send is checked, so a converged re-run stays cheap. The rule: on a create, every AWS object
the options name; on an update, only values that differ from what Palette has (a new pool, a pool whose instance
type or subnets change, a new Fargate profile or one whose subnets change). VPC, key pair and control-plane subnets
cannot change in place (the immutable guard names them), so an update never checks them. Nothing to check: no AWS
call at all.

Only definite answers are errors (not found, in another VPC or zone, public, not offered). When AWS cannot be asked
(no credentials, no permission, an unreachable endpoint) the module warns and goes on: Palette checks too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws.common import (
    aws_error_message,
    aws_errors,
    chunks,
    is_boto_error_code,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.subnets import subnet_pairs
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import item
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

SKIPPED = "AWS checks of the cluster's options skipped (%s); Palette checks them when it builds the cluster"


def _pairs(value):
    return set(subnet_pairs(value))


class _Wanted(object):
    """What the run will send that AWS can check: {option path: value} per kind."""

    def __init__(self):
        self.vpc = None
        self.key_pair = None
        self.subnets = []            # (option path, az or None, subnet id, vpc must match)
        self.fargate_subnets = []    # (option path, subnet id)
        self.instance_types = []     # (option path, instance type)

    def empty(self):
        return not (self.vpc or self.key_pair or self.subnets or self.fargate_subnets or self.instance_types)


def _changed_pool(pool, current_pools):
    """(check instance type, subnet pairs to check) of one planned pool against the current pools."""
    cur = current_pools.get(pool.get("name"))
    if cur is None:
        return bool(pool.get("instance_type")), _pairs(pool.get("subnets"))
    type_changed = bool(pool.get("instance_type")) and pool["instance_type"] != cur.get("instance_type")
    pairs = _pairs(pool.get("subnets")) if pool.get("subnets") is not None else set()
    return type_changed, pairs - _pairs(cur.get("subnets"))


def wanted_checks(params, current=None):
    """The checks the run needs (see the module docstring for the rule); pure, no AWS call."""
    wanted = _Wanted()
    creating = current is None
    if creating:
        wanted.vpc = params.get("vpc_id")
        wanted.key_pair = params.get("ssh_key_name")
        for az, subnet_id in subnet_pairs(params.get("control_plane_subnets")):
            wanted.subnets.append(("control_plane_subnets", az, subnet_id))
    current_pools = dict((p.get("name"), p) for p in (current or {}).get("node_pools") or [])
    for index, pool in enumerate(params.get("node_pools") or []):
        where = item("", "node_pools", index)
        check_type, pairs = _changed_pool(pool, current_pools)
        if check_type:
            wanted.instance_types.append((item("", "node_pools", index) + ".instance_type", pool["instance_type"]))
        for az, subnet_id in sorted(pairs, key=lambda p: (p[0] or "", p[1])):
            wanted.subnets.append((where + ".subnets", az, subnet_id))
    current_fargate = dict((f.get("name"), f) for f in (current or {}).get("fargate_profiles") or [])
    for index, profile in enumerate(params.get("fargate_profiles") or []):
        cur = current_fargate.get(profile.get("name"))
        new_ids = set(profile.get("subnets") or []) - set((cur or {}).get("subnets") or [])
        for subnet_id in sorted(new_ids):
            wanted.fargate_subnets.append((item("", "fargate_profiles", index) + ".subnets", subnet_id))
    return wanted


def _describe_subnets(ec2, ids):
    found = {}
    for chunk in chunks(sorted(set(ids)), 200):
        for page in ec2.get_paginator("describe_subnets").paginate(Filters=[{"Name": "subnet-id", "Values": chunk}]):
            for subnet in page.get("Subnets", []):
                found[subnet["SubnetId"]] = subnet
    return found


class _Checker(object):
    def __init__(self, module, ec2, region, vpc_id):
        self.module, self.ec2, self.region, self.vpc_id = module, ec2, region, vpc_id
        self.errors = []

    def unknown(self, exc, call):
        self.module.warn(SKIPPED % aws_error_message(exc, call))

    def vpc(self, vpc_id):
        try:
            self.ec2.describe_vpcs(VpcIds=[vpc_id])
        except aws_errors() as exc:
            if is_boto_error_code(exc, ("InvalidVpcID.NotFound", "InvalidVpcID.Malformed")):
                self.errors.append("vpc_id: VPC %s not found in region %s; give an existing VPC of that region, or "
                                   "leave vpc_id out for dynamic placement" % (vpc_id, self.region))
            else:
                self.unknown(exc, "ec2:DescribeVpcs")
            return False
        return True

    def key_pair(self, name):
        try:
            self.ec2.describe_key_pairs(KeyNames=[name])
        except aws_errors() as exc:
            if is_boto_error_code(exc, "InvalidKeyPair.NotFound"):
                self.errors.append("ssh_key_name: EC2 key pair %s not found in region %s; create or import it there"
                                   % (name, self.region))
            else:
                self.unknown(exc, "ec2:DescribeKeyPairs")

    def subnets(self, wanted, vpc_known):
        ids = [s[2] for s in wanted.subnets] + [s[1] for s in wanted.fargate_subnets]
        if not ids:
            return
        try:
            found = _describe_subnets(self.ec2, ids)
            public = self._public(found, [s[1] for s in wanted.fargate_subnets])
        except aws_errors() as exc:
            self.unknown(exc, "ec2:DescribeSubnets")
            return
        for where, az, subnet_id in wanted.subnets:
            self._subnet(where, subnet_id, found.get(subnet_id), az, vpc_known)
        for where, subnet_id in wanted.fargate_subnets:
            if self._subnet(where, subnet_id, found.get(subnet_id), None, vpc_known) and subnet_id in public:
                self.errors.append("%s: subnet %s routes to an internet gateway (public); Fargate pods run only in "
                                   "private subnets: give subnets whose route table has no route to an internet "
                                   "gateway (a NAT gateway is fine)" % (where, subnet_id))

    def _public(self, found, fargate_ids):
        from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import annotate_public

        subnets = [dict(found[i]) for i in set(fargate_ids) if i in found]
        return set(s["SubnetId"] for s in annotate_public(self.ec2, subnets) if s["Public"]) if subnets else set()

    def _subnet(self, where, subnet_id, subnet, az, vpc_known):
        if subnet is None:
            self.errors.append("%s: subnet %s not found in region %s; give subnets of the cluster's VPC"
                               % (where, subnet_id, self.region))
            return False
        if self.vpc_id and vpc_known and subnet.get("VpcId") != self.vpc_id:
            self.errors.append("%s: subnet %s is in VPC %s, not in the cluster's VPC %s (vpc_id); give subnets of "
                               "that VPC" % (where, subnet_id, subnet.get("VpcId"), self.vpc_id))
            return False
        if az and subnet.get("AvailabilityZone") != az:
            self.errors.append("%s: subnet %s is in availability zone %s, not %s; list it under its own zone"
                               % (where, subnet_id, subnet.get("AvailabilityZone"), az))
        return True

    def instance_types(self, wanted):
        types = sorted(set(t for _w, t in wanted))
        if not types:
            return
        offered = set()
        try:
            for chunk in chunks(types, 100):
                pages = self.ec2.get_paginator("describe_instance_type_offerings").paginate(
                    LocationType="region", Filters=[{"Name": "instance-type", "Values": chunk}])
                for page in pages:
                    offered.update(o["InstanceType"] for o in page.get("InstanceTypeOfferings", []))
        except aws_errors() as exc:
            self.unknown(exc, "ec2:DescribeInstanceTypeOfferings")
            return
        for where, instance_type in wanted:
            if instance_type not in offered:
                self.errors.append("%s: instance type %s is not offered in region %s; pick one the region offers "
                                   "(aws ec2 describe-instance-type-offerings --region %s)"
                                   % (where, instance_type, self.region, self.region))


def check_cluster_inputs(module, params, current=None):
    """Errors (list of str, each naming the option and the fix) for what the run is about to send.

    ``params`` are the module's options, ``current`` the normalised cluster when it exists (None on create).
    Only what the run will send is checked (module docstring); nothing is written. Returns [] when everything checks
    out, or when AWS cannot be asked (with a warning).
    """
    wanted = wanted_checks(params, current)
    if wanted.empty():
        return []
    from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client

    region = (current or {}).get("region") or params.get("region")
    try:
        ec2 = aws_client(module, "ec2")
    except Failure as failure:
        module.warn(SKIPPED % failure.msg)
        return []
    checker = _Checker(module, ec2, region, (current or {}).get("vpc_id") or params.get("vpc_id"))
    vpc_known = checker.vpc(wanted.vpc) if wanted.vpc else bool(checker.vpc_id)
    if wanted.key_pair:
        checker.key_pair(wanted.key_pair)
    checker.subnets(wanted, vpc_known)
    checker.instance_types(wanted.instance_types)
    return checker.errors
