"""API surface: auth, scoping, pagination, example bodies at their endpoints, read shapes (section 4)."""

import pytest

from palette_emulator.schema import validate_body

from .helpers import create_running, example

DEFAULT = "6650a1b2c3d4e5f600000001"
TEAM_B = "6650a1b2c3d4e5f600000002"
ACCOUNT = "6650a1b2c3d4e5f601234567"


def test_auth_wrong_or_missing_key_is_401(clean_env):
    status, body, _ignored = clean_env.api("GET", "/v1/users/info", api_key="wrong")
    assert status == 401 and body["code"] == "Unauthorized"
    status, body, _ignored = clean_env._http("GET", "/v1/users/info")
    assert status == 401 and body["code"] == "Unauthorized"
    # header name is case-insensitive (docs write apiKey)
    status, body, _ignored = clean_env._http("GET", "/v1/users/info", headers={"apikey": clean_env.api_key})
    assert status == 200 and body["tenantUid"]
    assert validate_body("v1UserInfo", body) == []


def test_api_key_never_logged(clean_env):
    clean_env.api("GET", "/v1/users/info")
    assert clean_env.api_key not in repr(clean_env.requests())


def test_projects(clean_env):
    status, body, _ignored = clean_env.api("GET", "/v1/dashboard/projects/metadata", project=None)
    assert status == 200
    assert {i["metadata"]["name"]: i["metadata"]["uid"] for i in body["items"]} == {"Default": DEFAULT,
                                                                                    "Team-B": TEAM_B}
    status, proj, _ignored = clean_env.api("GET", "/v1/projects/%s" % TEAM_B, project=None)
    assert status == 200 and proj["metadata"]["name"] == "Team-B"
    assert validate_body("v1Project", proj) == []
    status, body, _ignored = clean_env.api("GET", "/v1/users/info", project="nope")
    assert status == 403


EXAMPLE_ENDPOINTS = [
    ("eks-create", "POST", "/v1/spectroclusters/eks", 201),
    ("eks-create", "POST", "/v1/spectroclusters/eks/validate", 200),
    ("aws-create", "POST", "/v1/spectroclusters/aws", 201),
    ("aws-create", "POST", "/v1/spectroclusters/aws/validate", 200),
    ("cluster-search-by-name", "POST", "/v1/dashboard/spectroclusters/search", 200),
    ("cloudaccount-aws-secret", "POST", "/v1/cloudaccounts/aws", 201),
    ("cloudaccount-aws-sts", "POST", "/v1/cloudaccounts/aws", 201),
    ("auth-login", "POST", "/v1/auth/authenticate", 200),
]


@pytest.mark.parametrize("name,method,path,expected", EXAMPLE_ENDPOINTS)
def test_example_accepted_at_endpoint(clean_env, name, method, path, expected):
    body = example(name)
    if name == "cloudaccount-aws-sts":
        # the role must trust the tenant's external id (GET /v1/clouds/aws/account/sts)
        _ignored, sts, _ignored = clean_env.api("GET", "/v1/clouds/aws/account/sts")
        body["spec"]["sts"]["externalId"] = sts["externalId"]
    status, out, hdrs = clean_env.api(method, path, body)
    assert status == expected, out
    if expected == 201:
        assert list(out) == ["uid"] and len(out["uid"]) == 24
        assert hdrs.get("AuditUid")


@pytest.mark.parametrize("name,kind,path", [
    ("eks-machinepool-update", "eks", "machinePools/worker-pool"),
    ("eks-fargate-update", "eks", "fargateProfiles"),
    ("eks-clusterconfig-update", "eks", "clusterConfig"),
    ("aws-machinepool-update", "aws", "machinePools/worker-pool"),
])
def test_update_examples_accepted(clean_env, name, kind, path):
    uid, doc = create_running(clean_env, example("%s-create" % kind), kind)
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudconfigs/%s/%s/%s" % (kind, cfg, path), example(name))
    assert status == 204, out
    assert out is None


def test_eks_read_shapes(clean_env):
    uid, doc = create_running(clean_env, example("eks-create"))
    assert validate_body("v1SpectroCluster", doc) == []
    for key in ("creationTimestamp", "deletionTimestamp", "lastModifiedTimestamp"):
        assert doc["metadata"][key].endswith("Z")
    assert doc["spec"]["cloudType"] == "eks"
    cfg_uid = doc["spec"]["cloudConfigRef"]["uid"]
    status, cfg, _ignored = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg_uid)
    assert status == 200 and validate_body("v1EksCloudConfig", cfg) == []
    pools = {p["name"]: p for p in cfg["spec"]["machinePoolConfig"]}
    assert "machinepoolconfig" not in cfg["spec"]
    assert set(pools) == {"cp-pool", "worker-pool"}
    assert pools["cp-pool"]["isControlPlane"] is True and pools["worker-pool"]["isControlPlane"] is False
    assert pools["worker-pool"]["subnetIds"] == {"us-east-1a": "subnet-0aaa1111bbbb2222c",
                                                 "us-east-1b": "subnet-0ddd3333eeee4444f"}
    assert "subnets" not in pools["worker-pool"] and "poolConfig" not in pools["worker-pool"]
    assert pools["worker-pool"]["instanceType"] == "t3.large" and pools["worker-pool"]["size"] == 2
    assert cfg["spec"]["fargateProfiles"][0]["name"] == "fp-web"
    assert cfg["spec"]["clusterConfig"]["encryptionConfig"]["isEnabled"] is True
    status, st, _ignored = clean_env.api("GET", "/v1/spectroclusters/%s/status" % uid)
    assert st == {"status": {"state": "Running"}}
    status, ov, _ignored = clean_env.api("GET", "/v1/dashboard/spectroclusters/%s/overview" % uid)
    assert ov["status"]["health"]["state"] == "Healthy"
    assert validate_body("v1SpectroClusterUidSummary", ov) == []


def test_aws_read_shapes(clean_env):
    uid, doc = create_running(clean_env, example("aws-create"), "aws")
    status, cfg, _ignored = clean_env.api("GET", "/v1/cloudconfigs/aws/%s" % doc["spec"]["cloudConfigRef"]["uid"])
    assert validate_body("v1AwsCloudConfig", cfg) == []
    pools = {p["name"]: p for p in cfg["spec"]["machinePoolConfig"]}
    assert pools["worker-pool"]["skipK8sUpgrade"] == "disabled"
    assert pools["worker-pool"]["spotMarketOptions"] == {"maxPrice": "0.12"}
    assert pools["cp-pool"]["subnetIds"] == {"us-west-2a": "subnet-0123aaaa4567bbbb8"}


def test_unknown_field_rejected_with_path(clean_env):
    body = example("eks-create")
    body["spec"]["cloudConfig"]["vpcID"] = "vpc-1"
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", body)
    assert status == 400 and out["code"] == "InvalidRequest"
    assert "spec.cloudConfig.vpcID: unknown field" in out["message"] and out["ref"]
    assert not clean_env.clusters()


def test_wrong_type_enum_and_bad_json_rejected(clean_env):
    body = example("eks-fargate-update")
    body["fargateProfiles"][0]["selectors"] = {"namespace": "web"}
    uid, doc = create_running(clean_env, example("eks-create"))
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/fargateProfiles" % cfg, body)
    assert status == 400 and "fargateProfiles[0].selectors: expected array, got object" in out["message"]
    body = example("eks-machinepool-update")
    body["cloudConfig"]["capacityType"] = "reserved"
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudconfigs/eks/%s/machinePools/worker-pool" % cfg, body)
    assert status == 400 and "cloudConfig.capacityType" in out["message"]
    status, out, _ignored = clean_env._http("PUT", "/v1/cloudconfigs/eks/%s/fargateProfiles" % cfg,
                                            headers={"ApiKey": clean_env.api_key, "ProjectUid": DEFAULT})
    assert status == 400  # body required


def test_null_arrays_accepted_by_endpoint(clean_env):
    body = example("eks-create")
    body["spec"]["fargateProfiles"] = None
    body["spec"]["machinepoolconfig"][1]["poolConfig"]["taints"] = None
    body["spec"]["profiles"][0]["packValues"] = None
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", body)
    assert status == 201, out
    status, cfg, _ignored = clean_env.api("GET", "/v1/spectroclusters/%s" % out["uid"])
    assert status == 200


def test_accounts_crud_validate_and_sts(clean_env):
    status, sts, _ignored = clean_env.api("GET", "/v1/clouds/aws/account/sts")
    assert status == 200 and sts["accountId"].isdigit() and sts["externalId"]
    assert validate_body("V1AwsAccountSts", sts) == []
    good = {"credentialType": "secret", "accessKey": "AKIA1", "secretKey": "s3cret"}
    assert clean_env.api("POST", "/v1/clouds/aws/account/validate", good)[0] == 204
    bad = dict(good, secretKey="invalid-key")
    status, out, _ignored = clean_env.api("POST", "/v1/clouds/aws/account/validate", bad)
    assert status == 400 and out["code"] == "InvalidCredentials"
    status, out, _ignored = clean_env.api("POST", "/v1/clouds/aws/account/validate",
                                          {"credentialType": "sts", "sts": {"arn": "arn:aws:iam::123:role/x"}})
    assert status == 400 and out["code"] == "InvalidRoleArn"
    body = {"metadata": {"name": "acct-2"}, "spec": good}
    status, out, _ignored = clean_env.api("POST", "/v1/cloudaccounts/aws", body)
    assert status == 201
    uid = out["uid"]
    assert clean_env.api("POST", "/v1/cloudaccounts/aws", body)[0] == 409
    status, doc, _ignored = clean_env.api("GET", "/v1/cloudaccounts/aws/%s" % uid)
    assert doc["metadata"]["name"] == "acct-2" and "secretKey" not in doc["spec"]
    assert validate_body("v1AwsAccount", doc) == []
    status, out, _ignored = clean_env.api("PUT", "/v1/cloudaccounts/aws/%s" % uid,
                                          {"metadata": {"name": "acct-2"}, "spec": dict(good, accessKey="AKIA2")})
    assert status == 204
    assert clean_env.api("GET", "/v1/cloudaccounts/aws/%s" % uid)[1]["spec"]["accessKey"] == "AKIA2"
    assert clean_env.api("DELETE", "/v1/cloudaccounts/aws/%s" % uid)[0] == 204
    assert clean_env.api("GET", "/v1/cloudaccounts/aws/%s" % uid)[1]["code"] == "ResourceNotFound"


def test_pagination_with_continue(clean_env):
    clean_env.configure(page_size=2)
    for i in range(3):
        body = {"metadata": {"name": "acct-%d" % i}, "spec": {"accessKey": "A", "secretKey": "s"}}
        assert clean_env.api("POST", "/v1/cloudaccounts/aws", body)[0] == 201
    names, token, pages = [], None, 0
    while True:
        path = "/v1/cloudaccounts/aws" + ("?continue=%s" % token if token else "")
        status, page, _ignored = clean_env.api("GET", path)
        assert status == 200 and validate_body("v1AwsAccounts", page) == []
        pages += 1
        names += [i["metadata"]["name"] for i in page["items"]]
        assert page["listmeta"]["count"] == 4
        token = page["listmeta"]["continue"]
        if not token:
            break
    assert pages == 2 and sorted(names) == ["acct-0", "acct-1", "acct-2", "aws-demo"]
    assert clean_env.api("GET", "/v1/cloudaccounts/aws?continue=garbage")[0] == 400
    clean_env.configure(page_size=50)
    status, page, _ignored = clean_env.api("GET", "/v1/cloudaccounts/aws?limit=0")
    assert len(page["items"]) == 4 and page["listmeta"]["continue"] == ""


def test_project_scoping(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid, project="Team-B")[0] == 404
    assert clean_env.api("GET", "/v1/spectroclusters/%s" % uid, project=None)[0] == 404
    status, accts, _ignored = clean_env.api("GET", "/v1/cloudaccounts/aws", project="Team-B")
    assert [a["metadata"]["name"] for a in accts["items"]] == ["aws-team-b"]
    status, out, _ignored = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", example("cluster-search-by-name"),
                                          project="Team-B")
    assert out["items"] == []
    # the Default project's account is not usable from Team-B
    status, out, _ignored = clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"), project="Team-B")
    assert status == 404


def test_cluster_profiles(clean_env):
    status, meta, _ignored = clean_env.api("GET", "/v1/dashboard/clusterprofiles/metadata")
    assert validate_body("v1ClusterProfilesMetadata", meta) == []
    versions = sorted(i["spec"]["version"] for i in meta["items"] if i["metadata"]["name"] == "eks-infra")
    assert versions == ["1.0.0", "1.1.0"]
    assert "eks-infra-team-b" not in [i["metadata"]["name"] for i in meta["items"]]
    assert "observability-addon" in [i["metadata"]["name"] for i in meta["items"]]  # tenant scope is shared
    flt = {"filter": {"profileName": {"eq": "EKS-INFRA"}, "version": {"eq": "1.1.0"}, "profileType": ["infra"]},
           "sort": []}
    status, out, _ignored = clean_env.api("POST", "/v1/dashboard/clusterprofiles", flt)
    assert status == 200 and validate_body("v1ClusterProfilesSummary", out) == []
    assert [i["metadata"]["uid"] for i in out["items"]] == ["6650a1b2c3d4e5f60000aaab"]
    status, prof, _ignored = clean_env.api("GET", "/v1/clusterprofiles/6650a1b2c3d4e5f60000aaab")
    assert validate_body("v1ClusterProfile", prof) == []
    assert prof["spec"]["published"]["cloudType"] == "eks" and prof["metadata"]["annotations"]["scope"] == "project"


def test_writes_classification(clean_env):
    clean_env.api("POST", "/v1/dashboard/spectroclusters/search", example("cluster-search-by-name"))
    clean_env.api("POST", "/v1/spectroclusters/eks/validate", example("eks-create"))
    clean_env.api("GET", "/v1/users/info")
    assert clean_env.writes() == []
    clean_env.api("POST", "/v1/spectroclusters/eks", example("eks-create"))
    writes = clean_env.writes()
    assert [(w["method"], w["path"], w["status"]) for w in writes] == [("POST", "/v1/spectroclusters/eks", 201)]
    assert writes[0]["body"]["metadata"]["name"] == "eks-demo" and writes[0]["project"] == DEFAULT
