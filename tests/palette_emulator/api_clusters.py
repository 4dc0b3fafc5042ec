"""Spectrocluster endpoints: create/validate, read, status, delete, metadata, profiles, kubeconfig, repave."""

import base64
import copy
import hashlib

from .clusters import check_entity, check_name, create_cluster, name_taken, profile_templates, validator_response
from .lifecycle import mark_deleted, start_delete
from .routing import Response, route
from .util import ApiError, bad_request, new_uid, qbool


def _audit():
    return {"AuditUid": new_uid()}


@route("POST", "/v1/spectroclusters/eks")
def create_eks(emu, req):
    rec = create_cluster(emu.store, "eks", req.body, req.project, emu.clock.now(), emu.config)
    return Response(201, {"uid": rec.uid}, _audit())


@route("POST", "/v1/spectroclusters/aws")
def create_aws(emu, req):
    rec = create_cluster(emu.store, "aws", req.body, req.project, emu.clock.now(), emu.config)
    return Response(201, {"uid": rec.uid}, _audit())


@route("POST", "/v1/spectroclusters/eks/validate")
def validate_eks(emu, req):
    check_entity(emu.store, "eks", req.body, req.project, for_create=False)
    return Response(200, validator_response("eks", req.body))


@route("POST", "/v1/spectroclusters/aws/validate")
def validate_aws(emu, req):
    check_entity(emu.store, "aws", req.body, req.project, for_create=False)
    return Response(200, validator_response("aws", req.body))


@route("GET", "/v1/spectroclusters/validate/name")
def validate_name(emu, req):
    name = req.query.get("name", "")
    check_name(name)
    if name_taken(emu.store, name, req.project):
        raise ApiError(409, "ClusterNameAlreadyExists", "a cluster named '%s' already exists in this scope" % name)
    return Response(204, None, _audit())


@route("GET", "/v1/spectroclusters/{uid}")
def get_cluster(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    doc = copy.deepcopy(rec.doc)
    return Response(200, doc)


@route("GET", "/v1/spectroclusters/{uid}/status")
def get_status(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    return Response(200, {"status": {"state": rec.state}})


@route("DELETE", "/v1/spectroclusters/{uid}")
def delete_cluster(emu, req):
    """Normal delete starts Deleting; ``forceDelete=true`` is refused (409 ``ForceDeleteNotAllowed``) unless the
    cluster has been Deleting for at least ``force_delete_after_seconds``.  Deleting an already Deleted
    cluster, or re-deleting a Deleting one, is a no-op 204."""
    st, cfg = emu.store, emu.config
    rec = st.cluster(req.params["uid"], req.project)
    now = emu.clock.now()
    force = qbool(req.query, "forceDelete")
    if rec.state == "Deleted":
        return Response(204)
    if force:
        if rec.state != "Deleting":
            raise ApiError(409, "ForceDeleteNotAllowed",
                           "cluster '%s' is %s: force delete is only possible for a cluster that has been "
                           "Deleting for %d seconds" % (rec.name, rec.state, cfg.force_delete_after_seconds))
        waited = now - rec.delete_requested_at
        if waited < cfg.force_delete_after_seconds:
            raise ApiError(409, "ForceDeleteNotAllowed",
                           "cluster '%s' has been Deleting for %d seconds; force delete is allowed after %d seconds"
                           % (rec.name, waited, cfg.force_delete_after_seconds))
        rec.force_deleted = True
        if emu.aws is not None:
            emu.aws.teardown(rec, leave_behind=True)
        mark_deleted(st, rec, now)
        return Response(204)
    if rec.state != "Deleting":
        start_delete(st, rec, now)
    return Response(204)


@route("PATCH", "/v1/spectroclusters/{uid}/metadata")
def patch_metadata(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    meta = (req.body or {}).get("metadata") or {}
    if meta.get("name") and meta["name"] != rec.name:
        raise bad_request("the cluster name cannot be changed", "InvalidName")
    if "labels" in meta:
        rec.doc["metadata"]["labels"] = dict(meta.get("labels") or {})
    if "annotations" in meta:
        ann = dict(meta.get("annotations") or {})
        # system annotations stay; user annotations are replaced
        for k in ("scope", "spectroComponentsUpgradeForbidden"):
            if k in rec.doc["metadata"]["annotations"]:
                ann.setdefault(k, rec.doc["metadata"]["annotations"][k])
        rec.doc["metadata"]["annotations"] = ann
    emu.store.touch(rec.doc)
    return Response(204)


# ---------------------------------------------------------------------- profiles on a cluster
def _profile_list(emu, rec):
    out = []
    for tmpl in profile_templates(emu.store, rec.profile_entities, rec.project):
        packs = [{"metadata": {"name": p["name"], "uid": p.get("packUid", "")},
                  "spec": {"name": p["name"], "layer": p["layer"], "type": p["type"], "version": p["tag"],
                           "values": p["values"]}} for p in tmpl["packs"]]
        out.append({"metadata": {"name": tmpl["name"], "uid": tmpl["uid"]},
                    "spec": {"cloudType": tmpl["cloudType"], "type": tmpl["type"], "version": tmpl["version"],
                             "packs": packs}})
    return out


def _apply_profiles(emu, rec, entities, settings):
    st = emu.store
    cloud_type = rec.cloud_type
    # an add-on only change must keep the infra profile
    from .clusters import check_profiles
    check_profiles(st, cloud_type, entities, rec.project)
    rec.profile_entities = copy.deepcopy(entities)
    rec.doc["spec"]["clusterProfileTemplates"] = profile_templates(st, entities, rec.project)
    action = (settings or {}).get("actionType") or "DownloadAndInstall"
    rec.doc["status"]["spcApply"] = {"actionType": action, "canBeApplied": action != "DownloadAndInstallLater"}
    st.touch(rec.doc)


@route("GET", "/v1/spectroclusters/{uid}/profiles")
def get_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    return Response(200, {"profiles": _profile_list(emu, rec)})


@route("PUT", "/v1/spectroclusters/{uid}/profiles")
def put_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    _apply_profiles(emu, rec, req.body.get("profiles") or [], req.body.get("spcApplySettings"))
    return Response(204)


@route("PATCH", "/v1/spectroclusters/{uid}/profiles")
def patch_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    merged = {e["uid"]: e for e in rec.profile_entities}
    for ent in req.body.get("profiles") or []:
        target = ent.get("replaceWithProfile")
        if target and target in merged:
            merged.pop(target)
        merged[ent.get("uid", "")] = ent
    _apply_profiles(emu, rec, list(merged.values()), req.body.get("spcApplySettings"))
    return Response(204)


@route("DELETE", "/v1/spectroclusters/{uid}/profiles")
def delete_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    drop = set((req.body or {}).get("profileUids") or [])
    _apply_profiles(emu, rec, [e for e in rec.profile_entities if e.get("uid") not in drop], None)
    return Response(204)


# ---------------------------------------------------------------------- kubeconfig
def kubeconfig_text(rec, admin=False):
    ep = (rec.doc["status"].get("apiEndpoints") or [{"host": "%s.emulator.local" % rec.name, "port": 443}])[0]
    token = "emu-" + hashlib.sha256(("%s:%s" % (rec.uid, admin)).encode()).hexdigest()[:40]
    ca = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nEMULATOR\n-----END CERTIFICATE-----\n").decode()
    user = "%s-%s" % (rec.name, "admin" if admin else "user")
    return ("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: %s\n"
            "    server: https://%s:%d\n  name: %s\ncontexts:\n- context:\n    cluster: %s\n    user: %s\n"
            "  name: %s-context\ncurrent-context: %s-context\npreferences: {}\nusers:\n- name: %s\n  user:\n"
            "    token: %s\n" % (ca, ep["host"], ep["port"], rec.name, rec.name, user, rec.name, rec.name, user,
                                 token))


def _kubeconfig(emu, req, admin):
    rec = emu.store.cluster(req.params["uid"], req.project)
    if rec.state != "Running":
        raise ApiError(404, "ResourceNotFound", "kubeconfig of cluster '%s' is not available (state %s)"
                       % (rec.name, rec.state))
    name = "%s%s.kubeconfig" % (rec.name, "-admin" if admin else "")
    return Response(200, kubeconfig_text(rec, admin).encode(),
                    {"Content-Disposition": 'attachment; filename="%s"' % name},
                    content_type="application/octet-stream")


@route("GET", "/v1/spectroclusters/{uid}/assets/kubeconfig")
def kubeconfig(emu, req):
    qbool(req.query, "frp", True)
    return _kubeconfig(emu, req, admin=False)


@route("GET", "/v1/spectroclusters/{uid}/assets/adminKubeconfig")
def admin_kubeconfig(emu, req):
    return _kubeconfig(emu, req, admin=True)


# ---------------------------------------------------------------------- repave / spc apply / upgrade settings
@route("GET", "/v1/spectroclusters/{uid}/repave/status")
def repave_status(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    state = ((rec.doc["status"].get("repave") or {}).get("state")) or "Approved"
    reasons = copy.deepcopy((rec.doc["status"].get("repave") or {}).get("reasons") or [])
    return Response(200, {"metadata": {"uid": rec.uid, "name": rec.name},
                          "spec": {"spectroClusterUid": rec.uid, "source": "palette", "reasons": reasons},
                          "status": {"state": state, "message": ""}})


@route("PATCH", "/v1/spectroclusters/{uid}/repave/approve")
def repave_approve(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    rec.doc["status"]["repave"] = {"state": "Approved"}
    emu.store.touch(rec.doc)
    return Response(204)


@route("GET", "/v1/spectroclusters/{uid}/status/spcApply")
def spc_apply_get(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    return Response(200, copy.deepcopy(rec.doc["status"].get("spcApply") or {}))


@route("POST", "/v1/spectroclusters/{uid}/status/spcApply")
def spc_apply_post(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    rec.doc["status"].setdefault("spcApply", {})["canBeApplied"] = True
    return Response(202, None, _audit())


@route("POST", "/v1/spectroclusters/{uid}/upgrade/settings")
def upgrade_settings(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    lock = (req.body or {}).get("spectroComponents") == "lock"
    rec.doc["metadata"]["annotations"]["spectroComponentsUpgradeForbidden"] = "true" if lock else "false"
    emu.store.touch(rec.doc)
    return Response(204, None, _audit())
