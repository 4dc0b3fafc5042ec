"""Dashboard views: search, meta, per-cluster summary/overview, events, cost estimates."""

import copy

from . import catalog
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
    state = health_state(rec)
    return {"state": state, "agentVersion": "4.8.0-emulator",
            "lastHeartBeatTimestamp": rfc3339(emu.clock.now()) if rec.state == "Running" else rfc3339(None),
            "conditions": []}


def summary(emu, rec):
    proj = emu.store.projects.get(rec.project) or {}
    return {"metadata": copy.deepcopy(rec.doc["metadata"]),
            "specSummary": {"cloudConfig": _cloud_config_meta(emu, rec), "cloudAccountMeta": _account_meta(emu, rec),
                            "clusterProfileTemplates": _template_metas(rec),
                            "projectMeta": {"name": proj.get("name", ""), "uid": rec.project or ""}},
            "status": {"state": rec.state, "health": _health(emu, rec),
                       "repave": copy.deepcopy(rec.doc["status"].get("repave") or {"state": "Approved"})}}


def _scoped(emu, project):
    return [r for r in emu.store.clusters.values() if r.project == project]


@route("POST", "/v1/dashboard/spectroclusters/search")
def search(emu, req):
    body = req.body or {}
    recs = [r for r in _scoped(emu, req.project) if matches(body.get("filter"), r)]
    recs = sort_records(recs, body.get("sort"))
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


# ---------------------------------------------------------------------- cost estimates (made-up prices)
_PERIOD = {"hourly": 1, "monthly": 730, "yearly": 8760}


def _rate(name, pools, period):
    mult = _PERIOD.get(period or "hourly")
    if mult is None:
        from .util import bad_request
        raise bad_request("periodType must be hourly, monthly or yearly")
    out_pools, compute_total, storage_total = [], 0.0, 0.0
    for p in pools:
        count = int(p.get("size") or 0)
        itype = p.get("instanceType") or ""
        compute = round(catalog.hourly_price(itype) * count * mult, 4) if itype else 0.0
        size_gb = int(p.get("rootDeviceSize") or 0) * count
        storage = round(size_gb * 0.08 / 730 * mult, 4)
        compute_total += compute
        storage_total += storage
        out_pools.append({"name": p.get("name", ""), "nodesCount": count,
                          "rate": {"compute": {"type": itype, "rate": compute},
                                   "storage": [{"type": "gp3", "sizeGB": size_gb, "rate": storage}],
                                   "total": round(compute + storage, 4)}})
    return {"name": name, "machinePools": out_pools,
            "rate": {"compute": round(compute_total, 4), "storage": round(storage_total, 4),
                     "total": round(compute_total + storage_total, 4)}}


def _entity_pools(body):
    pools = []
    for e in body.get("machinepoolconfig") or []:
        flat = dict(e.get("cloudConfig") or {})
        flat.update(e.get("poolConfig") or {})
        pools.append(flat)
    return pools


@route("POST", "/v1/spectroclusters/eks/rate")
def rate_eks(emu, req):
    return Response(200, _rate("", _entity_pools(req.body or {}), req.query.get("periodType")))


@route("POST", "/v1/spectroclusters/aws/rate")
def rate_aws(emu, req):
    return Response(200, _rate("", _entity_pools(req.body or {}), req.query.get("periodType")))


@route("GET", "/v1/spectroclusters/{uid}/rate")
def rate_cluster(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    cfg = emu.store.cloudconfigs.get(rec.cfg_uid) or {"spec": {}}
    return Response(200, _rate(rec.name, cfg["spec"].get("machinePoolConfig") or [], req.query.get("periodType")))
