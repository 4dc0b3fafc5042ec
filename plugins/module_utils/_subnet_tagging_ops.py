# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""subnet_tagging: the VPC check, then ``_aws_subnets.tag_subnets`` (plan, one batched write, diff)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._aws import aws_errors, is_boto_error_code
from ansible_collections.palette.aws.plugins.module_utils._aws_subnets import SubnetLookupError, tag_subnets


def ensure_vpc(ec2, vpc_id):
    """Raises SubnetLookupError when the VPC does not exist (a typo must not look like "no public subnet")."""
    try:
        ec2.describe_vpcs(VpcIds=[vpc_id])
    except aws_errors() as exc:
        if is_boto_error_code(exc, ("InvalidVpcID.NotFound", "InvalidVpcID.Malformed")):
            raise SubnetLookupError("VPC %s not found in this region" % vpc_id)
        raise


def run(ec2, cluster_name, vpc_id=None, subnet_ids=None, state="present", check_mode=False):
    """tag_subnets' result: subnets with their tags after the task, changes, api_calls and diff."""
    if vpc_id:
        ensure_vpc(ec2, vpc_id)
    return tag_subnets(ec2, cluster_name, vpc_id=vpc_id, subnet_ids=subnet_ids, state=state, check_mode=check_mode)
