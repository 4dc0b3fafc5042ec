# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""preflight_info: the docs' prerequisites as read-only checks, for one cluster or the whole plan of a run.

Every check is {name, status: ok|fail|unknown, detail} (quota checks add limit, used, needed). A check that cannot
be answered is `unknown`, never `ok`; `ready` is true only when no check fails. Nothing is written: Palette's
validate and rate endpoints are read-only and called directly, not through ``module.write``.

The plan (issue 13 item 6): the cluster of the top-level options plus the ``clusters`` of the same run. Quotas are
checked once, for the sum of their needs; a cluster that already exists counts only the capacity it adds.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.palette.aws.plugins.module_utils._api import paths
from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteError
from ansible_collections.palette.aws.plugins.module_utils._api.lookup import (
    cluster_cloud_config,
    find_cloud_account,
    find_cluster,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_error_message, aws_errors, is_boto_error_code
from ansible_collections.palette.aws.plugins.module_utils._aws.common import check_result as check
from ansible_collections.palette.aws.plugins.module_utils._aws.quotas import (
    QUOTA_CODES,
    caller_identity,
    key_pair_check,
    quota_checks,
    region_check,
)
from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client
from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import plan_subnet_tags, public_subnets
from ansible_collections.palette.aws.plugins.module_utils._flows.cost import estimate_create
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils._specs.node_pool import build_pool_entity, normalise_pool
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_options import node_pool_options
from ansible_collections.palette.aws.plugins.module_utils._specs.pool_validation import (
    validate_node_pool,
    validate_pool_placement,
)
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

SUBNET_FIX = "run palette.aws.subnet_tagging"
# Quota-related checks without a limit of their own (vCPUs of pools that cannot be sized or classified).
QUOTA_CHECKS = frozenset(QUOTA_CODES) | frozenset(["vcpus", "other_family_vcpus", "quotas"])
CLUSTER_KEYS = ("cluster", "cloud_type", "vpc_id", "node_pools", "load_balancers")


def palette_verdict(name, call, ok_detail, what):
    """Runs a Palette validate call: 204 -> ok; 4xx (the object is rejected) -> fail; else unknown."""
    try:
        call()
    except PaletteApiError as err:
        if 400 <= (err.status or 0) < 500 and err.status not in (401, 403, 429):
            return check(name, "fail", "Palette rejected %s: %s" % (what, err))
        return check(name, "unknown", "Palette could not check %s: %s" % (what, err))
    return check(name, "ok", ok_detail)


def planned_clusters(params):
    """The clusters of the run: the top-level options' (when they name one or plan pools), then ``clusters``."""
    plans = []
    if params.get("cluster") or params.get("node_pools") or not params.get("clusters"):
        plans.append(dict((key, params.get(key)) for key in CLUSTER_KEYS))
    for entry in params.get("clusters") or []:
        plan = dict((key, entry.get(key)) for key in CLUSTER_KEYS)
        plan["cloud_type"] = plan["cloud_type"] or params["cloud_type"]
        plans.append(plan)
    for plan in plans:
        plan["node_pools"] = plan.get("node_pools") or []
        if plan.get("load_balancers") is None:
            plan["load_balancers"] = 1
        plan["dynamic_placement"] = not plan.get("vpc_id")
        plan["existing_pools"] = None
    return plans


class Preflight:
    """One run: the module, its clients, the planned clusters and the checks collected in order."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.plans = planned_clusters(module.params)
        self.checks = []
        self.account = None
        self.region = None
        self.identity = None
        self.cost = None

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

    def existing(self, plan):
        """Marks a planned cluster that already exists (only the capacity it adds counts); True when it does."""
        name = plan.get("cluster")
        try:
            cluster = find_cluster(self.module.client, name=name)
            config = cluster_cloud_config(self.module.client, cluster) if cluster else None
        except PaletteError as err:
            self.add(check("cluster_exists", "unknown", "cannot look up cluster %s in Palette: %s" % (name, err)))
            return False
        if cluster is None:
            return False
        read = ((config or {}).get("spec") or {}).get("machinePoolConfig") or []
        plan["existing_pools"] = [normalise_pool(pool, plan["cloud_type"]) for pool in read]
        self.add(check("cluster_exists", "ok", "Cluster %s exists (state %s): only the capacity its node_pools add "
                                               "is counted in the quotas" % (name, (cluster.get("status") or {}).get("state"))))
        return True

    def cluster_name(self, plan):
        name = plan.get("cluster")
        if not name or self.existing(plan):
            return
        client = self.module.client
        self.add(palette_verdict("cluster_name", lambda: client.get(paths.CLUSTER_NAME_VALIDATE, query={"name": name}),
                                 "No Palette cluster is named %s in this scope" % name, "cluster name %s" % name))
        if plan["cloud_type"] == "eks" and self.account_uid() and self.region:
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

    def vpc(self, plan):
        vpc_id = plan.get("vpc_id")
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
        if plan.get("cluster"):
            self.add(self.subnet_tags(ec2, vpc_id, plan["cluster"]))

    def subnet_tags(self, ec2, vpc_id, name):
        """The docs' four discovery tags on the VPC's public subnets (load balancers need them)."""
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

    # -- quotas, KMS and cost ------------------------------------------------------------------------

    def quotas(self):
        try:
            self.add(*quota_checks(self.client, self.plans))
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

    def estimate(self):
        """Palette's rate estimate for the pools of the first planned cluster (issue 13 item 4), or None.

        Needs the cloud account (the rates are Palette's for that account's cloud) and pools with an instance type.
        """
        plan = self.plans[0] if self.plans else None
        pools = [p for p in (plan or {}).get("node_pools") or [] if p.get("instance_type")]
        if not (self.account_uid() and pools and self.region):
            return
        config = {"region": self.region}
        if plan.get("vpc_id"):
            config["vpcId"] = plan["vpc_id"]
        body = {"spec": {"cloudConfig": config,
                         "machinepoolconfig": [build_pool_entity(dict(p, count=p.get("count") or p.get("min_size") or 1),
                                                                 plan["cloud_type"]) for p in pools]}}
        try:
            self.cost = estimate_create(self.module.client, plan["cloud_type"], body)
        except PaletteError as err:
            self.module.warn("Palette's rate estimate is not available: %s" % err)

    def run(self):
        aws_ok = self.aws_basics()
        self.cloud_account()
        if aws_ok:
            self.key_pair()
            for plan in self.plans:
                self.vpc(plan)
        for plan in self.plans:
            self.cluster_name(plan)
        if aws_ok:
            self.quotas()
            self.kms()
        self.estimate()
        return self.result()

    def result(self):
        failed = [c["name"] for c in self.checks if c["status"] == "fail"]
        unknown = [c["name"] for c in self.checks if c["status"] == "unknown"]
        quotas = [c for c in self.checks if c["name"] in QUOTA_CHECKS]
        plan = [{"cluster": p.get("cluster"), "cloud_type": p["cloud_type"],
                 "exists": p["existing_pools"] is not None,
                 "counted": "added capacity" if p["existing_pools"] is not None else "everything"} for p in self.plans]
        return {"changed": False, "ready": not failed, "failed_checks": failed, "unknown_checks": unknown,
                "checks": self.checks, "quotas": quotas, "identity": self.identity, "region": self.region,
                "plan": plan, "cost": self.cost}


def _pool_errors(pools, cloud_type, region, path, typed):
    errors = []
    for index, pool in enumerate(pools):
        where = v.item(path, "node_pools", index)
        if not typed:
            if not isinstance(pool, dict):
                errors.append("%s: must be a dictionary of node pool options" % where)
                continue
            errors += ["%s: %s" % (where, msg) for msg in
                       ArgumentSpecValidator(node_pool_options()).validate(pool).error_messages]
        errors += validate_node_pool(pool, cloud_type, where, partial=True)
        # zones must be in the region when it is given; placement against vpc_id is the cluster module's check
        errors += validate_pool_placement(pool, None, region, where)
    for dup in v.duplicates([p.get("name") for p in pools if isinstance(p, dict)]):
        errors.append("%s: the name %s is used twice; pool names must be unique" % (v.join(path, "node_pools"), dup))
    return errors


def validate_params(params):
    """Errors in the region, cluster names and planned node pools (each naming its option), before any AWS call.

    The pools are checked as aws_palette_cluster checks new pools, but options left out are not required here
    (a pool without an instance type is simply not counted in the quotas).
    """
    errors = v.validate_region(params.get("region"), "region") + v.validate_aws_id(params.get("vpc_id"), "vpc", "vpc_id")
    if params.get("cluster"):
        errors += v.validate_dns1123_label(params["cluster"], "cluster", "cluster name")
    errors += _pool_errors(params.get("node_pools") or [], params["cloud_type"], params.get("region"), "", True)
    names = [params.get("cluster")] if params.get("cluster") else []
    for index, entry in enumerate(params.get("clusters") or []):
        where = v.item("", "clusters", index)
        errors += v.validate_dns1123_label(entry.get("cluster"), v.join(where, "cluster"), "cluster name")
        errors += v.validate_aws_id(entry.get("vpc_id"), "vpc", v.join(where, "vpc_id"))
        errors += _pool_errors(entry.get("node_pools") or [], entry.get("cloud_type") or params["cloud_type"],
                               params.get("region"), where, False)
        names.append(entry.get("cluster"))
    for dup in v.duplicates([n for n in names if n]):
        errors.append("clusters: cluster %s is planned twice; list each cluster once" % dup)
    return errors


def run(module):
    errors = validate_params(module.params)
    if errors:
        raise Failure("; ".join(errors))
    return Preflight(module).run()
