# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the pure helpers of kms_secret_encryption and of the day-2 module flows."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError
from ansible_collections.palette.aws.plugins.module_utils._flows import encryption as enc
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.fakes import FakeModule

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER = "arn:aws:kms:us-east-1:123456789012:key/ffffffff-12ab-34cd-56ef-1234567890ab"


def test_encryption_of_reads_only_enabled_keys():
    assert enc.encryption_of({}) == {"enabled": False, "kms_key_arn": None, "resources": []}
    assert enc.encryption_of({"encryptionConfig": {"isEnabled": False, "provider": KEY}})["kms_key_arn"] is None
    assert enc.encryption_of({"encryptionConfig": {"isEnabled": True, "provider": KEY, "resources": ["secrets"]}}) == \
        {"enabled": True, "kms_key_arn": KEY, "resources": ["secrets"]}


def test_check_key_for_create_stops_on_fail_and_on_unknown_unless_accepted(monkeypatch):
    """Issue 11 item 2: an unknown check never leads to the (irreversible) create unless accept_unverified_key."""
    import pytest

    from ansible_collections.palette.aws.plugins.module_utils.palette import Failure

    answers = {}
    monkeypatch.setattr(enc, "aws_checks", lambda module, key, region, account: (list(answers["aws"]), None))
    monkeypatch.setattr(enc, "palette_check", lambda module, key, region, account: answers["palette"])
    module = FakeModule({"accept_unverified_key": False})
    ok = {"name": "key_exists", "status": "ok", "detail": "found"}
    answers.update(aws=[ok], palette={"name": "palette_validation", "status": "ok", "detail": "ok"})
    assert [c["name"] for c in enc.check_key_for_create(module, KEY, "us-east-1", "acc")] == ["key_exists",
                                                                                              "palette_validation"]
    answers["aws"] = [ok, {"name": "key_spec", "status": "fail", "detail": "key spec is RSA_2048"}]
    with pytest.raises(Failure) as failed:
        enc.check_key_for_create(module, KEY, "us-east-1", "acc")
    assert failed.value.msg.startswith("encryption_kms_key_arn: key %s fails checks: key_spec" % KEY)
    assert [c["status"] for c in failed.value.result["checks"]] == ["ok", "fail", "ok"]
    answers["aws"] = [ok, {"name": "iam_permissions", "status": "unknown", "detail": "no iam:Simulate"}]
    with pytest.raises(Failure) as unknown:
        enc.check_key_for_create(module, KEY, "us-east-1", "acc")
    assert "could not be fully checked (iam_permissions: no iam:Simulate)" in unknown.value.msg
    assert "accept_unverified_key: true" in unknown.value.msg
    module.params["accept_unverified_key"] = True
    assert len(enc.check_key_for_create(module, KEY, "us-east-1", "acc")) == 3
    assert any("iam_permissions could not be verified" in msg for msg in module.warnings)


def test_same_key_resolves_only_when_the_strings_differ():
    calls = []

    def resolve(ref):
        calls.append(ref)
        return {"alias/eks": KEY, KEY: KEY, OTHER: OTHER}.get(ref)

    assert enc.same_key(KEY, KEY, resolve) and calls == []
    assert enc.same_key(KEY, "alias/eks", resolve)
    assert not enc.same_key(KEY, OTHER, resolve)
    assert not enc.same_key(KEY, "alias/unknown", lambda ref: None)


def test_cluster_check_refuses_another_key():
    off = {"enabled": False, "kms_key_arn": None}
    on = {"enabled": True, "kms_key_arn": KEY}
    assert enc.cluster_check(off, OTHER, lambda r: r)["status"] == "ok"
    assert enc.cluster_check(on, KEY, lambda r: r)["status"] == "ok"
    refused = enc.cluster_check(on, OTHER, lambda r: r)
    assert refused["status"] == "fail"
    assert KEY in refused["detail"] and OTHER in refused["detail"] and "cannot disable" in refused["detail"]


def test_palette_check_maps_answers_to_statuses():
    validate = "/v1/clouds/aws/regions/us-east-1/kmskeys/validate"
    ok = enc.palette_check(FakeModule(answers={validate: None}), KEY, "us-east-1", "acct")
    assert ok["status"] == "ok"
    rejected = enc.palette_check(FakeModule(answer=PaletteApiError(400, "KmsKeyDisabled", "disabled")), KEY,
                                 "us-east-1", "acct")
    assert rejected["status"] == "fail" and "KmsKeyDisabled" in rejected["detail"]
    down = enc.palette_check(FakeModule(answer=PaletteApiError(503, "AwsUnavailable", "no AWS")), KEY,
                             "us-east-1", "acct")
    assert down["status"] == "unknown"
    assert enc.palette_check(FakeModule(), KEY, "us-east-1", None)["status"] == "unknown"
    module = FakeModule()
    enc.palette_check(module, KEY, "eu-west-1", "acct")
    assert module.reads == [("/v1/clouds/aws/regions/eu-west-1/kmskeys/validate",
                             {"cloudAccountUid": "acct", "keyArn": KEY})]


def test_key_resolver_caches_and_survives_aws_errors():
    class Kms:
        def __init__(self):
            self.calls = 0

        def describe_key(self, KeyId):  # noqa: N803 (boto3 parameter name)
            self.calls += 1
            if KeyId == "alias/boom":
                raise NotImplementedError("no such API here")
            return {"KeyMetadata": {"Arn": KEY}}

    kms = Kms()
    resolve = enc.key_resolver(kms)
    assert resolve("alias/eks") == KEY and resolve("alias/eks") == KEY and kms.calls == 1
    assert resolve("alias/boom") is None
    assert enc.key_resolver(None)("alias/eks") is None


def test_fixes_name_the_remedy_of_each_failure():
    where = "us-east-1, the region of cluster demo"
    off = {"enabled": False, "kms_key_arn": None}
    spec = [enc.check("key_spec", "fail", "key spec is RSA_2048, must be SYMMETRIC_DEFAULT")]
    assert enc._fixes(spec, where, off, False) == [enc.KEY_FIX % where]
    disabled = [enc.check("key_enabled", "fail", "key state is Disabled, must be Enabled")]
    assert enc._fixes(disabled, where, off, False)[0].endswith("or enable this key in AWS KMS")
    # the key in use: another key is no fix, EKS cannot move the secrets
    assert "enable the key again" in enc._fixes(disabled, where, {"enabled": True, "kms_key_arn": KEY}, True)[0]
    other = [enc.check("cluster_encryption", "fail", "already enabled")]
    assert enc._fixes(other, where, {"enabled": True, "kms_key_arn": KEY}, False) == [
        "give the key already in use, %s, or create a new cluster for another key" % KEY]


def test_key_checks_are_the_checks_of_the_key_itself():
    class Kms:
        def describe_key(self, KeyId):  # noqa: N803 (boto3 parameter name)
            return {"KeyMetadata": {"KeyId": "1234", "Arn": KEY, "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT",
                                    "KeyUsage": "ENCRYPT_DECRYPT"}}

    checks = enc.key_checks(Kms(), KEY, "us-east-1")
    assert [(c["name"], c["status"]) for c in checks] == [("key_exists", "ok"), ("key_enabled", "ok"),
                                                          ("key_spec", "ok"), ("key_usage", "ok")]
    elsewhere = enc.key_checks(Kms(), KEY, "eu-west-1")
    assert [(c["name"], c["status"]) for c in elsewhere] == [("key_exists", "fail")]
