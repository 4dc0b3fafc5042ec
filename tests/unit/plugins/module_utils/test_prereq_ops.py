# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers of _cloud_account_ops and _cluster_profile_ops (no I/O)."""

from ansible_collections.palette.aws.plugins.module_utils._api.diff import SECRET_MARKER
from ansible_collections.palette.aws.plugins.module_utils._flows.cloud_account import (
    build_body,
    build_spec,
    desired_view,
    differences,
    normalise_account,
    public_view,
    result_view,
)
from ansible_collections.palette.aws.plugins.module_utils._flows.cluster_profiles import metadata_matches, search_body

SECRET_PARAMS = dict(name="a", credential_type="secret", partition="aws", access_key="AKIA1", secret_key="s3cr3t",
                     role_arn=None, policy_arns=None)
STS_PARAMS = dict(name="a", credential_type="sts", partition="aws", access_key=None, secret_key=None,
                  role_arn="arn:aws:iam::1:role/R", policy_arns=None)


def read_doc(spec, name="a", uid="u1", annotations=None):
    return {"metadata": {"name": name, "uid": uid, "annotations": annotations or {}}, "spec": spec,
            "status": {"state": "Running"}}


def test_secret_spec_and_views_never_carry_the_secret():
    spec = build_spec(SECRET_PARAMS)
    assert spec == {"credentialType": "secret", "partition": "aws", "accessKey": "AKIA1", "secretKey": "s3cr3t"}
    desired = desired_view(SECRET_PARAMS, spec)
    assert "s3cr3t" not in str(desired) and "s3cr3t" not in str(public_view(desired))
    current = normalise_account(read_doc({"credentialType": "secret", "accessKey": "AKIA1"}))
    assert differences(desired, current) == []
    assert differences(desired, dict(current, access_key="AKIA2")) == ["access_key"]


def test_sts_spec_keeps_unmanaged_policy_arns_and_hides_external_id():
    sts = {"arn": "arn:aws:iam::1:role/R", "externalId": "ext"}
    current = normalise_account(read_doc({"credentialType": "sts", "sts": sts, "policyARNs": ["p2", "p1"]}))
    assert current["policy_arns"] == ["p1", "p2"] and current["access_key"] is None
    spec = build_spec(STS_PARAMS, "ext", current)
    assert spec["sts"] == {"arn": "arn:aws:iam::1:role/R", "externalId": "ext"} and spec["policyARNs"] == ["p1", "p2"]
    assert differences(desired_view(STS_PARAMS, spec), current) == []
    assert public_view(current)["external_id"] == SECRET_MARKER
    view = result_view(current)
    assert "external_id" not in view and view["external_id_set"] is True
    changed = build_spec(dict(STS_PARAMS, policy_arns=[]), "other", current)
    assert sorted(differences(desired_view(STS_PARAMS, changed), current)) == ["external_id", "policy_arns"]


def test_body_keeps_annotations_of_the_existing_account():
    existing = read_doc({}, annotations={"overlordUid": "pcg"})
    assert build_body("a", {"x": 1}, existing) == {"metadata": {"name": "a", "annotations": {"overlordUid": "pcg"}},
                                                   "spec": {"x": 1}}
    assert build_body("a", {"x": 1}) == {"metadata": {"name": "a"}, "spec": {"x": 1}}


def test_profile_metadata_match_is_exact():
    items = [{"metadata": {"uid": "1", "name": "eks-infra"}, "spec": {"version": "1.0.0", "cloudType": "eks"}},
             {"metadata": {"uid": "2", "name": "EKS-infra"}, "spec": {"version": "1.0.0", "cloudType": "eks"}},
             {"metadata": {"uid": "3", "name": "eks-infra"}, "spec": {"version": "1.1.0", "cloudType": "eks"}}]
    assert [m["uid"] for m in metadata_matches(items, name="eks-infra")] == ["1", "3"]
    assert [m["uid"] for m in metadata_matches(items, name="eks-infra", version="1.1.0")] == ["3"]
    assert metadata_matches(items, cloud_type="aws") == []
    body = search_body("eks-infra", None, "eks", "infra")
    assert body["filter"] == {"profileName": {"eq": "eks-infra", "ignoreCase": False}, "environment": ["eks"],
                              "profileType": ["infra"]}
