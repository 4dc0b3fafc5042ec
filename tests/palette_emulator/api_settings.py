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


def _setting_index(rec, kind, uid, what):
    """Position of the item ``uid`` in the cluster's ``kind`` setting list (namespaces, rbacs), else 404."""
    for i, item in enumerate(rec.settings[kind] or []):
        if item["metadata"]["uid"] == uid:
            return i
    raise ApiError(404, "ResourceNotFound", "%s '%s' not found" % (what, uid))


def _namespace_index(rec, ns_uid):
    return _setting_index(rec, "namespaces", ns_uid, "namespace")


@route("GET", "/v1/spectroclusters/{uid}/config/namespaces/{namespaceUid}")
def get_namespace(emu, req):
    rec = _cluster(emu, req)
    return Response(200, copy.deepcopy(rec.settings["namespaces"][_namespace_index(rec, req.params["namespaceUid"])]))


@route("PUT", "/v1/spectroclusters/{uid}/config/namespaces/{namespaceUid}")
def put_namespace(emu, req):
    """Body v1ClusterNamespaceResourceInputEntity {metadata, spec}: replaces that one namespace (uid kept)."""
    rec = _cluster(emu, req)
    i = _namespace_index(rec, req.params["namespaceUid"])
    body = copy.deepcopy(req.body or {})
    body.setdefault("metadata", {})["uid"] = req.params["namespaceUid"]
    body["metadata"].setdefault("name", rec.settings["namespaces"][i]["metadata"]["name"])
    rec.settings["namespaces"][i] = resource_items(emu.clock.now(), [body])[0]
    return Response(204)


@route("GET", "/v1/spectroclusters/{uid}/config/rbacs")
def get_rbacs(emu, req):
    """A cluster without RBAC answers 404 ``ResourceNotFound`` (REFERENCE.md 11.9: SDK ``ApplyClusterRbacConfig``
    takes not-found as "none configured" and then POSTs to /v1/workspaces/{clusterUid}/clusterRbacs)."""
    rec = _cluster(emu, req)
    if not rec.settings["rbacs"]:
        raise ApiError(404, "ResourceNotFound", "no RBAC is configured for cluster '%s'" % rec.name)
    return Response(200, {"items": copy.deepcopy(rec.settings["rbacs"])})


@route("PUT", "/v1/spectroclusters/{uid}/config/rbacs")
def put_rbacs(emu, req):
    """PUT updates existing RBAC; on a cluster without any it is 404 (REFERENCE.md 11.9: the SDK POSTs first)."""
    rec = _cluster(emu, req)
    if not rec.settings["rbacs"]:
        raise ApiError(404, "ResourceNotFound", "no RBAC is configured for cluster '%s'; create it with POST "
                       "/v1/workspaces/%s/clusterRbacs" % (rec.name, rec.uid))
    rec.settings["rbacs"] = resource_items(emu.clock.now(), req.body.get("rbacs"))
    return Response(204)


def _workspace_cluster(emu, req):
    """SDK ``ApplyClusterRbacConfig`` passes the *cluster* uid as the workspace uid (REFERENCE.md 10.2, 11.9)."""
    return emu.store.cluster(req.params["uid"], req.project)


@route("POST", "/v1/workspaces/{uid}/clusterRbacs")
def post_cluster_rbac(emu, req):
    """Body ``v1ClusterRbac`` (validated against the spec); adds one RBAC entry; 201 ``v1Uid`` + AuditUid."""
    rec = _workspace_cluster(emu, req)
    item = resource_items(emu.clock.now(), [req.body])[0]
    rec.settings["rbacs"] = (rec.settings["rbacs"] or []) + [item]
    return Response(201, {"uid": item["metadata"]["uid"]}, {"AuditUid": new_uid()})


def _rbac_index(rec, rbac_uid):
    return _setting_index(rec, "rbacs", rbac_uid, "cluster rbac")


@route("PUT", "/v1/workspaces/{uid}/clusterRbacs/{clusterRbacUid}")
def put_cluster_rbac(emu, req):
    rec = _workspace_cluster(emu, req)
    i = _rbac_index(rec, req.params["clusterRbacUid"])
    body = copy.deepcopy(req.body or {})
    body.setdefault("metadata", {})["uid"] = req.params["clusterRbacUid"]
    rec.settings["rbacs"][i] = resource_items(emu.clock.now(), [body])[0]
    return Response(204)


@route("DELETE", "/v1/workspaces/{uid}/clusterRbacs/{clusterRbacUid}")
def delete_cluster_rbac(emu, req):
    rec = _workspace_cluster(emu, req)
    del rec.settings["rbacs"][_rbac_index(rec, req.params["clusterRbacUid"])]
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
