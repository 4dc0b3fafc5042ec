# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The flows of the ``node_pool`` and ``fargate_profile`` modules, on top of the shared ``_pool_ops`` steps.

``_pool_ops`` holds the reconcile steps (shared with ``aws_palette_cluster``); this file adds what only
the single-object modules need: the present/absent flow, the result shape, and the AWS check that a
Fargate profile's subnets are private.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils import _pool_ops as ops
from ansible_collections.palette.aws.plugins.module_utils._diff import normalise
from ansible_collections.palette.aws.plugins.module_utils._specs import fargate as fargate_spec
from ansible_collections.palette.aws.plugins.module_utils._specs.options import (
    FARGATE_PROFILE_OPTIONS,
    NODE_POOL_OPTIONS,
)
from ansible_collections.palette.aws.plugins.module_utils._specs.validation import validate_wait_options

REPLACED_NOTE = ("replaced: EKS cannot change a Fargate profile in place, so Palette deletes and recreates it; "
                 "its pods are rescheduled")


def _options(module, names):
    return dict((k, module.params.get(k)) for k in names)


def load_context(module, key, **extra):
    """The cluster's ``ClusterContext``, or None when the cluster is missing and that is not an error.

    Missing is fine for ``state=absent`` (the object is gone with its cluster) and in check mode (a
    dry run of a deploy play, whose cluster task only predicted the create); the module then exits
    with the predicted object. Otherwise a missing cluster fails the module. ``extra`` goes into the
    result of the "already absent" exit.
    """
    params = module.params
    lenient = params["state"] == "absent" or module.check_mode
    ctx = ops.load_cluster_context(module, params["cluster"], required=not lenient)
    if ctx is not None:
        return ctx
    if params["state"] == "absent":
        module.exit_resource(key, {}, changed=False, **extra)
    module.warn("cluster %s does not exist; check mode predicts the %s as if the cluster had been created"
                % (params["cluster"], key.replace("_", " ")))
    return None


def _predicted(module, names):
    """The options the user set (empty members dropped), for a check-mode prediction without a cluster."""
    return normalise(_options(module, names)) or {}


def _diff(before, after, what, after_note=None):
    diff = {"before": before or {}, "after": after or {}, "before_header": what, "after_header": what}
    if after_note:
        diff["after_header"] = "%s (%s)" % (what, after_note)
    return diff


# -- node_pool ------------------------------------------------------------------------------------

def run_node_pool(module):
    """present: create or update the pool, then wait for its machines; absent: delete it."""
    params = module.params
    name = params["name"]
    errors = validate_wait_options(params)  # before any request, whatever the state
    if errors:
        module.fail_json(msg="; ".join(errors))
    ctx = load_context(module, "node_pool")
    if ctx is None:
        after = _predicted(module, NODE_POOL_OPTIONS)
        module.exit_resource("node_pool", dict(after, cluster_uid=None), changed=True,
                             diff=_diff(None, after, "node pool %s of cluster %s" % (name, params["cluster"])))
    what = "node pool %s of cluster %s" % (name, ctx.name)
    if params["state"] == "absent":
        changed, before = ops.delete_pool(module, ctx, name)
        module.exit_resource("node_pool", {}, changed=changed, diff=_diff(before, None, what))
    desired = _options(module, NODE_POOL_OPTIONS)
    changed, before, after = ops.reconcile_pool(module, ctx, desired)
    result = dict(after or {}, cluster_uid=ctx.uid)
    if params["wait"]:
        waited = ops.wait_pool_ready(module, ctx, name)
        if waited is not None:
            result["machines"] = waited.value
            current = ops.current_pool(module, ctx, name)
            if current is not None:
                result.update(ops.managed_view(current))
    module.exit_resource("node_pool", result, changed=changed, diff=_diff(before, after, what))


# -- fargate_profile ------------------------------------------------------------------------------

def _aws_error_types():
    from ansible_collections.palette.aws.plugins.module_utils._aws import aws_errors

    return aws_errors()


def check_private_subnets(module, region, subnet_ids):
    """Fail naming any subnet that does not exist or routes to an internet gateway (Fargate needs private
    subnets). When AWS cannot be asked (no credentials, no permission) warn and go on: Palette checks too."""
    from ansible_collections.palette.aws.plugins.module_utils._aws import AwsConfigError, aws_error_message, build_client
    from ansible_collections.palette.aws.plugins.module_utils._aws_subnets import SubnetLookupError, subnets_routing_to_igw

    skipped = "subnets of Fargate profile %s not checked in AWS (%s); set validate_subnets: false to skip the check"
    try:
        ec2 = build_client(dict(module.params, region=region or module.params.get("region")), "ec2")
        public = subnets_routing_to_igw(ec2, subnet_ids)
    except AwsConfigError as exc:
        module.warn(skipped % (module.params["name"], exc))
        return
    except SubnetLookupError as exc:
        module.fail_json(msg="Fargate profile %s: %s (region %s); give subnets of the cluster's VPC"
                             % (module.params["name"], exc, region))
    except _aws_error_types() as exc:
        module.warn(skipped % (module.params["name"], aws_error_message(exc, "ec2:DescribeSubnets")))
        return
    if public:
        what = "subnet %s routes" % public[0] if len(public) == 1 else "subnets %s route" % ", ".join(public)
        module.fail_json(msg="Fargate profile %s: %s to an internet gateway (public); Fargate pods run only in private "
                             "subnets, so give subnets whose route table has no route to an internet gateway (a NAT "
                             "gateway is fine)" % (module.params["name"], what))


def run_fargate_profile(module):
    """present: add or replace the profile in the cluster's list; absent: remove it. Others stay."""
    params = module.params
    name = params["name"]
    ctx = load_context(module, "fargate_profile", replaced=False)
    if ctx is None:
        errors = fargate_spec.validate_fargate_profile(_options(module, FARGATE_PROFILE_OPTIONS))
        if errors:
            module.fail_json(msg="; ".join(errors))
        after = fargate_spec.normalise_fargate_profile(
            fargate_spec.build_fargate_profile(_options(module, FARGATE_PROFILE_OPTIONS)))
        module.exit_resource("fargate_profile", dict(after, cluster_uid=None), changed=True, replaced=False,
                             diff=_diff(None, after, "Fargate profile %s of cluster %s" % (name, params["cluster"])))
    what = "Fargate profile %s of cluster %s" % (name, ctx.name)
    if ctx.cloud_type != "eks":
        module.fail_json(msg="cluster %s is an AWS IaaS cluster; Fargate profiles exist only on EKS clusters"
                             % ctx.name)
    if params["state"] == "absent":
        changed, before = ops.delete_fargate_profile(module, ctx, name)
        module.exit_resource("fargate_profile", {}, changed=changed, replaced=False, diff=_diff(before, None, what))
    desired = fargate_spec.effective_fargate_profile(_options(module, FARGATE_PROFILE_OPTIONS), ctx.fargate_read(module))
    errors = fargate_spec.validate_fargate_profile(desired, static=ctx.static(module))
    if errors:
        module.fail_json(msg="; ".join(errors))
    if params["validate_subnets"] and params.get("subnets"):
        check_private_subnets(module, ctx.cluster_config(module).get("region"), params["subnets"])
    changed, before_all, after_all = ops.reconcile_fargate(module, ctx, [desired], validate=False)
    before, after = before_all.get(name), after_all.get(name)
    replaced = bool(changed and before is not None)
    module.exit_resource("fargate_profile", dict(after or {}, cluster_uid=ctx.uid), changed=changed,
                         replaced=replaced, diff=_diff(before, after, what, REPLACED_NOTE if replaced else None))
