"""Partial answers and transport faults through ansible-playbook (issue 12 items 2 and 4).

- A search answered empty, cut short, with the wrong shape or with an HTML page fails the module with an error that
  names the call; it is never read as "no such cluster" (a delete of a cluster whose search came back empty must not
  report "already absent").
- A ``Retry-After`` of an hour fails the module at once, saying what Palette asked.
- A create answered without a uid is found by name (one POST); a DELETE retried after a lost answer and answered 404
  is a success.
"""

from helpers import FAST, create_cluster_api, failures, play, res, task

SEARCH = "^/v1/dashboard/spectroclusters/search$"
BROKEN = [("empty", {"kind": "empty"}, "EmptyResponse"),
          ("truncated", {"kind": "truncated"}, "InvalidResponse"),
          ("shape", {"kind": "shape", "body": {"listmeta": {"continue": ""}}}, "UnexpectedResponse"),
          ("html", {"kind": "html", "status": 200}, "HTML page")]


def test_broken_search_answers_fail_naming_the_call_and_never_read_as_absent(clean_env, run_playbook):
    emu = clean_env
    emu.configure(**FAST)
    uid, _cfg = create_cluster_api(emu, "answers")
    rules = [dict(rule, method="POST", path_regex=SEARCH, count=1) for _name, rule, _code in BROKEN]
    rules.append({"method": "POST", "path_regex": SEARCH, "kind": "empty", "count": 1})
    tasks = [task("info " + name, "aws_palette_cluster_info", {"name": "answers"}, ignore_errors=True)
             for name, _rule, _code in BROKEN]
    tasks.append(task("delete", "aws_palette_cluster", {"name": "answers", "state": "absent"}, ignore_errors=True))
    emu.clear_requests()
    emu.faults(responses=rules)

    result = run_playbook(play(tasks))

    assert emu.emulator.faults.state()["mangled"] == len(rules)
    assert [s for _t, s in result.statuses()] == ["failed"] * len(rules), result
    for name, _rule, code in BROKEN:
        msg = res(result, "info " + name)["msg"]
        assert code in msg and "POST /v1/dashboard/spectroclusters/search" in msg, msg
        assert "unexpected" not in msg.lower().split("unexpectedresponse")[0], msg  # not the last-resort guard
        assert "Traceback" not in msg
    deleted = res(result, "delete")
    assert "EmptyResponse" in deleted["msg"] and not deleted.get("changed")
    assert emu.requests(method="DELETE") == []
    assert [c["state"] for c in emu.clusters("answers")] != ["Deleted"] and emu.clusters("answers")[0]["uid"] == uid


def test_retry_after_cap_create_without_uid_and_delete_after_a_lost_answer(clean_env, run_playbook):
    emu = clean_env
    account = {"name": "answers-acct", "credential_type": "secret", "access_key": "AKIAANSWERSTEST00001",
               "secret_key": "answers-secret"}
    tasks = [task("profiles", "cluster_profile_info", {"cloud_type": "eks"}, ignore_errors=True),
             task("create account", "cloud_account", account),
             task("delete account", "cloud_account", {"name": "answers-acct", "state": "absent"}),
             task("delete again", "cloud_account", {"name": "answers-acct", "state": "absent"})]
    emu.clear_requests()
    emu.faults(script=[429], retry_after=3600, path_prefix="/v1/dashboard/clusterprofiles",
               responses=[{"method": "POST", "path_regex": "^/v1/cloudaccounts/aws$", "kind": "shape",
                           "status": 201, "body": {}}],
               lose=[{"method": "DELETE", "path_prefix": "/v1/cloudaccounts/aws/", "mode": "504"}])

    result = run_playbook(play(tasks))

    assert result.statuses() == [("profiles", "failed"), ("create account", "changed"),
                                 ("delete account", "changed"), ("delete again", "ok")], failures(result)
    msg = res(result, "profiles")["msg"]
    assert "Palette asked to wait 3600 s before another attempt (Retry-After)" in msg and "run again later" in msg
    assert len(emu.requests(path_prefix="/v1/dashboard/clusterprofiles")) == 1  # not retried
    # the create's answer had no uid: one POST, then the account was found by name
    posts = [e for e in emu.requests(method="POST") if e["path"] == "/v1/cloudaccounts/aws"]
    assert [e["status"] for e in posts] == [201]
    created_uid = res(result, "create account")["cloud_account"]["uid"]
    assert created_uid and len(created_uid) == 24
    # the delete's answer was lost (504 after the commit); the retry met 404: done, not failed
    deletes = emu.requests(method="DELETE")
    assert [(e["path"].rsplit("/", 1)[1], e["status"], e.get("lost")) for e in deletes] == [
        (created_uid, 204, "504"), (created_uid, 404, None)]
    assert not [a for a in emu.emulator.store.accounts.values() if a["metadata"]["name"] == "answers-acct"]
