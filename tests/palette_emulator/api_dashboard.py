"""Dashboard views: search, meta, per-cluster summary/overview, events, cost estimates."""

import copy

from .api_rate import rate
from .lifecycle import health_state, live_machines
from .routing import Response, route
from .search import matches, sort_records
from .util import paginate, rfc3339


def _cloud_config_meta(emu, rec):
    cfg = emu.store.cloudconfigs.get(rec.cfg_uid) or {"spec": {}}
    now = emu.clock.now()
    pools = []
    for p in cfg["spec"].get("machinePoolConfig") or []:
        healthy = sum(1 for m in live_machines(rec, p["name"], now, emu.config)
                      if m["deletingAt"] is None and now >= m["readyAt"]) if rec.state == "Running" else 0
        pools.append({"cloudType": rec.cloud_type, "isControlPlane": bool(p.get("isControlPlane")),
                      "labels": list(p.get("labels") or []), "size": int(p.get("size") or 0), "healthy": healthy,
                      "maintenanceMode": 0})
    return {"cloudType": rec.cloud_type, "uid": rec.cfg_uid, "machinePools": pools}


def _template_metas(rec):
    return [{"cloudType": t["cloudType"], "name": t["name"], "type": t["type"], "uid": t["uid"],
             "version": t.get("version", 1), "scope": "project" if rec.project else "tenant"}
            for t in rec.doc["spec"].get("clusterProfileTemplates") or []]


def _account_meta(emu, rec):
    acct = emu.store.accounts.get(rec.account_uid)
    return {"name": acct["metadata"]["name"] if acct else "", "uid": rec.account_uid or ""}


def _health(emu, rec):
    state = health_state(rec, emu.clock.now(), emu.config)
    return {"state": state, "agentVersion": "4.8.0-emulator",
            "lastHeartBeatTimestamp": rfc3339(emu.clock.now()) if rec.state == "Running" else rfc3339(None),
            "conditions": []}


def _cluster_config_summary(rec):
    """specSummary.clusterConfig is v1ClusterConfigResponse: only timezone and hostClusterConfig.clusterGroup."""
    cc = rec.doc["spec"].get("clusterConfig") or {}
    out = {}
    if cc.get("timezone"):
        out["timezone"] = cc["timezone"]
    group = (cc.get("hostClusterConfig") or {}).get("clusterGroup")
    if group:
        out["hostClusterConfig"] = {"clusterGroup": copy.deepcopy(group)}
    return out


def _costs(emu, rec):
    """status.hourlyRate (v1ResourceCost) from the pools' rate; status.cost = that rate over the hours Running."""
    if rec.state != "Running":
        zero = {"cloud": {"compute": 0.0, "storage": 0.0, "total": 0.0}, "total": 0.0}
        return zero, copy.deepcopy(zero)
    cfg = emu.store.cloudconfigs.get(rec.cfg_uid) or {"spec": {}}
    r = rate(rec.name, cfg["spec"].get("machinePoolConfig") or [], "hourly")["rate"]
    hourly = {"cloud": dict(r), "total": r["total"]}
    hours = max(0.0, emu.clock.now() - (rec.running_since or emu.clock.now())) / 3600.0
    spent = {k: round(v * hours, 4) for k, v in r.items()}
    return hourly, {"cloud": spent, "total": spent["total"]}


def summary(emu, rec):
    """v1SpectroClusterSummary: what the dashboard search returns per cluster (issue 15: list questions are answered
    from it).  Tags are ``metadata.labels``; the region is not part of this spec shape (it is in
    GET /v1/dashboard/spectroclusters/meta ``spec.cloudRegion``)."""
    proj = emu.store.projects.get(rec.project) or {}
    hourly, cost = _costs(emu, rec)
    status = {"state": rec.state, "health": _health(emu, rec),
              "repave": copy.deepcopy(rec.doc["status"].get("repave") or {"state": "Approved"}),
              "notifications": {"isAvailable": bool(rec.unresolved_notification),
                                "isTemplateVariableResolutionPending": False},
              "hourlyRate": hourly, "cost": cost, "fips": {"mode": "none"}}
    loc = rec.doc["status"].get("location")
    if loc:
        status["location"] = {k: loc[k] for k in ("countryCode", "countryName", "regionCode", "regionName") if k in loc}
        geo = loc.get("geoLoc") or {}
        if "latitude" in geo and "longitude" in geo:
            status["location"]["coordinates"] = [geo["longitude"], geo["latitude"]]
    return {"metadata": copy.deepcopy(rec.doc["metadata"]),
            "specSummary": {"cloudConfig": _cloud_config_meta(emu, rec), "cloudAccountMeta": _account_meta(emu, rec),
                            "clusterProfileTemplates": _template_metas(rec), "archTypes": ["amd64"],
                            "clusterConfig": _cluster_config_summary(rec),
                            "projectMeta": {"name": proj.get("name", ""), "uid": rec.project or ""}},
            "status": status}


def _scoped(emu, project):
    return [r for r in emu.store.clusters.values() if r.project == project]


@route("POST", "/v1/dashboard/spectroclusters/search")
def search(emu, req):
    body = req.body or {}
    now, cfg = emu.clock.now(), emu.config

    def health(rec):
        return health_state(rec, now, cfg)
    recs = [r for r in _scoped(emu, req.project) if matches(body.get("filter"), r, health)]
    recs = sort_records(recs, body.get("sort"), health)
    page, listmeta = paginate(recs, req.query, emu.config.page_size)
    return Response(200, {"items": [summary(emu, r) for r in page], "listmeta": listmeta})


@route("GET", "/v1/dashboard/spectroclusters/repaveStatus")
def repave_list(emu, req):
    """Summaries of the clusters whose status.repave.state is ``repaveState`` (enum, default Pending)."""
    want = req.query.get("repaveState") or "Pending"
    if want not in ("Pending", "Approved", "Reverted"):
        from .util import bad_request
        raise bad_request("repaveState must be Pending, Approved or Reverted")
    recs = [r for r in sort_records(_scoped(emu, req.project), None)
            if ((r.doc["status"].get("repave") or {}).get("state") or "") == want]
    page, listmeta = paginate(recs, req.query, emu.config.page_size)
    return Response(200, {"items": [summary(emu, r) for r in page], "listmeta": listmeta})


@route("GET", "/v1/dashboard/spectroclusters/meta")
def meta(emu, req):
    out = []
    for r in sort_records([r for r in _scoped(emu, req.project) if r.state != "Deleted"], None):
        cfg = emu.store.cloudconfigs.get(r.cfg_uid) or {"spec": {}}
        labels = r.doc["metadata"].get("labels") or {}
        out.append({"metadata": copy.deepcopy(r.doc["metadata"]),
                    "spec": {"cloudType": r.cloud_type, "cloudAccountUid": r.account_uid or "",
                             "cloudRegion": (cfg["spec"].get("clusterConfig") or {}).get("region", ""),
                             "clusterType": "PureManage", "archType": ["amd64"],
                             "tags": ["%s:%s" % (k, v) if v else k for k, v in labels.items()]},
                    "status": {"state": r.state}})
    return Response(200, out)


def _uid_summary(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    s = summary(emu, rec)
    return Response(200, {
        "metadata": s["metadata"],
        "spec": {"cloudConfig": s["specSummary"]["cloudConfig"], "cloudaccount": s["specSummary"]["cloudAccountMeta"],
                 "clusterProfileTemplates": s["specSummary"]["clusterProfileTemplates"], "archTypes": ["amd64"]},
        "status": {"state": rec.state, "health": s["status"]["health"],
                   "apiEndpoints": copy.deepcopy(rec.doc["status"].get("apiEndpoints") or []),
                   "conditions": copy.deepcopy(rec.doc["status"].get("conditions") or []),
                   "spcApply": copy.deepcopy(rec.doc["status"].get("spcApply") or {})}})


@route("GET", "/v1/dashboard/spectroclusters/{uid}")
def uid_summary(emu, req):
    return _uid_summary(emu, req)


@route("GET", "/v1/dashboard/spectroclusters/{uid}/overview")
def overview(emu, req):
    return _uid_summary(emu, req)


@route("GET", "/v1/events/components/{objectKind}/{objectUid}")
def events(emu, req):
    kind = req.params["objectKind"]
    if kind not in ("spectrocluster", "edgehost"):
        from .util import bad_request
        raise bad_request("objectKind must be spectrocluster or edgehost")
    items = []
    if kind == "spectrocluster":
        items = copy.deepcopy(emu.store.cluster(req.params["objectUid"], req.project).events)
    page, listmeta = paginate(items, req.query, emu.config.page_size)
    return Response(200, {"items": page, "listmeta": listmeta})
