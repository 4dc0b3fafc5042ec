"""sts_role through ansible-playbook against the Palette emulator and moto (IAM)."""

import json
from urllib.parse import unquote

import support
from support import aws, res

CORE = ["PaletteControlPlanePolicy", "PaletteControllerPolicy", "PaletteDeploymentPolicy", "PaletteNodesPolicy"]
EKS = "PaletteControllersEKSPolicy"


def play(*tasks):
    return support.play(tasks)


def task(title, module="palette.aws.sts_role", check_mode=None, diff=None, register=None, ignore_errors=None,
         **options):
    return support.task(title, module, options, drop_none=True, check_mode=check_mode, diff=diff, register=register,
                        ignore_errors=ignore_errors)


def iam(aws_env):
    return aws(aws_env["AWS_ENDPOINT_URL"], "iam")


def document(raw):
    return raw if isinstance(raw, dict) else json.loads(unquote(raw))


def attached(client, role="SpectroCloudRole"):
    return sorted(p["PolicyName"] for p in client.list_attached_role_policies(RoleName=role)["AttachedPolicies"])


def test_role_and_policies_created_trusting_palette_then_unchanged(clean_env, run_playbook, aws_env):
    sts = clean_env.emulator.store.sts
    result = run_playbook(play(
        task("Role", diff=True, include_eks_policy=True, register="role"),
        task("Again", include_eks_policy=True),
        task("Account", module="palette.aws.cloud_account", name="aws-sts", credential_type="sts",
             role_arn="{{ role.role_arn }}"),
    ), verbosity=3)
    assert result.rc == 0, result
    role = res(result, "Role")
    assert role["changed"] is True and role["role_created"] is True
    assert role["role_arn"] == "arn:aws:iam::123456789012:role/SpectroCloudRole"
    assert role["palette_account_id"] == sts["accountId"]
    assert sorted(p["name"] for p in role["policies"]) == sorted(CORE + [EKS])
    assert all(p["created"] and p["changed"] and p["arn"].endswith(p["name"]) for p in role["policies"])
    assert set(role["diff"]) == {"before", "after"}
    again = res(result, "Again")
    assert again["changed"] is False and again["role_created"] is False
    assert not any(p["changed"] or p["created"] for p in again["policies"])
    # the external id is masked in every output, even though it came from Palette
    assert sts["externalId"] not in result.stdout and sts["externalId"] not in result.stderr

    client = iam(aws_env)
    trust = document(client.get_role(RoleName="SpectroCloudRole")["Role"]["AssumeRolePolicyDocument"])
    statement = trust["Statement"][0]
    assert statement["Principal"]["AWS"] == "arn:aws:iam::%s:root" % sts["accountId"]
    assert statement["Action"] == "sts:AssumeRole" and statement["Effect"] == "Allow"
    assert statement["Condition"] == {"StringEquals": {"sts:ExternalId": sts["externalId"]}}
    assert attached(client) == sorted(CORE + [EKS])
    # the role ARN fed an STS cloud account
    account = res(result, "Account")["cloud_account"]
    assert account["role_arn"] == role["role_arn"] and account["credential_type"] == "sts"


def test_check_mode_predicts_and_creates_nothing(clean_env, run_playbook, aws_env):
    result = run_playbook(play(task("Role", check_mode=True)))
    assert result.rc == 0, result
    role = res(result, "Role")
    assert role["changed"] is True and role["role_created"] is True
    assert role["role_arn"] == "arn:aws:iam::123456789012:role/SpectroCloudRole"
    assert sorted(p["name"] for p in role["policies"]) == sorted(CORE)
    client = iam(aws_env)
    assert [r["RoleName"] for r in client.list_roles()["Roles"]] == []
    assert client.list_policies(Scope="Local")["Policies"] == []


def test_drift_repaired_documents_overridden_and_absent(clean_env, run_playbook, aws_env):
    assert run_playbook(play(task("Role"))).rc == 0
    client = iam(aws_env)
    # out-of-band: the trust policy loses the external id condition, one policy is detached
    loose = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::999999999999:root"}}]}
    client.update_assume_role_policy(RoleName="SpectroCloudRole", PolicyDocument=json.dumps(loose))
    nodes_arn = "arn:aws:iam::123456789012:policy/PaletteNodesPolicy"
    client.detach_role_policy(RoleName="SpectroCloudRole", PolicyArn=nodes_arn)
    custom = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}]}
    result = run_playbook(play(
        task("Repair", diff=True, policy_documents={"PaletteDeploymentPolicy": json.dumps(custom)}),
        task("Again", policy_documents={"PaletteDeploymentPolicy": json.dumps(custom)}),
        task("Remove", state="absent"),
        task("Remove again", state="absent"),
    ))
    assert result.rc == 0, result
    repair = res(result, "Repair")
    by_name = dict((p["name"], p) for p in repair["policies"])
    assert repair["changed"] is True and repair["role_created"] is False
    assert by_name["PaletteNodesPolicy"]["changed"] is True and by_name["PaletteNodesPolicy"]["attached"] is False
    assert by_name["PaletteDeploymentPolicy"]["changed"] is True and by_name["PaletteDeploymentPolicy"]["created"] is False
    assert by_name["PaletteControllerPolicy"]["changed"] is False
    assert repair["diff"]["before"]["trust_policy"] != repair["diff"]["after"]["trust_policy"]
    assert res(result, "Again")["changed"] is False
    removed = res(result, "Remove")
    assert removed["changed"] is True and all(p["deleted"] for p in removed["policies"])
    assert res(result, "Remove again")["changed"] is False
    assert [r["RoleName"] for r in client.list_roles()["Roles"]] == []
    assert client.list_policies(Scope="Local")["Policies"] == []


def test_ids_given_skip_palette_and_no_region_needed(clean_env, run_playbook, aws_env):
    result = run_playbook(play(task("Role", role_name="PaletteRole", palette_account_id="111122223333",
                                    external_id="given-external-id-123")),
                          # Palette unreachable: must not be used; no region: IAM is global
                          env={"PALETTE_HOST": "http://127.0.0.1:9", "AWS_REGION": "", "AWS_DEFAULT_REGION": ""})
    assert result.rc == 0, result
    trust = document(iam(aws_env).get_role(RoleName="PaletteRole")["Role"]["AssumeRolePolicyDocument"])
    assert trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"] == "given-external-id-123"
    assert trust["Statement"][0]["Principal"]["AWS"] == "arn:aws:iam::111122223333:root"
    assert "given-external-id-123" not in result.stdout


def test_bad_names_ids_and_documents_fail_before_any_iam_write(clean_env, run_playbook, aws_env):
    no_resource = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*"}]}
    with_principal = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                                                             "Principal": "*"}}
    good = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}}
    result = run_playbook(play(
        task("Bad policy name", ignore_errors=True, policy_documents={"My Policy": good}),
        task("No resource", ignore_errors=True, policy_documents={"PaletteNodesPolicy": json.dumps(no_resource)}),
        task("Principal and bad effect", ignore_errors=True,
             policy_documents={"Extra": with_principal,
                               "PaletteNodesPolicy": {"Version": "2012-10-17",
                                                      "Statement": [{"Effect": "Permit", "Action": "*",
                                                                     "Resource": "*"}]}}),
        task("Bad account id", ignore_errors=True, palette_account_id="6772433388", external_id="x-123"),
        task("Bad name on absent", ignore_errors=True, role_name="a/b", state="absent"),
        # one statement as a dictionary is valid IAM: accepted
        task("Single statement", check_mode=True, policy_documents={"Extra": good}),
    ))
    msgs = dict((t, res(result, t).get("msg", "")) for t in ("Bad policy name", "No resource",
                                                             "Principal and bad effect", "Bad account id",
                                                             "Bad name on absent"))
    for title in msgs:
        assert result.result(title)["status"] == "failed", title
    assert msgs["Bad policy name"].startswith("policy_documents[My Policy]: 'My Policy' is not a valid IAM policy name")
    assert "policy_documents[PaletteNodesPolicy].Statement[0]: Resource (or NotResource) is required" in msgs["No resource"]
    assert "policy_documents[Extra].Statement[0].Principal" in msgs["Principal and bad effect"]
    assert "policy_documents[PaletteNodesPolicy].Statement[0].Effect: 'Permit'" in msgs["Principal and bad effect"]
    assert msgs["Bad account id"].startswith("palette_account_id: '6772433388' is not an AWS account id")
    assert msgs["Bad name on absent"].startswith("role_name: 'a/b' is not a valid IAM role name")
    single = res(result, "Single statement")
    assert result.result("Single statement")["status"] == "changed"
    assert "Extra" in [p["name"] for p in single["policies"]]
    client = iam(aws_env)
    assert [r["RoleName"] for r in client.list_roles()["Roles"]] == []
    assert client.list_policies(Scope="Local")["Policies"] == []
