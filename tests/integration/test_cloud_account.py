"""cloud_account through ansible-playbook against the Palette emulator.

Several steps share one playbook run (ansible-playbook start-up dominates the time); "nothing was
written" is proven with the emulator's request log of the whole run.
"""

import support
from support import res

SECRET = "Zq9-very-distinctive-secret-7781xK"
ACCESS_KEY = "AKIATESTACCESS000001"
STS_ROLE = "arn:aws:iam::123456789012:role/SpectroCloudRole"
OTHER_ROLE = "arn:aws:iam::123456789012:role/OtherRole"
RESULT_KEYS = {"uid", "name", "description", "credential_type", "partition", "access_key", "role_arn", "external_id_set",
               "policy_arns", "state", "annotations"}


def play(*tasks):
    return support.play(tasks)


def task(name, check_mode=None, diff=None, ignore_errors=None, **options):
    options.setdefault("name", "aws-ansible")
    return support.task(name, "palette.aws.cloud_account", options, drop_none=True, check_mode=check_mode, diff=diff,
                        ignore_errors=ignore_errors)


def secret(**overrides):
    options = {"credential_type": "secret", "access_key": ACCESS_KEY, "secret_key": SECRET}
    options.update(overrides)
    return options


def accounts(emu, name="aws-ansible"):
    status, body, dummy = emu.api("GET", "/v1/cloudaccounts/aws")
    assert status == 200
    return [a for a in body["items"] if a["metadata"]["name"] == name]


def stored_spec(emu, name="aws-ansible"):
    """The spec the emulator stored, secret included (white box: the API never returns it)."""
    found = [d for d in emu.emulator.store.accounts.values() if d["metadata"]["name"] == name]
    assert len(found) == 1
    return found[0]["spec"]


def write_calls(emu):
    return [(e["method"], e["path"].rsplit("/", 1)[0] if e["method"] != "POST" else e["path"]) for e in emu.writes()]


def test_secret_created_validated_rerun_unchanged_secret_nowhere(clean_env, run_playbook):
    result = run_playbook(play(task("Create", diff=True, **secret()), task("Again", diff=True, **secret())),
                          verbosity=4)
    assert result.rc == 0, result
    created = res(result, "Create")
    acct = created["cloud_account"]
    assert created["changed"] is True and created["changes"] == ["created"]
    assert set(acct) == RESULT_KEYS and acct["uid"] and acct["name"] == "aws-ansible"
    assert acct["credential_type"] == "secret" and acct["access_key"] == ACCESS_KEY and acct["partition"] == "aws"
    assert acct["role_arn"] is None and acct["external_id_set"] is False and acct["policy_arns"] is None
    assert created["diff"]["before"] == {} and created["diff"]["after"]["secret_key"] != SECRET
    again = res(result, "Again")
    assert again["changed"] is False and again["changes"] == [] and again["cloud_account"]["uid"] == acct["uid"]
    # validated before it was saved; the re-run neither validated nor wrote
    calls = [(e["method"], e["path"]) for e in clean_env.requests() if e["method"] != "GET"]
    assert calls == [("POST", "/v1/clouds/aws/account/validate"), ("POST", "/v1/cloudaccounts/aws")]
    assert stored_spec(clean_env)["secretKey"] == SECRET
    # the secret is nowhere: stdout/stderr at -vvvv carry invocation, results and diffs
    assert SECRET not in result.stdout and SECRET not in result.stderr
    assert "secret_key" in result.stdout  # the option name is logged, masked


def test_update_secret_always_sends_it_on_create_does_not(clean_env, run_playbook):
    rotated = "Rotated-secret-55aa-distinct"
    result = run_playbook(play(
        task("Create", **secret()),
        task("Rotate", **secret(update_secret="always", secret_key=rotated)),
        task("Always again", **secret(update_secret="always", secret_key=rotated)),
        task("Default with old secret", **secret()),
    ), verbosity=3)
    assert result.rc == 0, result
    assert res(result, "Rotate")["changed"] is True and res(result, "Rotate")["changes"] == ["secret_key"]
    # always: the secret is sent on every run, so every run reports a change
    assert res(result, "Always again")["changed"] is True
    # on_create: a different secret alone is not sent
    assert res(result, "Default with old secret")["changed"] is False
    assert [m for m, dummy in write_calls(clean_env)] == ["POST", "PUT", "PUT"]
    assert stored_spec(clean_env)["secretKey"] == rotated
    assert rotated not in result.stdout and SECRET not in result.stdout


def test_access_key_change_check_mode_then_apply(clean_env, run_playbook):
    new_key = "AKIATESTACCESS000002"
    result = run_playbook(play(
        task("Create", **secret()),
        task("Preview", check_mode=True, diff=True, **secret(access_key=new_key)),
        task("Apply", **secret(access_key=new_key)),
    ))
    assert result.rc == 0, result
    preview = res(result, "Preview")
    assert preview["changed"] is True and preview["changes"] == ["access_key"]
    assert preview["cloud_account"]["access_key"] == new_key
    assert preview["diff"]["before"]["access_key"] == ACCESS_KEY and preview["diff"]["after"]["access_key"] == new_key
    assert res(result, "Apply")["changed"] is True
    # one create and one update: the check-mode task wrote nothing (but did ask Palette to validate)
    assert [m for m, dummy in write_calls(clean_env)] == ["POST", "PUT"]
    validations = [e for e in clean_env.requests(method="POST") if e["path"].endswith("/validate")]
    assert len(validations) == 3
    assert stored_spec(clean_env)["accessKey"] == new_key


def test_rejected_or_incomplete_credentials_fail(clean_env, run_playbook):
    bad = "invalid-Kx81-secret"
    result = run_playbook(play(
        task("Invalid", ignore_errors=True, **secret(secret_key=bad)),
        task("No role", ignore_errors=True, credential_type="sts"),
    ))
    invalid = result.result("Invalid")
    assert invalid["status"] == "failed"
    assert "InvalidCredentials" in invalid["result"]["msg"] and "/v1/clouds/aws/account/validate" in invalid["result"]["msg"]
    assert bad not in result.stdout
    assert "role_arn" in res(result, "No role")["msg"]
    assert accounts(clean_env) == [] and clean_env.writes() == []


def test_sts_create_rerun_update_and_external_id_hidden(clean_env, run_playbook):
    external_id = clean_env.emulator.store.sts["externalId"]
    policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    result = run_playbook(play(
        task("Create", diff=True, credential_type="sts", role_arn=STS_ROLE),
        task("Again", credential_type="sts", role_arn=STS_ROLE),
        task("Change", credential_type="sts", role_arn=OTHER_ROLE, policy_arns=policies),
        task("Unmanaged policies", credential_type="sts", role_arn=OTHER_ROLE),
    ), verbosity=3)
    assert result.rc == 0, result
    created = res(result, "Create")
    acct = created["cloud_account"]
    assert created["changed"] is True and acct["credential_type"] == "sts" and acct["role_arn"] == STS_ROLE
    assert acct["external_id_set"] is True and acct["access_key"] is None and acct["policy_arns"] == []
    assert set(acct) == RESULT_KEYS
    assert external_id not in result.stdout
    assert res(result, "Again")["changed"] is False
    change = res(result, "Change")
    assert change["changed"] is True and sorted(change["changes"]) == ["policy_arns", "role_arn"]
    assert res(result, "Unmanaged policies")["changed"] is False
    spec = stored_spec(clean_env)
    assert spec["sts"] == {"arn": OTHER_ROLE, "externalId": external_id} and spec["policyARNs"] == policies
    assert [m for m, dummy in write_calls(clean_env)] == ["POST", "PUT"]
    assert any(e["path"] == "/v1/clouds/aws/account/sts" for e in clean_env.requests())


def test_external_id_drift_is_corrected(clean_env, run_playbook):
    assert run_playbook(play(task("Create", credential_type="sts", role_arn=STS_ROLE))).rc == 0
    uid = accounts(clean_env)[0]["metadata"]["uid"]
    clean_env.mutate(uid, {"spec": {"sts": {"externalId": "stale-external-id"}}})
    result = run_playbook(play(task("Fix", diff=True, credential_type="sts", role_arn=STS_ROLE)))
    fixed = res(result, "Fix")
    assert fixed["changed"] is True and fixed["changes"] == ["external_id"]
    assert "stale-external-id" not in str(fixed["diff"])  # a marker, never the value
    assert stored_spec(clean_env)["sts"]["externalId"] == clean_env.emulator.store.sts["externalId"]


def test_absent_check_mode_then_delete_then_idempotent(clean_env, run_playbook):
    result = run_playbook(play(
        task("Create", **secret()),
        task("Preview delete", check_mode=True, state="absent"),
        task("Delete", state="absent"),
        task("Delete again", state="absent"),
    ))
    assert result.rc == 0, result
    for name in ("Preview delete", "Delete"):
        assert res(result, name)["changed"] is True and res(result, name)["changes"] == ["deleted"]
        assert res(result, name)["cloud_account"]["name"] == "aws-ansible"
    assert res(result, "Delete again")["changed"] is False and res(result, "Delete again")["cloud_account"] is None
    assert [m for m, dummy in write_calls(clean_env)] == ["POST", "DELETE"]
    assert accounts(clean_env) == []


def test_options_of_the_other_credential_type_and_bad_arns_fail_before_palette(clean_env, run_playbook):
    gov_role = "arn:aws-us-gov:iam::123456789012:role/SpectroCloudRole"
    result = run_playbook(play(
        task("Role with secret", ignore_errors=True, **secret(role_arn=STS_ROLE)),
        task("Policies with secret", ignore_errors=True, **secret(policy_arns=["arn:aws:iam::aws:policy/ReadOnlyAccess"])),
        task("Secret with sts", ignore_errors=True, credential_type="sts", role_arn=STS_ROLE, secret_key=SECRET),
        task("Role of another partition", ignore_errors=True, credential_type="sts", role_arn=gov_role),
        task("Role ARN that is a policy", ignore_errors=True, credential_type="sts",
             role_arn="arn:aws:iam::123456789012:policy/PaletteControllerPolicy"),
        task("Policy listed twice", ignore_errors=True, credential_type="sts", role_arn=STS_ROLE,
             policy_arns=["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]),
        task("Several mistakes", ignore_errors=True, credential_type="sts", role_arn="role/x",
             access_key=ACCESS_KEY, policy_arns=["ReadOnlyAccess"]),
    ), verbosity=3)
    for title in ("Role with secret", "Policies with secret", "Secret with sts", "Role of another partition",
                  "Role ARN that is a policy", "Policy listed twice", "Several mistakes"):
        assert result.result(title)["status"] == "failed", title
    assert res(result, "Role with secret")["msg"].startswith("role_arn: only used with credential_type sts")
    assert "policy_arns: only used with credential_type sts" in res(result, "Policies with secret")["msg"]
    assert res(result, "Secret with sts")["msg"].startswith("secret_key: only used with credential_type secret")
    assert "partition aws-us-gov but partition is aws" in res(result, "Role of another partition")["msg"]
    assert "is not an IAM role ARN" in res(result, "Role ARN that is a policy")["msg"]
    assert "policy_arns: arn:aws:iam::aws:policy/ReadOnlyAccess is listed more than once" in \
        res(result, "Policy listed twice")["msg"]
    several = res(result, "Several mistakes")["msg"]
    assert all(part in several for part in ("access_key:", "role_arn:", "policy_arns[0]:"))
    assert SECRET not in result.stdout
    # refused before any request to Palette: not even the validate endpoint or the STS lookup was called
    assert clean_env.requests() == []


def test_description_is_kept_in_the_annotations(clean_env, run_playbook):
    """Issue 13 item 8: the docs' first field; Palette keeps it in metadata.annotations.description."""
    result = run_playbook(play(
        task("Create", diff=True, description="Dev clusters", **secret()),
        task("Again", description="Dev clusters", **secret()),
        task("Unset keeps it", **secret()),
        task("Preview", check_mode=True, diff=True, description="Shared dev clusters", **secret()),
        task("Change", diff=True, description="Shared dev clusters", **secret()),
        task("Remove", description="", **secret()),
    ))
    assert result.rc == 0, result
    assert [s for _t, s in result.statuses()] == ["changed", "ok", "ok", "changed", "changed", "changed"]
    created = res(result, "Create")
    assert created["cloud_account"]["description"] == "Dev clusters"
    assert created["diff"]["after"]["description"] == "Dev clusters"
    assert res(result, "Unset keeps it")["cloud_account"]["description"] == "Dev clusters"
    preview = res(result, "Preview")
    assert preview["changes"] == ["description"] and preview["diff"]["before"]["description"] == "Dev clusters"
    assert preview["diff"]["after"]["description"] == "Shared dev clusters"
    assert res(result, "Change")["cloud_account"]["description"] == "Shared dev clusters"
    assert res(result, "Remove")["cloud_account"]["description"] is None
    # what the emulator stored: the annotation came and went, the scope annotation stayed
    posts = list(clean_env.requests(method="POST", path_prefix="/v1/cloudaccounts/aws"))
    assert posts[0]["body"]["metadata"]["annotations"] == {"description": "Dev clusters"}
    puts = [e["body"]["metadata"].get("annotations") for e in clean_env.requests(method="PUT")]
    assert puts[0]["description"] == "Shared dev clusters" and "description" not in puts[-1]
    assert accounts(clean_env)[0]["metadata"]["annotations"] == {"scope": "project"}


def test_delete_of_an_account_in_use_is_predicted_and_refused_before_any_write(clean_env, run_playbook):
    """Issue 12 item 5: check mode predicts the failure the real run meets; nothing is sent."""
    created = run_playbook(play(task("Create", **secret())))
    assert created.rc == 0, created
    account_uid = [a["metadata"]["uid"] for a in clean_env.api("GET", "/v1/cloudaccounts/aws")[1]["items"]
                   if a["metadata"]["name"] == "aws-ansible"][0]
    support.create_cluster(clean_env, "uses-account", account=account_uid)
    clean_env.clear_requests()
    result = run_playbook(play(
        task("Preview delete", check_mode=True, state="absent", ignore_errors=True),
        task("Delete", state="absent", ignore_errors=True),
    ))
    for name in ("Preview delete", "Delete"):
        assert result.result(name)["status"] == "failed", result
        assert res(result, name)["msg"].startswith("cloud account aws-ansible is used by cluster(s) uses-account")
        assert res(result, name)["clusters"] == ["uses-account"]
    assert clean_env.writes() == []
    assert [a["metadata"]["uid"] for a in accounts(clean_env)] == [account_uid]
