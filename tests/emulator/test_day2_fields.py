"""Issue 13: the pool fields, cluster settings, kubeconfig assets, rate estimates, account description and repave
review that the collection sets are stored and read back in the spec's shapes."""

import copy

from palette_emulator.schema import validate_body

from .helpers import create_running, example

SG = [{"id": "sg-0123456789abcdef0"}]


def _pools(env, kind, doc):
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    read = env.api("GET", "/v1/cloudconfigs/%s/%s" % (kind, cfg))[1]
    assert validate_body("v1EksCloudConfig" if kind == "eks" else "v1AwsCloudConfig", read) == []
    return {p["name"]: p for p in read["spec"]["machinePoolConfig"]}


def test_eks_pool_launch_template_and_annotations_read_back(clean_env):
    body = example("eks-create")
    worker = body["spec"]["machinepoolconfig"][1]
    worker["cloudConfig"].update(enableAwsLaunchTemplate=True, awsLaunchTemplate={
        "rootVolume": {"type": "gp3", "iops": 4000, "throughput": 250}, "additionalSecurityGroups": SG})
    worker["poolConfig"]["additionalAnnotations"] = {"team": "a"}
    uid, doc = create_running(clean_env, body)
    pool = _pools(clean_env, "eks", doc)["worker-pool"]
    assert pool["awsLaunchTemplate"] == {"rootVolume": {"type": "gp3", "iops": 4000, "throughput": 250},
                                         "additionalSecurityGroups": SG}
    assert pool["enableAwsLaunchTemplate"] is True and pool["additionalAnnotations"] == {"team": "a"}
    assert pool["instanceConfig"]["name"] == "t3.large" and pool["instanceConfig"]["numCPUs"] == 2


def test_aws_pool_fields_read_back(clean_env):
    body = example("aws-create")
    cp, worker = body["spec"]["machinepoolconfig"]
    cp["poolConfig"]["useControlPlaneAsWorker"] = True
    cp["poolConfig"]["overrideKubeadmConfiguration"] = "kubeletExtraArgs:\n  max-pods: '110'\n"
    worker["cloudConfig"]["additionalSecurityGroups"] = SG
    worker["poolConfig"].update(skipK8sUpgrade="enabled", additionalAnnotations={"a": "b"})
    uid, doc = create_running(clean_env, body, "aws")
    pools = _pools(clean_env, "aws", doc)
    assert pools["cp-pool"]["useControlPlaneAsWorker"] is True
    assert pools["cp-pool"]["overrideKubeadmConfiguration"].startswith("kubeletExtraArgs")
    assert pools["worker-pool"]["additionalSecurityGroups"] == SG
    assert pools["worker-pool"]["skipK8sUpgrade"] == "enabled"
    assert pools["worker-pool"]["additionalAnnotations"] == {"a": "b"}
    upd = example("aws-machinepool-update")
    upd["poolConfig"]["skipK8sUpgrade"] = "disabled"
    cfg = doc["spec"]["cloudConfigRef"]["uid"]
    assert clean_env.api("PUT", "/v1/cloudconfigs/aws/%s/machinePools/worker-pool" % cfg, upd)[0] == 204
    assert _pools(clean_env, "aws", doc)["worker-pool"]["skipK8sUpgrade"] == "disabled"


def test_cluster_settings_read_back(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    base = "/v1/spectroclusters/%s" % uid
    ns = {"namespaces": [{"metadata": {"name": "team-a"}, "spec": {
        "isRegex": False, "resourceAllocation": {"cpuCores": 2, "memoryMiB": 2048,
                                                 "gpuConfig": {"limit": 1, "provider": "nvidia"}}}}]}
    assert clean_env.api("PUT", base + "/config/namespaces", ns)[0] == 204
    got = clean_env.api("GET", base + "/config/namespaces")[1]
    assert validate_body("v1ClusterNamespaceResources", got) == []
    assert got["items"][0]["spec"] == ns["namespaces"][0]["spec"]
    ns_uid = got["items"][0]["metadata"]["uid"]
    one = clean_env.api("GET", base + "/config/namespaces/%s" % ns_uid)[1]
    assert validate_body("v1ClusterNamespaceResource", one) == [] and one["metadata"]["name"] == "team-a"
    assert clean_env.api("PATCH", base + "/clusterConfig/timezone", {"timezone": "Europe/Berlin"})[0] == 204
    host = {"hostClusterConfig": {"isHostCluster": True, "clusterEndpoint": {"type": "Ingress", "config": {
        "ingressConfig": {"host": "vc.example.com", "port": 443}}}}}
    assert clean_env.api("PATCH", base + "/clusterConfig/hostCluster", host)[0] == 204
    patch = {"osPatchConfig": {"onDemandPatchAfter": "2030-01-01T00:00:00.000Z", "patchOnBoot": False,
                               "rebootIfRequired": False}}
    assert clean_env.api("PATCH", base + "/clusterConfig/osPatch", patch)[0] == 204
    status, _b, hdrs = clean_env.api("POST", base + "/upgrade/settings", {"spectroComponents": "lock"})
    assert status == 204 and hdrs.get("AuditUid")
    doc = clean_env.api("GET", base)[1]
    cc = doc["spec"]["clusterConfig"]
    assert cc["timezone"] == "Europe/Berlin" and cc["hostClusterConfig"] == host["hostClusterConfig"]
    assert cc["machineManagementConfig"]["osPatchConfig"]["onDemandPatchAfter"] == "2030-01-01T00:00:00.000Z"
    assert doc["metadata"]["annotations"]["spectroComponentsUpgradeForbidden"] == "true"
    assert validate_body("v1SpectroCluster", doc) == []
    summary = clean_env.api("POST", "/v1/dashboard/spectroclusters/search", {})[1]["items"][0]
    assert summary["specSummary"]["clusterConfig"] == {"timezone": "Europe/Berlin"}


def test_kubeconfig_assets(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    base = "/v1/spectroclusters/%s/assets" % uid
    status, raw, hdrs = clean_env.api("GET", base + "/adminKubeconfig")
    assert status == 200 and hdrs["Content-Type"] == "application/octet-stream" and b"-admin" in raw
    # kubeconfigclient: 404 until set (PUT v1SpectroClusterAssetKubeConfigClient), then the stored file
    assert clean_env.api("GET", base + "/kubeconfigclient")[0] == 404
    client_cfg = "apiVersion: v1\nkind: Config\nusers:\n- name: oidc\n"
    assert clean_env.api("PUT", base + "/kubeconfigclient", {"kubeconfigclient": client_cfg})[0] == 204
    status, raw, hdrs = clean_env.api("GET", base + "/kubeconfigclient")
    assert status == 200 and raw == client_cfg.encode() and "attachment" in hdrs["Content-Disposition"]
    assert clean_env.api("PUT", base + "/kubeconfigclient", {"kubeconfig": "x"})[0] == 400
    assert clean_env.api("DELETE", base + "/kubeconfigclient")[0] == 204
    assert clean_env.api("GET", base + "/kubeconfigclient")[0] == 404


def test_rate_endpoints_follow_instance_types(clean_env):
    body = example("eks-create")
    rate_body = {"cloudConfig": body["spec"]["cloudConfig"], "machinepoolconfig": body["spec"]["machinepoolconfig"]}
    status, small, _h = clean_env.api("POST", "/v1/spectroclusters/eks/rate?periodType=hourly", rate_body)
    assert status == 200 and validate_body("v1SpectroClusterRate", small) == []
    big = copy.deepcopy(rate_body)
    big["machinepoolconfig"][1]["cloudConfig"]["instanceType"] = "m5.2xlarge"
    bigger = clean_env.api("POST", "/v1/spectroclusters/eks/rate?periodType=hourly", big)[1]
    assert bigger["rate"]["compute"] > small["rate"]["compute"] > 0
    monthly = clean_env.api("POST", "/v1/spectroclusters/eks/rate?periodType=monthly", rate_body)[1]
    assert abs(monthly["rate"]["total"] - small["rate"]["total"] * 730) < 0.1          # 4-decimal rounding
    assert "t3.large" in small["resourceMetadata"]["instanceTypes"]
    aws = example("aws-create")
    aws_rate = clean_env.api("POST", "/v1/spectroclusters/aws/rate",
                             {"cloudConfig": aws["spec"]["cloudConfig"],
                              "machinepoolconfig": aws["spec"]["machinepoolconfig"]})[1]
    assert [p["nodesCount"] for p in aws_rate["machinePools"]] == [1, 3]
    uid, _ignored = create_running(clean_env, example("eks-create"))
    got = clean_env.api("GET", "/v1/spectroclusters/%s/rate?periodType=hourly" % uid)[1]
    assert validate_body("v1SpectroClusterRate", got) == [] and got["rate"]["total"] == small["rate"]["total"]
    assert clean_env.api("GET", "/v1/spectroclusters/%s/rate?periodType=weekly" % uid)[0] == 400


def test_cloud_account_description_in_annotations(clean_env):
    acct = example("cloudaccount-aws-secret")
    acct["metadata"]["name"] = "with-desc"
    acct["metadata"]["annotations"] = {"description": "team A prod"}
    status, out, _h = clean_env.api("POST", "/v1/cloudaccounts/aws", acct)
    assert status == 201
    read = clean_env.api("GET", "/v1/cloudaccounts/aws/%s" % out["uid"])[1]
    assert read["metadata"]["annotations"]["description"] == "team A prod"
    acct["metadata"]["annotations"] = {"description": "changed"}
    assert clean_env.api("PUT", "/v1/cloudaccounts/aws/%s" % out["uid"], acct)[0] == 204
    read = clean_env.api("GET", "/v1/cloudaccounts/aws/%s" % out["uid"])[1]
    assert read["metadata"]["annotations"]["description"] == "changed"
    assert read["metadata"]["annotations"]["scope"] == "project"


def test_repave_pending_with_reasons_and_approval(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    base = "/v1/spectroclusters/%s" % uid
    status = clean_env.api("GET", base + "/repave/status")[1]
    assert status["status"]["state"] == "Approved" and status["spec"]["reasons"] == []
    reasons = [{"code": "KubernetesVersionChange", "message": "kubernetes 1.30 -> 1.31 replaces every node"}]
    clean_env.set_cluster(uid, repave={"state": "Pending", "reasons": reasons})
    assert clean_env.api("GET", base)[1]["status"]["repave"]["state"] == "Pending"
    got = clean_env.api("GET", base + "/repave/status")[1]
    assert validate_body("v1SpectroClusterRepave", got) == []
    assert got["status"]["state"] == "Pending" and got["spec"]["reasons"] == reasons
    pending = clean_env.api("GET", "/v1/dashboard/spectroclusters/repaveStatus?repaveState=Pending")[1]
    assert [i["metadata"]["uid"] for i in pending["items"]] == [uid]
    assert validate_body("v1SpectroClustersSummary", pending) == []
    assert clean_env.api("PATCH", base + "/repave/approve")[0] == 204
    assert clean_env.api("GET", base)[1]["status"]["repave"]["state"] == "Approved"
    assert clean_env.api("GET", "/v1/dashboard/spectroclusters/repaveStatus")[1]["items"] == []


def test_validate_repave_reports_os_and_k8s_changes(clean_env):
    uid, _ignored = create_running(clean_env, example("eks-create"))
    clean_env.clear_requests()
    path = "/v1/spectroclusters/%s/validate/repave" % uid
    same = clean_env.api("POST", path, {"profiles": [{"uid": "6650a1b2c3d4e5f60000aaaa"}]})[1]
    assert same == {"isRepaveRequired": False, "reasons": []}
    newer = clean_env.api("POST", path, {"profiles": [{"uid": "6650a1b2c3d4e5f60000aaab"}]})[1]
    assert validate_body("v1SpectroClusterRepaveValidationResponse", newer) == []
    assert newer["isRepaveRequired"] is True
    assert "kubernetes-eks:1.30 -> kubernetes-eks:1.31" in newer["reasons"][0]["message"]
    assert clean_env.writes() == []
