"""cluster_profile_info through ansible-playbook against the Palette emulator (seeded profiles)."""

import support

PROFILE_KEYS = {"uid", "name", "version", "cloud_type", "profile_type", "scope", "packs", "versions"}


def play(*tasks):
    return support.play(tasks)


def lookup(title, **options):
    return support.task(title, "palette.aws.cluster_profile_info", options)


def profiles(result, title):
    entry = result.result(title)
    assert entry["status"] == "ok", entry
    assert entry["result"]["changed"] is False
    return entry["result"]["profiles"]


def test_filters(clean_env, run_playbook):
    result = run_playbook(play(
        lookup("By name", name="eks-infra"),
        lookup("By name and version", name="eks-infra", version="1.1.0"),
        lookup("By cloud type", cloud_type="aws"),
        lookup("Add-on profiles", profile_type="add-on"),
        lookup("Type mismatch", name="eks-infra", profile_type="add-on"),
        lookup("Unknown name", name="no-such-profile"),
        lookup("Everything"),
    ), check=True)
    assert result.rc == 0, result
    eks = profiles(result, "By name")
    assert [(p["name"], p["version"]) for p in eks] == [("eks-infra", "1.0.0"), ("eks-infra", "1.1.0")]
    first = eks[0]
    assert set(first) == PROFILE_KEYS
    assert first["uid"] == "6650a1b2c3d4e5f60000aaaa" and first["cloud_type"] == "eks"
    assert first["profile_type"] == "infra" and first["scope"] == "project"
    assert first["versions"] == ["1.0.0", "1.1.0"]
    assert {"name": "kubernetes-eks", "tag": "1.30", "layer": "k8s", "type": "spectro"} in first["packs"]
    assert [p["uid"] for p in profiles(result, "By name and version")] == ["6650a1b2c3d4e5f60000aaab"]
    assert [(p["name"], p["profile_type"]) for p in profiles(result, "By cloud type")] == [("aws-iaas-infra", "cluster")]
    addons = profiles(result, "Add-on profiles")
    assert [(p["name"], p["cloud_type"], p["scope"]) for p in addons] == [("observability-addon", "all", "tenant")]
    assert profiles(result, "Type mismatch") == []
    assert profiles(result, "Unknown name") == []
    # Team-B's profile is not visible from the Default project
    names = sorted(set(p["name"] for p in profiles(result, "Everything")))
    assert names == ["aws-iaas-infra", "eks-infra", "observability-addon"]
    assert clean_env.writes() == []


def test_project_scope_and_cheap_miss(clean_env, run_playbook):
    result = run_playbook(play(lookup("Team B", name="eks-infra-team-b")), env={"PALETTE_PROJECT": "Team-B"})
    found = profiles(result, "Team B")
    assert [(p["name"], p["cloud_type"]) for p in found] == [("eks-infra-team-b", "eks")]
    clean_env.clear_requests()
    miss = run_playbook(play(lookup("Miss", name="nothing-like-this")))
    assert profiles(miss, "Miss") == []
    # a miss costs the metadata read only, never the paginated search
    paths = [e["path"] for e in clean_env.requests() if "clusterprofiles" in e["path"]]
    assert paths == ["/v1/dashboard/clusterprofiles/metadata"]


def test_bad_api_key_fails_clearly(clean_env, run_playbook):
    result = run_playbook(play(lookup("Lookup", name="eks-infra")), env={"PALETTE_API_KEY": "wrong-key"})
    assert result.rc != 0
    msg = result.result("Lookup")["result"]["msg"]
    assert "401" in msg and "palette_api_key" in msg
