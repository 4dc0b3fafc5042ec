"""moto gap fillers: Service Quotas from a JSON file, IAM SimulatePrincipalPolicy."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError


def _client(service, aws_env):
    return boto3.client(service, region_name="us-east-1", endpoint_url=aws_env["AWS_ENDPOINT_URL"],
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def test_service_quotas_from_file(clean_env, aws_env, quotas_file):
    quotas_file({"ec2": {"L-1216C47A": 64, "L-0263D0A3": {"Value": 5, "Adjustable": False}},
                 "elasticloadbalancing": {"L-E9E9831D": 20}})
    sq = _client("service-quotas", aws_env)
    q = sq.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"]
    assert q["Value"] == 64.0 and q["QuotaName"].startswith("Running On-Demand Standard")
    assert sq.get_aws_default_service_quota(ServiceCode="ec2", QuotaCode="L-0263D0A3")["Quota"]["Value"] == 5.0
    assert sq.get_service_quota(ServiceCode="elasticloadbalancing", QuotaCode="L-E9E9831D")["Quota"]["Value"] == 20
    # not in the file: moto's behaviour (unknown) is kept
    with pytest.raises(ClientError) as err:
        sq.get_service_quota(ServiceCode="ec2", QuotaCode="L-34B43A08")
    assert err.value.response["Error"]["Code"] == "NoSuchResourceException"
    assert sq.get_service_quota(ServiceCode="vpc", QuotaCode="L-F678F1CE")["Quota"]["Value"] == 5.0
    codes = {q["QuotaCode"] for q in sq.list_service_quotas(ServiceCode="ec2")["Quotas"]}
    assert codes == {"L-1216C47A", "L-0263D0A3"}
    # the file is read per call
    quotas_file({"ec2": {"L-1216C47A": 8}})
    assert sq.get_service_quota(ServiceCode="ec2", QuotaCode="L-1216C47A")["Quota"]["Value"] == 8.0


def test_simulate_principal_policy(clean_env, aws_env):
    iam = _client("iam", aws_env)
    iam.create_user(UserName="palette")
    iam.put_user_policy(UserName="palette", PolicyName="inline", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["kms:*", "ec2:Describe*"], "Resource": "*"},
                      {"Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]}))
    arn = iam.get_user(UserName="palette")["User"]["Arn"]
    res = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=[
        "kms:CreateGrant", "ec2:DescribeVpcs", "kms:ScheduleKeyDeletion", "iam:PassRole"])["EvaluationResults"]
    assert [(r["EvalActionName"], r["EvalDecision"]) for r in res] == [
        ("kms:CreateGrant", "allowed"), ("ec2:DescribeVpcs", "allowed"),
        ("kms:ScheduleKeyDeletion", "explicitDeny"), ("iam:PassRole", "implicitDeny")]
    pol = iam.create_policy(PolicyName="nodes", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*",
                                                "Resource": "arn:aws:s3:::bucket/*"}]}))["Policy"]["Arn"]
    iam.create_role(RoleName="SpectroCloudRole", AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(RoleName="SpectroCloudRole", PolicyArn=pol)
    role = iam.get_role(RoleName="SpectroCloudRole")["Role"]["Arn"]
    res = iam.simulate_principal_policy(PolicySourceArn=role, ActionNames=["s3:GetObject"],
                                        ResourceArns=["arn:aws:s3:::bucket/key", "arn:aws:s3:::other/key"])
    assert [r["EvalDecision"] for r in res["EvaluationResults"]] == ["allowed", "implicitDeny"]
    with pytest.raises(ClientError) as err:
        iam.simulate_principal_policy(PolicySourceArn=role + "-missing", ActionNames=["s3:GetObject"])
    assert err.value.response["Error"]["Code"] == "NoSuchEntity"
