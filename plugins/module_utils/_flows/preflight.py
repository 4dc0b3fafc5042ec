# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""preflight_info: the docs' prerequisites as read-only checks, composed from the AWS and Palette helpers.

Every check is {name, status: ok|fail|unknown, detail} (quota checks add limit, used, needed). A check
that cannot be answered is `unknown`, never `ok`; `ready` is true only when no check fails. Nothing is
written: Palette's validate endpoints are read-only and called directly, not through ``module.write``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import find_cloud_account
from ansible_collections.palette.aws.plugins.module_utils._aws.quotas import (
    QUOTA_CODES,
    caller_identity,
    key_pair_check,
    quota_checks,
    region_check,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.session import (
    aws_client,
    aws_error_message,
    aws_errors,
    is_boto_error_code,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import plan_subnet_tags, public_subnets
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.node_pool import validate_node_pool, validate_pool_placement

SUBNET_FIX = "run palette.aws.subnet_tagging"
# Quota-related checks without a limit of their own (vCPUs of pools that cannot be sized or classified).
QUOTA_CHECKS = frozenset(QUOTA_CODES) | frozenset(["vcpus", "other_family_vcpus", "quotas"])


def check(name, status, detail):
    return {"name": name, "status": status, "detail": detail}


def palette_verdict(name, call, ok_detail, what):
    """Runs a Palette validate call: 204 -> ok; 4xx (the object is rejected) -> fail; else unknown."""
    try:
        call()
    except PaletteApiError as err:
        if 400 <= (err.status or 0) < 500 and err.status not in (401, 403, 429):
            return check(name, "fail", "Palette rejected %s: %s" % (what, err))
        return check(name, "unknown", "Palette could not check %s: %s" % (what, err))
    return check(name, "ok", ok_detail)


class Preflight:
    """One run: the module, its clients, and the checks collected in order."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.checks = []
        self.account = None
        self.region = None
        self.identity = None

    def client(self, service):
        return aws_client(self.module, service)

    def add(self, *checks):
        self.checks.extend(checks)

    # -- AWS basics ------------------------------------------------------------------------------

    def aws_basics(self):
        """identity and region; False when the other AWS checks cannot run."""
        ident = caller_identity(self.client("sts"))
        self.identity = {"account": ident.pop("account"), "arn": ident.pop("arn")}
        self.add(ident)
        ec2 = self.client("ec2")
        self.region = ec2.meta.region_name
        region = region_check(ec2, self.region)
        self.add(region)
        # An unknown region status (no ec2:DescribeRegions permission) does not stop the other checks.
        return ident["status"] == "ok" and region["status"] != "fail"

    # -- Palette ---------------------------------------------------------------------------------

    def cloud_account(self):
        name = self.params["cloud_account"]
        if not name:
            return
        try:
            self.account = find_cloud_account(self.module.client, name)
        except PaletteError as err:
            self.add(check("cloud_account", "unknown", "cannot list Palette cloud accounts: %s" % err))
            return
        if self.account is None:
            self.add(check("cloud_account", "fail", "AWS cloud account %s not found in Palette (by name or uid)" % name))
            return
        spec = self.account.get("spec") or {}
        self.add(check("cloud_account", "ok", "Palette cloud account %s (%s, %s credentials)"
                       % (name, self.account_uid(), spec.get("credentialType") or "secret")))

    def account_uid(self):
        return ((self.account or {}).get("metadata") or {}).get("uid")

    def cluster_name(self):
        name = self.params["cluster_name"]
        if not name:
            return
        client = self.module.client
        self.add(palette_verdict("cluster_name", lambda: client.get(paths.CLUSTER_NAME_VALIDATE, query={"name": name}),
                                 "No Palette cluster is named %s in this scope" % name, "cluster name %s" % name))
        if self.params["cloud_type"] == "eks" and self.account_uid() and self.region:
            path = paths.eks_name_validate(self.region)
            query = {"cloudAccountUid": self.account_uid(), "name": name}
            self.add(palette_verdict("eks_cluster_name", lambda: client.get(path, query=query),
                                     "No EKS cluster is named %s in %s" % (name, self.region),
                                     "EKS cluster name %s" % name))

    # -- key pair, VPC, subnets --------------------------------------------------------------------

    def key_pair(self):
        name = self.params["ssh_key_name"]
        if not name:
            return
        self.add(key_pair_check(self.client("ec2"), name))
        if self.account_uid():
            path = paths.key_pair_validate(self.region, name)
            query = {"cloudAccountUid": self.account_uid()}
            self.add(palette_verdict("palette_key_pair",
                                     lambda: self.module.client.post(path, query=query, idempotent=True),
                                     "Palette sees key pair %s in %s with its cloud account" % (name, self.region),
                                     "key pair %s" % name))

    def vpc(self):
        vpc_id = self.params["vpc_id"]
        if not vpc_id:
            return
        ec2 = self.client("ec2")
        try:
            ec2.describe_vpcs(VpcIds=[vpc_id])
        except aws_errors() as exc:
            if is_boto_error_code(exc, ("InvalidVpcID.NotFound", "InvalidVpcID.Malformed")):
                self.add(check("vpc", "fail", "VPC %s not found in %s" % (vpc_id, self.region)))
            else:
                self.add(check("vpc", "unknown", aws_error_message(exc, "ec2:DescribeVpcs")))
            return
        self.add(check("vpc", "ok", "VPC %s found in %s" % (vpc_id, self.region)))
        if self.params["cluster_name"]:
            self.add(self.subnet_tags(ec2, vpc_id))

    def subnet_tags(self, ec2, vpc_id):
        """The docs' four discovery tags on the VPC's public subnets (load balancers need them)."""
        name = self.params["cluster_name"]
        try:
            public = public_subnets(ec2, vpc_id)
        except aws_errors() as exc:
            return check("subnet_tags", "unknown", aws_error_message(exc, "public subnet lookup"))
        if not public:
            return check("subnet_tags", "ok", "VPC %s has no public subnet to tag" % vpc_id)
        missing = plan_subnet_tags(public, name, "present")
        if missing:
            ids = ", ".join(m["subnet_id"] for m in missing)
            return check("subnet_tags", "fail", "Public subnets of %s lack the load-balancer discovery tags for %s: %s; %s"
                         % (vpc_id, name, ids, SUBNET_FIX))
        return check("subnet_tags", "ok", "All %d public subnets of %s carry the discovery tags for %s"
                     % (len(public), vpc_id, name))

    # -- quotas and KMS ----------------------------------------------------------------------------

    def quotas(self):
        params = self.params
        try:
            self.add(*quota_checks(self.client, params["node_pools"], dynamic_placement=not params["vpc_id"],
                                   cloud_type=params["cloud_type"]))
        except aws_errors() as exc:
            self.add(check("quotas", "unknown", aws_error_message(exc, "quota checks")))

    def kms(self):
        key = self.params["kms_key_arn"]
        if not key:
            return
        # Late import: the same checks kms_secret_encryption runs (principal, key, key policy, IAM).
        from ansible_collections.palette.aws.plugins.module_utils._flows.encryption import aws_checks, palette_check

        checks, dummy = aws_checks(self.module, key, self.region, self.account_uid())
        if self.account_uid():
            checks.append(palette_check(self.module, key, self.region, self.account_uid()))
        for item in checks:
            item["name"] = "kms_" + item["name"]
        self.add(*checks)

    def run(self):
        aws_ok = self.aws_basics()
        self.cloud_account()
        if aws_ok:
            self.key_pair()
            self.vpc()
        self.cluster_name()
        if aws_ok:
            self.quotas()
            self.kms()
        return self.result()

    def result(self):
        failed = [c["name"] for c in self.checks if c["status"] == "fail"]
        unknown = [c["name"] for c in self.checks if c["status"] == "unknown"]
        quotas = [c for c in self.checks if c["name"] in QUOTA_CHECKS]
        return {"ready": not failed, "failed": failed, "unknown": unknown, "checks": self.checks,
                "quotas": quotas, "identity": self.identity, "region": self.region}


def validate_params(params):
    """Errors in the cluster name and the planned node pools (each naming its option), found before any AWS call.

    The pools are checked as aws_palette_cluster checks new pools, but options left out are not required here
    (a pool without an instance type is simply not counted in the quotas).
    """
    errors = []
    if params.get("cluster_name"):
        errors += v.validate_dns1123_label(params["cluster_name"], "cluster_name", "cluster name")
    pools = params.get("node_pools") or []
    for index, pool in enumerate(pools):
        where = v.item("", "node_pools", index)
        errors += validate_node_pool(pool, params["cloud_type"], where, partial=True)
        # zones must be in the region when it is given; placement against vpc_id is the cluster module's check
        errors += validate_pool_placement(pool, None, params.get("region"), where)
    for dup in v.duplicates([p.get("name") for p in pools]):
        errors.append("node_pools: the name %s is used twice; pool names must be unique" % dup)
    return errors


def run(module):
    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))
    return Preflight(module).run()
