"""Day-2 cluster settings (REFERENCE.md section 10): clusterConfig parts, location, namespaces, RBAC,
backup and compliance-scan settings."""

import copy

from .routing import Response, route
from .util import ApiError, new_uid, rfc3339

_CONFIG_PARTS = {
    # path suffix: (body key, key under spec.clusterConfig)
    "osPatch": ("osPatchConfig", None),
    "lifecycleConfig": ("lifecycleConfig", "lifecycleConfig"),
    "controlPlaneHealthCheckTimeout": ("controlPlaneHealthCheckTimeout", "controlPlaneHealthCheckTimeout"),
    "timezone": ("timezone", "timezone"),
    "clusterMetaAttribute": ("clusterMetaAttribute", "clusterMetaAttribute"),
    "hostCluster": ("hostClusterConfig", "hostClusterConfig"),
}


def _cluster(emu, req):
    return emu.store.cluster(req.params["uid"], req.project)


def _config_patch(part):
    body_key, target = _CONFIG_PARTS[part]

    def handler(emu, req):
        rec = _cluster(emu, req)
        cc = rec.doc["spec"].setdefault("clusterConfig", {})
        value = copy.deepcopy(req.body.get(body_key))
        if part == "osPatch":
            cc.setdefault("machineManagementConfig", {})["osPatchConfig"] = value
        else:
            cc[target] = value
        emu.store.touch(rec.doc)
        return Response(204)
    return handler


for _part in _CONFIG_PARTS:
    route("PATCH", "/v1/spectroclusters/{uid}/clusterConfig/%s" % _part)(_config_patch(_part))


@route("PUT", "/v1/spectroclusters/{uid}/location")
def put_location(emu, req):
    rec = _cluster(emu, req)
    rec.doc["status"]["location"] = copy.deepcopy(req.body.get("location"))
    emu.store.touch(rec.doc)
    return Response(204, None, {"AuditUid": new_uid()})


# ---------------------------------------------------------------------- namespaces / rbacs
def resource_items(now, entries):
    """Input entities (namespaces/rbacs) -> stored read shape."""
    out = []
    for e in entries or []:
        meta = e.get("metadata") or {}
        ts = rfc3339(now)
        out.append({"metadata": {"name": meta.get("name", ""), "uid": meta.get("uid") or new_uid(),
                                 "labels": dict(meta.get("labels") or {}),
                                 "annotations": dict(meta.get("annotations") or {}), "creationTimestamp": ts,
                                 "lastModifiedTimestamp": ts, "deletionTimestamp": rfc3339(None)},
                    "spec": copy.deepcopy(e.get("spec") or {}), "status": {"errors": []}})
    return out


@route("GET", "/v1/spectroclusters/{uid}/config/namespaces")
def get_namespaces(emu, req):
    rec = _cluster(emu, req)
    return Response(200, {"items": copy.deepcopy(rec.settings["namespaces"] or [])})


@route("PUT", "/v1/spectroclusters/{uid}/config/namespaces")
def put_namespaces(emu, req):
    rec = _cluster(emu, req)
    rec.settings["namespaces"] = resource_items(emu.clock.now(), req.body.get("namespaces"))
    return Response(204)


@route("GET", "/v1/spectroclusters/{uid}/config/rbacs")
def get_rbacs(emu, req):
    rec = _cluster(emu, req)
    return Response(200, {"items": copy.deepcopy(rec.settings["rbacs"] or [])})


@route("PUT", "/v1/spectroclusters/{uid}/config/rbacs")
def put_rbacs(emu, req):
    rec = _cluster(emu, req)
    rec.settings["rbacs"] = resource_items(emu.clock.now(), req.body.get("rbacs"))
    return Response(204)


# ---------------------------------------------------------------------- backup
def _meta(rec):
    return {"uid": rec.uid, "name": rec.name}


@route("GET", "/v1/spectroclusters/{uid}/features/backup")
def get_backup(emu, req):
    """Not configured -> 404 ``BackupNotConfigured`` (the SDK then POSTs)."""
    rec = _cluster(emu, req)
    if rec.settings["backup"] is None:
        raise ApiError(404, "BackupNotConfigured", "backup is not configured for cluster '%s'" % rec.name)
    return Response(200, {"metadata": _meta(rec),
                          "spec": {"clusterUid": rec.uid, "config": copy.deepcopy(rec.settings["backup"])},
                          "status": {"clusterBackupStatuses": []}})


@route("POST", "/v1/spectroclusters/{uid}/features/backup")
def post_backup(emu, req):
    rec = _cluster(emu, req)
    if rec.settings["backup"] is not None:
        raise ApiError(409, "BackupAlreadyConfigured", "backup is already configured; use PUT")
    rec.settings["backup"] = copy.deepcopy(req.body)
    return Response(201, {"uid": new_uid()}, {"AuditUid": new_uid()})


@route("PUT", "/v1/spectroclusters/{uid}/features/backup")
def put_backup(emu, req):
    rec = _cluster(emu, req)
    if rec.settings["backup"] is None:
        raise ApiError(404, "BackupNotConfigured", "backup is not configured; use POST")
    rec.settings["backup"] = copy.deepcopy(req.body)
    return Response(204)


@route("DELETE", "/v1/spectroclusters/{uid}/features/backup")
def delete_backup(emu, req):
    rec = _cluster(emu, req)
    rec.settings["backup"] = None
    return Response(204)


# ---------------------------------------------------------------------- compliance scan
_DRIVERS = {"kubeBench": "kube-bench", "kubeHunter": "kube-hunter", "sonobuoy": "sonobuoy"}


@route("GET", "/v1/spectroclusters/{uid}/features/complianceScan")
def get_scan(emu, req):
    rec = _cluster(emu, req)
    cfg = rec.settings["scan"]
    if cfg is None:
        raise ApiError(404, "ResourceNotFound", "compliance scan is not configured for cluster '%s'" % rec.name)
    driver_spec = {}
    for key, driver in _DRIVERS.items():
        if cfg.get(key):
            driver_spec[driver] = {"config": {"schedule": copy.deepcopy((cfg[key] or {}).get("schedule") or {})},
                                   "isClusterConfig": False}
    return Response(200, {"metadata": _meta(rec), "spec": {"clusterUid": rec.uid, "driverSpec": driver_spec}})


@route("POST", "/v1/spectroclusters/{uid}/features/complianceScan")
def post_scan(emu, req):
    rec = _cluster(emu, req)
    if rec.settings["scan"] is not None:
        raise ApiError(409, "ComplianceScanAlreadyConfigured", "compliance scan is already configured; use PUT")
    rec.settings["scan"] = copy.deepcopy(req.body)
    return Response(201, {"uid": new_uid()}, {"AuditUid": new_uid()})


@route("PUT", "/v1/spectroclusters/{uid}/features/complianceScan")
def put_scan(emu, req):
    rec = _cluster(emu, req)
    if rec.settings["scan"] is None:
        raise ApiError(404, "ResourceNotFound", "compliance scan is not configured; use POST")
    rec.settings["scan"] = copy.deepcopy(req.body)
    return Response(204)
