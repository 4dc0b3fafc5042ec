"""palette.aws.kms_secret_encryption through ansible-playbook against the Palette emulator + moto (KMS, IAM)."""

import json

import pytest
from day2_support import aws, cloud_config, create_cluster, play, res, task

KMS = "palette.aws.kms_secret_encryption"
ACCOUNT_ID = "123456789012"   # moto's account
MISSING_KEY = "arn:aws:kms:us-east-1:%s:key/0f0e0d0c-1111-2222-3333-444455556666" % ACCOUNT_ID
CHECK_NAMES = ["principal", "key_exists", "key_enabled", "key_spec", "key_usage", "key_policy", "iam_permissions",
               "palette_validation", "cluster_encryption"]


def kms_task(name, cluster, key, ignore_errors=None, check_mode=None, **args):
    args.update(cluster=cluster, kms_key_arn=key)
    return task(name, KMS, args, ignore_errors=ignore_errors, check_mode=check_mode)


def statuses(result, name):
    return dict((c["name"], c["status"]) for c in res(result, name)["checks"])


def detail(result, name, check):
    return next(c["detail"] for c in res(result, name)["checks"] if c["name"] == check)


def _root_policy(extra=()):
    statements = [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT_ID},
                   "Action": "kms:*", "Resource": "*"}]
    return json.dumps({"Version": "2012-10-17", "Statement": statements + list(extra)})


@pytest.fixture
def kms_world(clean_env, moto_server):
    """The IAM user Palette uses (via an access-key cloud account), keys of every kind and an EKS cluster."""
    emu = clean_env
    iam, kms = aws(moto_server, "iam"), aws(moto_server, "kms")
    user_arn = iam.create_user(UserName="palette")["User"]["Arn"]
    iam.put_user_policy(UserName="palette", PolicyName="kms", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}))
    access_key = iam.create_access_key(UserName="palette")["AccessKey"]["AccessKeyId"]
    status, body, _headers = emu.api("POST", "/v1/cloudaccounts/aws", {
        "metadata": {"name": "aws-kms"},
        "spec": {"credentialType": "secret", "accessKey": access_key, "secretKey": "cloud-account-secret-value"}})
    assert status == 201, body
    deny = {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": {"AWS": user_arn}, "Action": "kms:Decrypt",
            "Resource": "*"}
    keys = {
        "good": kms.create_key(Policy=_root_policy())["KeyMetadata"]["Arn"],
        "good2": kms.create_key(Policy=_root_policy())["KeyMetadata"]["Arn"],
        "asymmetric": kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["Arn"],
        "disabled": kms.create_key(Policy=_root_policy())["KeyMetadata"]["Arn"],
        "denied": kms.create_key(Policy=_root_policy([deny]))["KeyMetadata"]["Arn"],
        "missing": MISSING_KEY,
    }
    # moto resolves only key ids (not ARNs) in these two calls
    kms.disable_key(KeyId=keys["disabled"].rsplit("/", 1)[1])
    kms.create_alias(AliasName="alias/eks-good", TargetKeyId=keys["good"].rsplit("/", 1)[1])
    uid, cfg = create_cluster(emu, "kms-eks", account=body["uid"])
    emu.clear_requests()
    return {"emu": emu, "keys": keys, "user_arn": user_arn, "cfg": cfg, "uid": uid, "account": body["uid"]}


def before_create(name, key, ignore_errors=True, **args):
    """validate_only for a cluster that does not exist yet (the checks a create runs), in us-east-1."""
    args = dict(dict(validate_only=True, region="us-east-1", cloud_account="aws-kms"), **args)
    return kms_task(name, "kms-new", key, ignore_errors=ignore_errors, **args)


def test_bad_keys_fail_with_the_reason(kms_world, run_playbook):
    keys, emu = kms_world["keys"], kms_world["emu"]
    create_cluster(emu, "kms-iaas", cloud_type="aws")
    emu.clear_requests()
    result = run_playbook(play([
        before_create("asymmetric", keys["asymmetric"]),
        before_create("disabled", keys["disabled"]),
        before_create("denied", keys["denied"]),
        before_create("missing", keys["missing"]),
        before_create("other region", keys["good"].replace("us-east-1", "eu-west-1")),
        before_create("not a key", "key-1234"),
        kms_task("iaas", "kms-iaas", keys["good"], ignore_errors=True),
        kms_task("no cluster", "kms-missing", keys["good"], ignore_errors=True),
        kms_task("no cluster, check mode", "kms-missing", keys["good"], ignore_errors=True, check_mode=True),
        before_create("no region", keys["good"], region=None),
    ]))
    assert [s for _t, s in result.statuses()] == ["failed"] * 10
    assert "cluster 'kms-missing' not found" in res(result, "no cluster")["msg"]
    assert "secrets encryption is chosen when a cluster is created" in res(result, "no cluster, check mode")["msg"]
    assert res(result, "no region")["msg"].startswith("region: cluster kms-new does not exist")

    assert statuses(result, "asymmetric")["key_spec"] == "fail"
    assert "RSA_2048" in res(result, "asymmetric")["msg"] and "SYMMETRIC_DEFAULT" in res(result, "asymmetric")["msg"]
    assert statuses(result, "asymmetric")["palette_validation"] == "fail"
    # the message names the option, the failed checks and the fix
    for name in ("asymmetric", "disabled", "denied", "missing"):
        assert res(result, name)["msg"].startswith("kms_key_arn: key %s fails checks: " % keys[name])
    assert res(result, "asymmetric")["msg"].startswith(
        "kms_key_arn: key %s fails checks: key_spec (key spec is RSA_2048, must be SYMMETRIC_DEFAULT)"
        % keys["asymmetric"])
    assert ("To fix: give a symmetric ENCRYPT_DECRYPT key (key spec SYMMETRIC_DEFAULT, key usage ENCRYPT_DECRYPT) "
            "that exists and is Enabled in us-east-1") in res(result, "asymmetric")["msg"]

    assert statuses(result, "disabled")["key_enabled"] == "fail"
    assert "key_enabled (key state is Disabled" in res(result, "disabled")["msg"]
    assert "or enable this key in AWS KMS" in res(result, "disabled")["msg"]

    denied = statuses(result, "denied")
    assert denied["key_policy"] == "fail" and denied["key_spec"] == "ok" and denied["key_enabled"] == "ok"
    assert "explicitly denied kms:Decrypt" in res(result, "denied")["msg"]
    assert "change the key policy so that the principal Palette uses may call" in res(result, "denied")["msg"]
    assert kms_world["user_arn"] in detail(result, "denied", "key_policy")

    assert statuses(result, "missing") == {"principal": "ok", "key_exists": "fail", "palette_validation": "fail"}
    assert "KMS key %s not found in us-east-1" % MISSING_KEY in res(result, "missing")["msg"]

    assert "region eu-west-1" in res(result, "other region")["msg"]
    assert "is not a KMS key" in res(result, "not a key")["msg"]
    assert "secrets encryption with a KMS key is an EKS feature" in res(result, "iaas")["msg"]
    assert emu.writes() == []


def test_encryption_is_chosen_at_creation_and_never_written(kms_world, run_playbook):
    """Issue 11 item 2: a good key passes before the create; an unencrypted cluster is reported, never changed."""
    keys, emu, cfg = kms_world["keys"], kms_world["emu"], kms_world["cfg"]
    uid, enc_cfg = create_cluster(emu, "kms-on", account=kms_world["account"], encryption_key=keys["good"])
    emu.clear_requests()
    result = run_playbook(play([
        before_create("validate before create", keys["good"], ignore_errors=False),
        kms_task("unencrypted", "kms-eks", keys["good"], ignore_errors=True),
        kms_task("unencrypted, validate_only", "kms-eks", keys["good"], validate_only=True, ignore_errors=True),
        kms_task("unencrypted, check mode", "kms-eks", keys["good"], ignore_errors=True, check_mode=True),
        kms_task("encrypted", "kms-on", keys["good"]),
        kms_task("same key by alias", "kms-on", "alias/eks-good"),
        kms_task("another key", "kms-on", keys["good2"], ignore_errors=True),
        kms_task("disable", "kms-on", keys["good"], state="absent", ignore_errors=True),
    ]), diff=True)
    assert [s for _t, s in result.statuses()] == ["ok", "failed", "failed", "failed", "ok", "ok", "failed", "failed"]

    validated = res(result, "validate before create")
    assert [c["name"] for c in validated["checks"]] == CHECK_NAMES[:-1]
    assert set(statuses(result, "validate before create").values()) == {"ok"}
    assert kms_world["user_arn"] in detail(result, "validate before create", "principal")
    assert validated["encryption"]["enabled"] is False and validated["changed"] is False

    for name in ("unencrypted", "unencrypted, validate_only", "unencrypted, check mode"):
        msg = res(result, name)["msg"]
        assert msg.startswith("cluster kms-eks was created without secrets encryption and nothing was changed: "
                              "EKS secrets encryption is chosen when a cluster is created"), msg
        assert res(result, name)["encryption"]["enabled"] is False

    encrypted = res(result, "encrypted")
    assert encrypted["changed"] is False
    assert encrypted["encryption"] == {"enabled": True, "kms_key_arn": keys["good"], "resources": [],
                                       "cluster_uid": uid, "cloud_config_uid": enc_cfg}
    assert "EKS cannot disable secrets encryption or move it to another key" in res(result, "another key")["msg"]
    assert statuses(result, "another key")["cluster_encryption"] == "fail"
    assert "state=absent is not supported" in res(result, "disable")["msg"]

    assert "encryptionConfig" not in cloud_config(emu, "eks", cfg)["spec"]["clusterConfig"] or not \
        cloud_config(emu, "eks", cfg)["spec"]["clusterConfig"]["encryptionConfig"].get("isEnabled")
    assert emu.writes() == []


def test_converged_rerun_reads_little_and_reports_only_checks_it_ran(kms_world, run_playbook):
    """Encryption already on with the key: nothing to write, so no cloud account or kmskeys/validate read."""
    emu, keys = kms_world["emu"], kms_world["keys"]
    uid, cfg = create_cluster(emu, "kms-on", account=kms_world["account"], encryption_key=keys["good"])
    create_cluster(emu, "kms-on-disabled", account=kms_world["account"], encryption_key=keys["disabled"])
    emu.clear_requests()
    result = run_playbook(play([kms_task("rerun", "kms-on", keys["good"])]), diff=True)
    assert [s for _t, s in result.statuses()] == ["ok"]
    log = emu.requests()
    assert not [e for e in log if e["write"]] and emu.writes() == []
    resource = [e for e in log if e["path"] != "/v1/dashboard/projects/metadata"]
    # GETs, plus the read-only cluster search (a POST that changes nothing)
    assert all(e["method"] == "GET" or e["path"] == "/v1/dashboard/spectroclusters/search" for e in resource)
    assert len(resource) <= 4, [(e["method"], e["path"]) for e in resource]
    assert sorted("%s %s" % (e["method"], e["path"]) for e in resource) == [
        "GET /v1/cloudconfigs/eks/%s" % cfg, "GET /v1/spectroclusters/%s" % uid,
        "POST /v1/dashboard/spectroclusters/search"]

    rerun = res(result, "rerun")
    assert rerun["changed"] is False and not rerun.get("warnings")
    assert rerun["encryption"]["enabled"] is True and rerun["encryption"]["kms_key_arn"] == keys["good"]
    # the checks that did not run are not reported (never as ok); the cluster check says why
    assert [(c["name"], c["status"]) for c in rerun["checks"]] == [
        ("key_exists", "ok"), ("key_enabled", "ok"), ("key_spec", "ok"), ("key_usage", "ok"),
        ("cluster_encryption", "ok")]
    assert "principal, key_policy, iam_permissions, palette_validation) were not run" in \
        detail(result, "rerun", "cluster_encryption")

    emu.clear_requests()
    result = run_playbook(play([
        kms_task("validate", "kms-on", keys["good"], validate_only=True),
        kms_task("key disabled since", "kms-on-disabled", keys["disabled"], ignore_errors=True),
    ]))
    # validate_only still runs every check
    assert [c["name"] for c in res(result, "validate")["checks"]] == CHECK_NAMES
    assert set(statuses(result, "validate").values()) == {"ok"}
    # the key in use is still checked: a disabled key fails, and the fix is to enable it again, not another key
    failed = res(result, "key disabled since")
    assert result.result("key disabled since")["status"] == "failed"
    assert failed["msg"].startswith("kms_key_arn: key %s fails checks: key_enabled (key state is Disabled"
                                    % keys["disabled"])
    assert "enable the key again" in failed["msg"]
    assert emu.writes() == []


def test_unknown_principal_is_unknown_not_ok(clean_env, moto_server, run_playbook):
    emu = clean_env
    key = aws(moto_server, "kms").create_key(Policy=_root_policy())["KeyMetadata"]["Arn"]
    iam = aws(moto_server, "iam")
    role_arn = iam.create_role(RoleName="PaletteRole", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    iam.put_role_policy(RoleName="PaletteRole", PolicyName="kms", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:DescribeKey", "kms:ListKeys"],
                                                "Resource": "*"}]}))
    create_cluster(emu, "kms-demo", encryption_key=key)   # seed account: an access key that AWS does not know
    emu.clear_requests()
    result = run_playbook(play([
        kms_task("validate", "kms-demo", key, validate_only=True),
        kms_task("explicit principal", "kms-demo", key, validate_only=True, principal_arn=role_arn,
                 ignore_errors=True),
    ]))
    checks = statuses(result, "validate")
    assert checks["principal"] == checks["key_policy"] == checks["iam_permissions"] == "unknown"
    assert checks["key_exists"] == checks["key_spec"] == checks["palette_validation"] == "ok"
    assert any("could not be verified" in w for w in res(result, "validate")["warnings"])
    assert res(result, "validate")["changed"] is False
    # given explicitly, the role is checked: IAM lacks kms:CreateGrant and kms:ListAliases
    explicit = statuses(result, "explicit principal")
    assert explicit["principal"] == "ok" and explicit["iam_permissions"] == "fail"
    assert "kms:CreateGrant" in res(result, "explicit principal")["msg"]
    assert "kms:ListAliases" in res(result, "explicit principal")["msg"]
    assert emu.writes() == []


def test_secrets_stay_out_of_verbose_output(kms_world, run_playbook):
    emu = kms_world["emu"]
    aws_secret = "aws-secret-value-for-kms-test"
    result = run_playbook(play([kms_task("secret", "kms-new", kms_world["keys"]["good"], validate_only=True,
                                         region="us-east-1", cloud_account="aws-kms",
                                         palette_api_key=emu.api_key, aws_access_key="testing",
                                         aws_secret_key=aws_secret)]), verbosity=3)
    assert result.rc == 0, result
    output = result.stdout + result.stderr
    for secret in (emu.api_key, aws_secret, "cloud-account-secret-value"):
        assert secret not in output
