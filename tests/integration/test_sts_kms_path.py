"""Issue 11 item 2: the shipped STS + KMS path. A role made by sts_role (include_kms_policy), an STS cloud account on
it and a symmetric key with AWS's default key policy pass every KMS check: those of preflight_info and of
kms_secret_encryption before a create."""

import support
from support import aws, res

KEY_CHECKS = ["principal", "key_exists", "key_enabled", "key_spec", "key_usage", "key_policy", "iam_permissions",
              "palette_validation"]


def test_sts_role_kms_policy_and_default_key_policy_pass_every_check(clean_env, run_playbook, moto_server):
    # no Policy: moto, like AWS, gives the key the default key policy (kms:* to the account root)
    key = aws(moto_server, "kms").create_key()["KeyMetadata"]["Arn"]
    result = run_playbook(support.play([
        support.task("Role", "palette.aws.sts_role", {"role_name": "PaletteKmsRole", "include_kms_policy": True},
                     register="role"),
        support.task("Account", "palette.aws.cloud_account", {
            "name": "aws-sts-kms", "credential_type": "sts", "role_arn": "{{ role.role_arn }}"}),
        support.task("Preflight", "palette.aws.preflight_info", {
            "cloud_type": "eks", "cluster": "kms-sts", "cloud_account": "aws-sts-kms", "kms_key_arn": key}),
        support.task("Key before create", "palette.aws.kms_secret_encryption", {
            "cluster": "kms-sts", "kms_key_arn": key, "validate_only": True, "region": "us-east-1",
            "cloud_account": "aws-sts-kms"}),
    ]))
    assert result.rc == 0, result
    role_arn = res(result, "Role")["role_arn"]
    preflight = res(result, "Preflight")
    kms = dict((c["name"], c) for c in preflight["checks"] if c["name"].startswith("kms_"))
    assert sorted(kms) == sorted("kms_" + name for name in KEY_CHECKS), kms
    assert all(c["status"] == "ok" for c in kms.values()), kms
    assert role_arn in kms["kms_principal"]["detail"]
    # exactly the documented permissions are asked of IAM, not kms:Encrypt / kms:Decrypt
    assert "kms:Encrypt" not in kms["kms_iam_permissions"]["detail"]
    assert preflight["ready"] is True, preflight["failed_checks"]
    before = res(result, "Key before create")
    assert [c["name"] for c in before["checks"]] == KEY_CHECKS
    assert set(c["status"] for c in before["checks"]) == {"ok"}
    assert clean_env.writes() == [] or all(e["path"].startswith("/v1/cloudaccounts") for e in clean_env.writes())


def test_deploy_eks_with_sts_and_kms_creates_the_encrypted_cluster(clean_env, run_playbook, moto_server, tmp_path):
    """playbooks/deploy_eks.yml, STS account + KMS key with AWS's default key policy: the play's own checks pass and
    the cluster is created with secrets encryption (before the fix its KMS checks demanded kms:Encrypt/Decrypt of
    a role sts_role does not grant them to)."""
    from userpath_support import emulator_vars, fqcn_playbook

    key = aws(moto_server, "kms").create_key()["KeyMetadata"]["Arn"]
    result = run_playbook(fqcn_playbook(tmp_path, "deploy_eks"),
                          extra_vars=emulator_vars(palette_kms_key_arn=key, palette_poll_interval=1))
    assert result.rc == 0, result
    [cluster] = list(clean_env.clusters("eks-emulator"))
    assert cluster["state"] == "Running"
    posts = [e for e in clean_env.requests(method="POST", path_prefix="/v1/spectroclusters/eks")
             if e["path"] == "/v1/spectroclusters/eks"]
    assert posts[0]["body"]["spec"]["cloudConfig"]["encryptionConfig"] == {"isEnabled": True, "provider": key}
    # the key was checked with Palette for the play's STS account before the create
    assert clean_env.requests(path_prefix="/v1/clouds/aws/regions/us-east-1/kmskeys/validate")
