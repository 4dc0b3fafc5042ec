"""Secrets: every module runs at -vvvv with --diff and distinctive secret values, on success and failure paths.

No secret may appear in stdout/stderr, in any task result (diffs and error messages included), in any file
the run wrote (kubeconfig, ansible home, temp dirs), nor in the emulator's request log. A secret may only
reach the place it is meant for; the test proves that it did (API key accepted by the emulator, account
secret stored by Palette, external id in the IAM trust policy), so the secrets really went through the run.
"""

import json
from pathlib import Path

from helpers import (
    FAST,
    REGION,
    aws,
    create_cluster_api,
    eks_cluster,
    make_kms_key,
    make_orphans,
    make_vpc,
    play,
    pool_entity,
    res,
    task,
)

API_KEY = "PALETTE-KEY-7f3a9c1e5d2b4a6890ab"
WRONG_API_KEY = "WRONG-PALETTE-KEY-0d9c8b7a6f5e41"
AWS_SECRET = "AWS-SECRET-e4d1b7c9a3f2b8d6"
AWS_TOKEN = "AWS-SESSION-TOKEN-92c4e7a1b3d5f6"
ACCOUNT_SECRET = "ACCOUNT-SECRET-5b8e2d7f1c9a0e3b"
ACCOUNT_SECRET_2 = "ACCOUNT-SECRET-ROTATED-6c1f8a2d"
REFUSED_SECRET = "invalid-ACCOUNT-SECRET-1e7d3b9f"    # the emulator refuses secret keys starting with "invalid"
EXTERNAL_ID = "EXTERNAL-ID-3f6a9d2c8e1b7a4c"
SECRETS = (API_KEY, WRONG_API_KEY, AWS_SECRET, AWS_TOKEN, ACCOUNT_SECRET, ACCOUNT_SECRET_2, REFUSED_SECRET,
           EXTERNAL_ID)

PALETTE_ONLY = {"aws_palette_cluster", "aws_palette_cluster_info", "node_pool", "cloud_account", "cluster_profile_info"}
AWS_ONLY = {"subnet_tagging", "orphaned_resources_info"}
# files the test itself writes with the secrets in them (the playbook), not written by the run
OWN_FILES = {"playbook.yml", "extra_vars.json", "inventory.ini"}


# Tasks name the secrets through variables (given with -e @file), as real playbooks do with vault or AWX
# credentials: Ansible shows a failed task's source lines, and a literal secret there would be our own leak.
SECRET_VARS = dict(("secret_%d" % i, value) for i, value in enumerate(SECRETS))
VAR_OF = dict((value, "{{ %s }}" % name) for name, value in SECRET_VARS.items())


def _by_var(value):
    if isinstance(value, dict):
        return dict((k, _by_var(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_by_var(v) for v in value]
    return VAR_OF.get(value, value)


def secret_task(name, module, args, **extra):
    """A task with the connection secrets given as options (so they are in the invocation shown at -vvvv)."""
    args = dict(args)
    if module not in AWS_ONLY:
        args.setdefault("palette_api_key", API_KEY)
    if module not in PALETTE_ONLY:
        args.update(aws_access_key="AKIAIOSFODNN7SECRETS", aws_secret_key=AWS_SECRET, session_token=AWS_TOKEN)
    return task(name, module, _by_var(args), **extra)


def _tasks(vpc, key_arn, kubeconfig):
    account = {"name": "secret-acct", "credential_type": "secret", "access_key": "AKIASECRETSTEST00001",
               "secret_key": ACCOUNT_SECRET}
    ok = [
        secret_task("account create", "cloud_account", account),
        secret_task("account rotate", "cloud_account", dict(account, secret_key=ACCOUNT_SECRET_2,
                                                            update_secret="always")),
        secret_task("sts role", "sts_role", {"external_id": EXTERNAL_ID, "palette_account_id": "067724333888"}),
        secret_task("cluster create", "aws_palette_cluster", eks_cluster("sec-eks", cloud_account="secret-acct")),
        secret_task("cluster update", "aws_palette_cluster", {"name": "sec-eks", "tags": {"team": "a"},
                                                              "description": "secret test"}),
        secret_task("pool", "node_pool", {"cluster": "sec-eks", "name": "extra", "instance_type": "t3.large",
                                          "count": 1, "azs": [REGION + "a"], "wait_sleep": 1}),
        secret_task("fargate", "fargate_profile", {"cluster": "sec-eks", "name": "fp",
                                                   "selectors": [{"namespace": "web"}]}),
        # encryption is chosen at creation: the module checks the key of an encrypted cluster and reports it
        secret_task("kms", "kms_secret_encryption", {"cluster": "sec-enc", "kms_key_arn": key_arn}),
        secret_task("info", "aws_palette_cluster_info", {"name": "sec-eks", "kubeconfig_path": kubeconfig}),
        secret_task("profiles", "cluster_profile_info", {"cloud_type": "eks"}),
        secret_task("preflight", "preflight_info", {"cloud_type": "eks", "cluster_name": "sec-new",
                                                    "cloud_account": "secret-acct", "kms_key_arn": key_arn}),
        secret_task("tagging", "subnet_tagging", {"vpc_id": vpc["vpc"], "cluster_name": "sec-eks"}),
        secret_task("orphans report", "orphaned_resources_info", {"cluster_name": "sec-gone"}),
        secret_task("orphans purge", "orphaned_resources", {"cluster_name": "sec-gone", "state": "absent"}),
        secret_task("cluster delete", "aws_palette_cluster", {"name": "sec-eks", "state": "absent",
                                                              "wait_sleep": 1}),
    ]
    failing = [
        secret_task("fail: wrong api key", "aws_palette_cluster_info", {"name": "x", "palette_api_key": WRONG_API_KEY}),
        secret_task("fail: account bad role", "cloud_account",
                    {"name": "secret-sts", "credential_type": "sts", "role_arn": "arn:aws:iam::12:role/x"}),
        secret_task("fail: account validation", "cloud_account",
                    {"name": "secret-bad", "credential_type": "secret", "access_key": "AKIASECRETSTEST00002",
                     "secret_key": REFUSED_SECRET}),
        secret_task("fail: cluster input", "aws_palette_cluster",
                    eks_cluster("sec-bad", public_access_cidrs=["bad-cidr"])),
        secret_task("fail: pool of missing cluster", "node_pool", {"cluster": "sec-none", "name": "p", "count": 1}),
        secret_task("fail: kms bad key", "kms_secret_encryption",
                    {"cluster": "sec-kms", "kms_key_arn": key_arn.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-0"
                                                                                      "00000000000"}),
        secret_task("fail: role bad document", "sts_role", {"external_id": EXTERNAL_ID,
                                                            "palette_account_id": "067724333888",
                                                            "policy_documents": {"PaletteNodesPolicy": "{bad"}}),
    ]
    return ok, [dict(t, ignore_errors=True) for t in failing]


def _leaks(text):
    return [s for s in SECRETS if s in text]


def test_no_secret_leaks_at_vvvv(clean_env, moto_server, run_playbook, tmp_path):
    emu = clean_env
    emu.configure(**FAST)
    vpc = make_vpc(moto_server)
    key_arn = make_kms_key(moto_server)
    make_orphans(emu, "sec-gone")
    create_cluster_api(emu, "sec-kms", pools=[pool_entity("workers")])
    create_cluster_api(emu, "sec-enc", pools=[pool_entity("workers")], encryption_key=key_arn)
    kubeconfig = tmp_path / "kubeconfig.yaml"
    ok, failing = _tasks(vpc, key_arn, str(kubeconfig))
    emu.clear_requests()
    config = emu.emulator.config
    saved_key, config.api_key = config.api_key, API_KEY
    try:
        result = run_playbook(play(ok + failing), extra_vars=SECRET_VARS, diff=True, verbosity=4,
                              env={"PALETTE_API_KEY": API_KEY})
        log = emu.requests()
    finally:
        config.api_key = saved_key

    assert len(result.results) == len(ok) + len(failing), result
    broken = [(e["task"], e["result"].get("msg")) for e in result.results[:len(ok)] if e["status"] == "failed"]
    assert not broken
    assert [e["status"] for e in result.results[len(ok):]] == ["failed"] * len(failing)
    assert "401" in str(res(result, "fail: wrong api key")["msg"])
    # the secrets were used: the run is not trivially clean
    assert kubeconfig.exists()
    assert any(e["status"] == 201 for e in log)
    stored = [a["spec"] for a in emu.emulator.store.accounts.values() if a["metadata"]["name"] == "secret-acct"]
    assert stored and stored[0].get("secretKey") == ACCOUNT_SECRET_2
    trust = aws(moto_server, "iam").get_role(RoleName="SpectroCloudRole")["Role"]["AssumeRolePolicyDocument"]
    assert EXTERNAL_ID in json.dumps(trust)
    assert len(result.stdout) > 10000     # -vvvv really printed the invocations and results

    leaks = {}
    for where, text in (("stdout", result.stdout), ("stderr", result.stderr),
                        ("results", json.dumps(result.results)), ("request log", json.dumps(log, default=str))):
        if where == "request log":
            found = [s for s in _leaks(text) if s in (API_KEY, WRONG_API_KEY)]   # bodies may carry what is sent
        else:
            found = _leaks(text)
        if found:
            leaks[where] = found
    for path in Path(tmp_path).rglob("*"):
        if path.is_file() and path.name not in OWN_FILES:
            found = _leaks(path.read_text(errors="replace"))
            if found:
                leaks[str(path.relative_to(tmp_path))] = found
    assert not leaks, _describe(leaks, result)


def _describe(leaks, result):
    lines = ["secrets leaked:"]
    for where, found in sorted(leaks.items()):
        lines.append("  %s: %s" % (where, ", ".join(found)))
    for entry in result.results:
        found = _leaks(json.dumps(entry["result"]))
        if found:
            lines.append("  task %r result holds %s" % (entry["task"], ", ".join(found)))
    for line in result.stdout.splitlines():
        if _leaks(line):
            lines.append("  stdout: %s" % line.strip()[:300])
            if len(lines) > 40:
                break
    return "\n".join(lines)


# -- the last-resort guard (issue 12 item 4): an unexpected exception carrying secrets, at -vvv with tracebacks ----

GUARD_KEY = "PALETTE/KEY+5e2b=9d&7c?41"        # characters that URL-encoding changes
GUARD_AWS_SECRET = "AWS/SECRET+8f1c=2b"
GUARD_TOKEN = "AWS-TOKEN-'quoted'\\-3d9e"
GUARD_ACCOUNT_SECRET = "ACCOUNT/SECRET+0a7f"
GUARD_KUBE_TOKEN = "kube-token-6b3f9d2e8a1c4f70"
GUARD_KUBECONFIG = ("apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: %s\n"
                    % GUARD_KUBE_TOKEN)

# A module that meets an answer it cannot handle and crashes with the secrets in the exception text, in every
# form: plain, URL-encoded, inside a repr; the kubeconfig it read is a secret (added to no_log_values, as the
# kubeconfig flow does). It reads /v1/users/info, which the emulator answers with the API key echoed back.
CRASHING_MODULE = '''#!/usr/bin/python
from urllib.parse import quote, quote_plus

from ansible_collections.palette.aws.plugins.module_utils.palette import PaletteModule


def flow(module):
    params = module.params
    with open(params["kubeconfig_path"]) as handle:
        kubeconfig = handle.read()
    module.no_log_values.add(kubeconfig)
    answer = module.read_object("/v1/users/info")
    detail = {"answer": answer, "key": quote(params["palette_api_key"], safe=""),
              "aws": quote_plus(params["aws_secret_key"]), "token": [params["session_token"]],
              "account": params["account_secret"], "kubeconfig": kubeconfig}
    raise RuntimeError("cannot use the answer %r" % (detail,))


def main():
    spec = dict(account_secret=dict(type="str", no_log=True), kubeconfig_path=dict(type="path"))
    PaletteModule(spec, supports_check_mode=True).run(flow)


if __name__ == "__main__":
    main()
'''


def _guard_forms():
    from urllib.parse import quote, quote_plus
    forms = set()
    for secret in (GUARD_KEY, GUARD_AWS_SECRET, GUARD_TOKEN, GUARD_ACCOUNT_SECRET):
        forms.update([secret, quote(secret, safe=""), quote_plus(secret), repr(secret)[1:-1]])
    return forms | {GUARD_KUBE_TOKEN}


def test_the_last_resort_guard_scrubs_every_secret_form_at_vvv(clean_env, run_playbook, tmp_path):
    emu = clean_env
    playdir = tmp_path / "guard"
    (playdir / "library").mkdir(parents=True)
    (playdir / "library" / "crashing_module.py").write_text(CRASHING_MODULE)
    kubeconfig = tmp_path / "kubeconfig.yaml"
    kubeconfig.write_text(GUARD_KUBECONFIG)
    secret_vars = {"key": GUARD_KEY, "aws_secret": GUARD_AWS_SECRET, "token": GUARD_TOKEN,
                   "account_secret": GUARD_ACCOUNT_SECRET}
    import yaml
    (playdir / "playbook.yml").write_text(yaml.safe_dump(play([{
        "name": "crash", "crashing_module": {
            "palette_api_key": "{{ key }}", "aws_secret_key": "{{ aws_secret }}", "session_token": "{{ token }}",
            "account_secret": "{{ account_secret }}", "kubeconfig_path": str(kubeconfig)},
        "ignore_errors": True}]), sort_keys=False))
    from urllib.parse import quote
    emu.faults(responses=[{"method": "GET", "path_regex": "^/v1/users/info$", "kind": "shape", "count": None,
                           "body": {"echo": GUARD_KEY, "encoded": quote(GUARD_KEY, safe="")}}])
    config = emu.emulator.config
    saved_key, config.api_key = config.api_key, GUARD_KEY
    try:
        result = run_playbook(playdir / "playbook.yml", extra_vars=secret_vars, verbosity=3,
                              env={"PALETTE_API_KEY": GUARD_KEY, "ANSIBLE_DISPLAY_TRACEBACK": "always"})
    finally:
        config.api_key = saved_key

    assert emu.emulator.faults.state()["mangled"] == 1, result  # the module did read the echoed key from "Palette"
    failed = res(result, "crash")
    assert failed["msg"].startswith("palette.aws: unexpected RuntimeError: cannot use the answer"), failed["msg"]
    assert "this is a bug" in failed["msg"] and "********" in failed["msg"]
    assert "Traceback" in result.stdout + result.stderr + json.dumps(failed)   # the traceback was shown, scrubbed
    leaks = [form for form in _guard_forms()
             if form in result.stdout or form in result.stderr or form in json.dumps(result.results)]
    assert not leaks, leaks
