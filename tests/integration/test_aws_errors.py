"""Issue 12 item 4 (AWS part) and issue 14 item 12: every botocore exception becomes a module failure naming the AWS
call and the fix; never a traceback, never the AWS secret key or session token (even when they come from AWS_*
variables, not options)."""

import sys
from pathlib import Path

import support
from support import res

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from counting_proxy import CountingProxy  # noqa: E402

SECRET_KEY = "aws-secret-Qx81-not-to-be-seen"
SESSION_TOKEN = "aws-session-token-Zk27-not-to-be-seen"


def assert_clean_failure(result, name, call, fix):
    entry = result.result(name)
    assert entry["status"] == "failed", entry
    msg = entry["result"]["msg"]
    assert call in msg and fix in msg, msg
    # no Python exception text: a Failure, not the last-resort guard ("unexpected ...") nor a crash
    assert "unexpected" not in msg and "Traceback (most recent call last)" not in str(entry["result"]), entry["result"]


def test_an_html_page_from_aws_fails_each_module_cleanly(clean_env, run_playbook, moto_server):
    vpc = support.make_vpc(moto_server)
    tasks = [
        support.task("Tagging", "palette.aws.subnet_tagging", {"cluster": "html-c", "vpc_id": vpc["vpc"]},
                     ignore_errors=True),
        support.task("Orphans", "palette.aws.orphaned_resources_info", {"cluster": "html-c"}, ignore_errors=True),
        support.task("Purge", "palette.aws.orphaned_resources", {"cluster": "html-c", "state": "absent"},
                     ignore_errors=True),
        support.task("Role", "palette.aws.sts_role", {"role_name": "HtmlRole", "palette_account_id": "123456789012",
                                                      "external_id": "ext-html"}, ignore_errors=True),
        support.task("Preflight", "palette.aws.preflight_info", {"cloud_type": "eks"}, ignore_errors=True),
    ]
    with CountingProxy(moto_server) as proxy:
        # a 200 with an HTML body: botocore raises ResponseParserError (not a BotoCoreError) and does not retry
        for operation in ("DescribeVpcs", "GetRole", "GetCallerIdentity"):
            proxy.answer_html(operation, status=200)
        result = run_playbook(support.play(tasks), verbosity=3,
                              env={"AWS_ENDPOINT_URL": proxy.url, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                                   "AWS_SESSION_TOKEN": SESSION_TOKEN})
        html_calls = [c for c in proxy.calls if c.get("fault") == "html"]
    assert html_calls, "the proxy answered no call with HTML"
    fix = "check endpoint_url / AWS_ENDPOINT_URL and any proxy between here and AWS"
    assert_clean_failure(result, "Tagging", "AWS subnet tagging", fix)
    assert_clean_failure(result, "Orphans", "AWS orphan discovery for cluster html-c", fix)
    assert_clean_failure(result, "Purge", "AWS orphan purge for cluster html-c", fix)
    assert_clean_failure(result, "Role", "AWS IAM role HtmlRole", fix)
    assert "ResponseParserError" in res(result, "Tagging")["msg"]
    # preflight_info reports a check it cannot answer as a check (identity: fail), not as a crash
    preflight = res(result, "Preflight")
    identity = [c for c in preflight["checks"] if c["name"] == "identity"][0]
    assert identity["status"] == "fail" and fix in identity["detail"]
    output = result.stdout + result.stderr
    assert SECRET_KEY not in output and SESSION_TOKEN not in output
    assert "Traceback (most recent call last)" not in output


def test_no_credentials_fails_with_the_fix(clean_env, run_playbook, moto_server, tmp_path):
    vpc = support.make_vpc(moto_server)
    no_credentials = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
                      "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"), "AWS_CONFIG_FILE": str(tmp_path / "none"),
                      "AWS_EC2_METADATA_DISABLED": "true"}
    result = run_playbook(support.play([
        support.task("Tagging", "palette.aws.subnet_tagging", {"cluster": "nocreds", "vpc_id": vpc["vpc"]},
                     ignore_errors=True),
        support.task("Orphans", "palette.aws.orphaned_resources_info", {"cluster": "nocreds"}, ignore_errors=True),
    ]), env=no_credentials)
    for name in ("Tagging", "Orphans"):
        assert_clean_failure(result, name, "(NoCredentialsError)",
                             "give aws_access_key/aws_secret_key (and session_token for temporary credentials), a "
                             "profile, or AWS_* variables")
