# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""subnet_tagging: validation, the VPC check, then ``_aws.subnets.tag_subnets`` (plan, one batched write, diff)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws.common import aws_errors, aws_failure, is_boto_error_code
from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_client
from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import SubnetLookupError, tag_subnets
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v
from ansible_collections.palette.aws.plugins.module_utils.palette import Failure


def validate_params(params):
    """Errors in the options, found before AWS is called: the cluster name goes into tag keys, ids must be ids."""
    errors = v.validate_dns1123_label(params.get("cluster"), "cluster", "cluster name")
    errors += v.validate_region(params.get("region"), "region")
    errors += v.validate_aws_id(params.get("vpc_id"), "vpc", "vpc_id")
    for index, subnet_id in enumerate(params.get("subnet_ids") or []):
        errors += v.validate_aws_id(subnet_id, "subnet", v.item("", "subnet_ids", index))
    return errors


def ensure_vpc(ec2, vpc_id):
    """Raises SubnetLookupError when the VPC does not exist (a typo must not look like "no public subnet")."""
    try:
        ec2.describe_vpcs(VpcIds=[vpc_id])
    except aws_errors() as exc:
        if is_boto_error_code(exc, ("InvalidVpcID.NotFound", "InvalidVpcID.Malformed")):
            raise SubnetLookupError("vpc_id: VPC %s not found in region %s; check the id and the region option"
                                    % (vpc_id, ec2.meta.region_name))
        raise


def run(module):
    """The subnet_tagging flow: the result dict (subnets with their tags after the task, changes, api_calls, diff)."""
    params = module.params
    errors = validate_params(params)
    if errors:
        raise Failure("; ".join(errors))
    ec2 = aws_client(module, "ec2")
    try:
        if params["vpc_id"]:
            try:
                ensure_vpc(ec2, params["vpc_id"])
            except SubnetLookupError:
                if params["state"] != "absent" or params["subnet_ids"]:
                    raise
                # a VPC that is gone has no subnet tags left to remove: the goal is reached (delete stays idempotent)
                module.warn("VPC %s does not exist (any more); there are no subnet tags to remove" % params["vpc_id"])
                return dict(changed=False, subnets=[], changes=[], api_calls=0)
        result = tag_subnets(ec2, params["cluster"], vpc_id=params["vpc_id"], subnet_ids=params["subnet_ids"],
                             state=params["state"], check_mode=module.check_mode)
    except SubnetLookupError as exc:
        raise Failure(str(exc))
    except aws_errors() as exc:
        raise aws_failure(exc, "subnet tagging (ec2:DescribeSubnets, ec2:DescribeRouteTables, ec2:CreateTags or "
                               "ec2:DeleteTags)")
    if params["vpc_id"] and not params["subnet_ids"] and not result["subnets"]:
        module.warn("VPC %s has no public subnet (no route to an internet gateway); nothing was tagged"
                    % params["vpc_id"])
    output = dict(changed=result["changed"], subnets=result["subnets"], changes=result["changes"],
                  api_calls=result["api_calls"])
    if module._diff:
        output["diff"] = result["diff"]
    return output
