"""Repave review (issue 13 item 2): a repave waiting for approval fails the run listing Palette's reasons, unless
``review_repave_state: Approved`` approves it (PATCH .../repave/approve), as Terraform's repave gate does."""

from support import api, create_cluster, play, res

MOD = "palette.aws.aws_palette_cluster"
REASONS = [{"code": "PackValuesChanged", "message": "kubernetes values changed"},
           {"code": "OsPatch", "message": "new AMI"}]


def task(name, args, **extra):
    entry = {"name": name, MOD: dict(args, wait=False), "register": name.replace(" ", "_")}
    entry.update(extra)
    return entry


def test_pending_repave_fails_listing_reasons_then_approval_goes_on(clean_env, run_playbook):
    emu = clean_env
    uid, _cfg = create_cluster(emu, "rp-eks")
    emu.set_cluster(uid, repave={"state": "Pending", "reasons": REASONS})
    emu.clear_requests()
    change = {"cluster": "rp-eks", "tags": {"env": "prod"}}
    result = run_playbook(play([
        task("unapproved", change, ignore_errors=True),
        task("pending value", dict(change, review_repave_state="Pending"), ignore_errors=True),
        task("check", dict(change, review_repave_state="Approved"), check_mode=True),
    ]))
    for name in ("unapproved", "pending value"):
        failed = result.result(name)
        assert failed["status"] == "failed", failed
        msg = failed["result"]["msg"]
        assert "Repave - Code: PackValuesChanged, Reason: kubernetes values changed" in msg
        assert "Repave - Code: OsPatch, Reason: new AMI" in msg and "review_repave_state: Approved" in msg
        assert failed["result"]["repave"]["state"] == "Pending"
    check = res(result, "check")
    assert check["changed"] is True and check["repave"]["state"] == "Approved"
    assert emu.writes() == []
    assert api(emu, "GET", "/v1/spectroclusters/%s" % uid)["status"]["repave"]["state"] == "Pending"

    approved = run_playbook(play([task("approved", dict(change, review_repave_state="Approved")),
                                  task("again", dict(change, review_repave_state="Approved"))]))
    assert approved.rc == 0, approved
    assert [s for _t, s in approved.statuses()] == ["changed", "ok"]
    out = res(approved, "approved")
    assert out["repave"] == {"state": "Approved", "reasons": [
        "Repave - Code: PackValuesChanged, Reason: kubernetes values changed", "Repave - Code: OsPatch, Reason: new AMI"]}
    writes = [(e["method"], e["path"]) for e in emu.writes()]
    assert writes[0] == ("PATCH", "/v1/spectroclusters/%s/repave/approve" % uid)
    assert ("PATCH", "/v1/spectroclusters/%s/metadata" % uid) in writes
    assert api(emu, "GET", "/v1/spectroclusters/%s" % uid)["status"]["repave"]["state"] == "Approved"
    assert out["cluster"]["tags"] == {"env": "prod"}


def test_invalid_review_value_fails_before_any_request(clean_env, run_playbook):
    emu = clean_env
    create_cluster(emu, "rp-bad")
    emu.clear_requests()
    result = run_playbook(play([task("bad", {"cluster": "rp-bad", "review_repave_state": "approved"},
                                     ignore_errors=True)]))
    failed = result.result("bad")
    assert failed["status"] == "failed" and "review_repave_state" in failed["result"]["msg"]
    assert emu.requests() == []
