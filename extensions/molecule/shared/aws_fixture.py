#!/usr/bin/env python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prepare the AWS side of a palette.aws demo or molecule scenario in moto (or any AWS endpoint).

Creates, once per --name (found again by its Name tag), what the Palette docs expect to exist before a static
placement deploy: a VPC with an internet gateway, two public subnets (routed to the gateway) and two private
subnets in two availability zones, a symmetric KMS key for EKS secrets encryption, and an EC2 key pair.
Prints the ids as JSON; with --vars-file also writes them as palette_* role variables (YAML).
Reads the AWS connection from the usual AWS_* environment variables (AWS_ENDPOINT_URL for moto).
"""

import argparse
import json
import sys

import boto3

# fixture key -> role variable in the vars file (JSON is YAML)
VARS = (("vpc_id", "palette_vpc_id"), ("kms_key_arn", "palette_kms_key_arn"), ("ssh_key_name", "palette_ssh_key_name"),
        ("region", "palette_region"), ("public_subnets", "palette_fixture_public_subnets"),
        ("private_subnets", "palette_fixture_private_subnets"))
CIDRS = {"public": ["10.0.0.0/24", "10.0.1.0/24"], "private": ["10.0.10.0/24", "10.0.11.0/24"]}


def _tags(name, kind):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def find_vpc(ec2, name):
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    return vpcs[0]["VpcId"] if vpcs else None


def create_network(ec2, name, azs):
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=_tags(name, "vpc"))["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway(TagSpecifications=_tags(name, "internet-gateway"))["InternetGateway"]
    ec2.attach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=_tags(name + "-public", "route-table"))
    public_rt = public_rt["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw["InternetGatewayId"])
    for kind, cidrs in sorted(CIDRS.items()):
        for az, cidr in zip(azs, cidrs):
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az,
                                       TagSpecifications=_tags("%s-%s-%s" % (name, kind, az), "subnet"))
            if kind == "public":
                ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnet["Subnet"]["SubnetId"])
    return vpc


def subnets(ec2, vpc, name, kind):
    found = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    prefix = "%s-%s-" % (name, kind)
    mine = [s for s in found for t in s.get("Tags", []) if t["Key"] == "Name" and t["Value"].startswith(prefix)]
    return [{"az": s["AvailabilityZone"], "subnet_id": s["SubnetId"]} for s in sorted(mine, key=lambda s: s["AvailabilityZone"])]


def key_policy(account, role_name):
    """Key policy as the Palette docs ask: the role Palette uses may encrypt and decrypt with the key."""
    root = "arn:aws:iam::%s:root" % account
    role = "arn:aws:iam::%s:role/%s" % (account, role_name)
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "KeyAdministration", "Effect": "Allow", "Principal": {"AWS": root}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "PaletteSecretsEncryption", "Effect": "Allow", "Principal": {"AWS": role},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
                    "kms:CreateGrant"], "Resource": "*"}]})


def kms_key(kms, name, policy):
    alias = "alias/%s-eks-secrets" % name
    for entry in kms.list_aliases()["Aliases"]:
        if entry["AliasName"] == alias and entry.get("TargetKeyId"):
            return kms.describe_key(KeyId=entry["TargetKeyId"])["KeyMetadata"]["Arn"], False
    meta = kms.create_key(Description="EKS secrets encryption for %s" % name, KeySpec="SYMMETRIC_DEFAULT",
                          KeyUsage="ENCRYPT_DECRYPT", Policy=policy)["KeyMetadata"]
    kms.create_alias(AliasName=alias, TargetKeyId=meta["KeyId"])
    return meta["Arn"], True


def key_pair(ec2, name):
    key = "%s-keypair" % name
    if ec2.describe_key_pairs(Filters=[{"Name": "key-name", "Values": [key]}])["KeyPairs"]:
        return key, False
    ec2.create_key_pair(KeyName=key)
    return key, True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True, help="prefix of every resource name")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--role-name", default="SpectroCloudRole", help="IAM role Palette assumes (STS account)")
    parser.add_argument("--vars-file", help="also write the ids as palette_* variables to this YAML file")
    args = parser.parse_args(argv)

    ec2 = boto3.client("ec2", region_name=args.region)
    kms = boto3.client("kms", region_name=args.region)
    azs = [args.region + "a", args.region + "b"]
    vpc = find_vpc(ec2, args.name)
    created = vpc is None
    if created:
        vpc = create_network(ec2, args.name, azs)
    account = boto3.client("sts", region_name=args.region).get_caller_identity()["Account"]
    key_arn, key_created = kms_key(kms, args.name, key_policy(account, args.role_name))
    pair, pair_created = key_pair(ec2, args.name)
    out = {"vpc_id": vpc, "public_subnets": subnets(ec2, vpc, args.name, "public"),
           "private_subnets": subnets(ec2, vpc, args.name, "private"), "kms_key_arn": key_arn,
           "ssh_key_name": pair, "region": args.region, "created": created or key_created or pair_created}
    if args.vars_file:
        with open(args.vars_file, "w") as handle:
            handle.write("---\n# AWS fixture %s (written by aws_fixture.py)\n" % args.name)
            for key, var in VARS:
                handle.write("%s: %s\n" % (var, json.dumps(out[key])))
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
