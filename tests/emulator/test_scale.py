"""Issue 15: many clusters (admin bulk create), search over them page by page, rich summaries, cheap request log."""

from palette_emulator.schema import validate_body

SEARCH = "/v1/dashboard/spectroclusters/search"


def _all_pages(env, body, project="Default"):
    items, token, pages = [], "", 0
    while True:
        status, page, _h = env.api("POST", SEARCH + ("?continue=" + token if token else ""), body, project=project)
        assert status == 200 and validate_body("v1SpectroClustersSummary", page) == []
        items += page["items"]
        pages += 1
        token = page["listmeta"]["continue"]
        if not token:
            return items, pages


def test_bulk_create_500_and_search_them_in_pages(clean_env):
    clean_env.configure(provision_seconds=3600)          # the Provisioning ones stay so during the test
    out = clean_env.bulk_clusters(480, prefix="fleet", tags={"env": "dev"})
    assert len(out["uids"]) == 480 and out["names"][0] == "fleet-1"
    clean_env.bulk_clusters(10, prefix="iaas", cloud_type="aws", state="Provisioning")
    clean_env.bulk_clusters(5, prefix="gone", state="Deleted")
    clean_env.bulk_clusters(5, prefix="sick", health="UnHealthy")
    clean_env.bulk_clusters(3, prefix="b", project="Team-B")
    clean_env.clear_requests()
    items, pages = _all_pages(clean_env, {})
    assert len(items) == 500 and pages == 10
    assert clean_env.request_count(path_prefix=SEARCH) == 10
    by_name = {i["metadata"]["name"]: i for i in items}
    fleet = by_name["fleet-7"]
    assert fleet["status"]["state"] == "Running" and fleet["status"]["health"]["state"] == "Healthy"
    assert fleet["metadata"]["labels"] == {"env": "dev"}
    assert fleet["specSummary"]["cloudConfig"]["cloudType"] == "eks"
    assert fleet["specSummary"]["cloudConfig"]["machinePools"][0]["size"] == 2
    assert fleet["specSummary"]["projectMeta"]["name"] == "Default"
    assert fleet["status"]["hourlyRate"]["total"] > 0 and fleet["specSummary"]["archTypes"] == ["amd64"]
    assert by_name["iaas-1"]["status"]["state"] == "Provisioning"
    assert by_name["iaas-1"]["specSummary"]["cloudConfig"]["cloudType"] == "aws"
    assert by_name["gone-1"]["status"]["state"] == "Deleted"
    assert by_name["sick-2"]["status"]["health"]["state"] == "UnHealthy"
    assert "b-1" not in by_name
    # the bulk clusters are full clusters: readable one by one, and without AWS resources
    status, doc, _h = clean_env.api("GET", "/v1/spectroclusters/%s" % out["uids"][0])
    assert status == 200 and doc["status"]["state"] == "Running"
    assert clean_env.clusters(name="fleet-1")[0]["aws"] == {}
    # filters over the fleet (one page)
    body = {"filter": {"conjunction": "and", "filterGroups": [{"conjunction": "and", "filters": [
        {"property": "clusterState", "type": "string",
         "condition": {"string": {"operator": "eq", "match": {"conjunction": "or", "values": ["Provisioning"]}}}}]}]}}
    assert len(_all_pages(clean_env, body)[0]) == 10


def test_region_of_many_clusters_from_the_meta_view(clean_env):
    clean_env.bulk_clusters(3, prefix="west", region="us-west-2")
    meta = clean_env.api("GET", "/v1/dashboard/spectroclusters/meta")[1]
    assert validate_body("v1SpectroClustersMeta", meta) == []
    assert {m["spec"]["cloudRegion"] for m in meta} == {"us-west-2"}


def test_request_log_count_and_since(clean_env):
    mark = clean_env.last_seq()
    for _ignored in range(30):
        clean_env.api("GET", "/v1/users/info")
    clean_env.api("POST", SEARCH, {})
    assert clean_env.request_count(since=mark) == 31
    assert clean_env.request_count(since=mark, method="GET") == 30
    assert clean_env.request_count(since=mark, writes=True) == 0
    mark2 = clean_env.last_seq()
    clean_env.api("GET", "/v1/users/info")
    items = clean_env.admin("GET", "/requests?since=%d" % mark2)["items"]
    assert [e["path"] for e in items] == ["/v1/users/info"]


def test_bulk_rejects_bad_input(clean_env):
    status, body, _h = clean_env._http("POST", "/_emulator/clusters/bulk", {"count": 2, "state": "Exploded"})
    assert status == 400
    status, body, _h = clean_env._http("POST", "/_emulator/clusters/bulk", {"count": 2, "health": "Unhealthy"})
    assert status == 400


def test_bulk_clusters_with_newer_than_spec_fields(clean_env):
    uid = clean_env.bulk_clusters(1, prefix="newer", newer_fields=True)["uids"][0]
    cfg = clean_env.api("GET", "/v1/spectroclusters/%s" % uid)[1]["spec"]["cloudConfigRef"]["uid"]
    read = clean_env.api("GET", "/v1/cloudconfigs/eks/%s" % cfg)[1]["spec"]
    assert read["clusterConfig"]["overrideClusterAPIConfig"]
    pool = read["machinePoolConfig"][0]
    assert pool["overrideHealthCheckConfiguration"] and pool["overrideClusterAPIConfig"]
    assert validate_body("v1EksCloudConfig", {"spec": read}) == []
