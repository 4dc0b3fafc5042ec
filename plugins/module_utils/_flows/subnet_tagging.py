# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""subnet_tagging: the VPC check, then ``_aws_subnets.tag_subnets`` (plan, one batched write, diff)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws.session import aws_errors, is_boto_error_code
from ansible_collections.palette.aws.plugins.module_utils._aws.subnets import SubnetLookupError, tag_subnets
from ansible_collections.palette.aws.plugins.module_utils._specs import validation as v


def validate_params(params):
    """Errors in the options, found before AWS is called: the cluster name goes into tag keys, ids must be ids."""
    errors = v.validate_dns1123_label(params.get("cluster_name"), "cluster_name", "cluster name")
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


def run(ec2, cluster_name, vpc_id=None, subnet_ids=None, state="present", check_mode=False):
    """tag_subnets' result: subnets with their tags after the task, changes, api_calls and diff."""
    if vpc_id:
        ensure_vpc(ec2, vpc_id)
    return tag_subnets(ec2, cluster_name, vpc_id=vpc_id, subnet_ids=subnet_ids, state=state, check_mode=check_mode)
