"""Spectrocluster endpoints: create/validate, read, status, delete, metadata, profiles (kubeconfig assets:
api_assets.py; repave, spc apply and upgrade settings: api_repave.py)."""

import copy
import hashlib

from .clusters import check_entity, check_name, create_cluster, name_taken, profile_templates, validator_response
from .lifecycle import mark_deleted, start_delete
from .routing import Response, route
from .util import ApiError, bad_request, new_uid, qbool, rfc3339


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
    """Normal delete starts Deleting; ``forceDelete=true`` is refused unless the cluster has been Deleting for at
    least ``force_delete_after_seconds`` (docs, remove-clusters page: eligible after 15 minutes in Deleting).
    Deleting an already Deleted cluster, or re-deleting a Deleting one, is a no-op 204.

    How the live API refuses a premature force delete is not documented (REFERENCE.md 6 and 11.6): the emulator
    answers 400 ``ClusterForceDeleteNotAllowed`` - a 4xx that is neither 409 nor 401/403/404 - so a client must
    treat "any other 4xx" as "not yet", as 11.6 says, not a specific status."""
    st, cfg = emu.store, emu.config
    rec = st.cluster(req.params["uid"], req.project)
    now = emu.clock.now()
    force = qbool(req.query, "forceDelete")
    if rec.state == "Deleted":
        return Response(204)
    if force:
        if rec.state != "Deleting":
            raise ApiError(400, "ClusterForceDeleteNotAllowed",
                           "cluster '%s' is %s: force delete is only possible for a cluster that has been "
                           "Deleting for %d seconds" % (rec.name, rec.state, cfg.force_delete_after_seconds))
        waited = now - rec.delete_requested_at
        if waited < cfg.force_delete_after_seconds:
            raise ApiError(400, "ClusterForceDeleteNotAllowed",
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


def _apply_profiles(emu, req, rec, entities, settings):
    """Store the new profile set and start an spc apply (REFERENCE.md 10.7, 11.11).

    After a change ``status.spcApply.canBeApplied`` is false until the agent applies it:
    * ``actionType`` DownloadAndInstall with ``?resolveNotification=true`` (what SDK ``UpdateClusterProfileValues``
      sends): after ``spc_apply_seconds``;
    * ``actionType`` DownloadAndInstallLater: only after ``POST .../status/spcApply`` (spec text of v1SpcApply);
    * without ``resolveNotification=true`` the update stays a pending notification the user must act on; the
      sources do not say how it is resolved through the API, so the emulator treats it like DownloadAndInstallLater
      (applied by ``POST .../status/spcApply``).
    """
    st = emu.store
    cloud_type = rec.cloud_type
    # an add-on only change must keep the infra profile
    from .clusters import check_profiles
    check_profiles(st, cloud_type, entities, rec.project)
    rec.profile_entities = copy.deepcopy(entities)
    rec.doc["spec"]["clusterProfileTemplates"] = profile_templates(st, entities, rec.project)
    action = (settings or {}).get("actionType") or "DownloadAndInstall"
    resolve = qbool(req.query, "resolveNotification")
    now = emu.clock.now()
    digest = hashlib.sha256(repr(sorted((e.get("uid", ""), repr(e)) for e in entities)).encode()).hexdigest()[:16]
    rec.doc["status"]["spcApply"] = {"actionType": action, "canBeApplied": False, "spcHash": digest,
                                     "lastModifiedTime": rfc3339(now)}
    rec.spc_ready_at = now + emu.config.spc_apply_seconds if action == "DownloadAndInstall" and resolve else None
    rec.unresolved_notification = not resolve
    rec.add_event(now, "ProfileUpdated", "cluster profiles of %s updated (%s%s)"
                  % (rec.name, action, "" if resolve else ", notification unresolved"))
    st.touch(rec.doc)


@route("GET", "/v1/spectroclusters/{uid}/profiles")
def get_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    return Response(200, {"profiles": _profile_list(emu, rec)})


@route("PUT", "/v1/spectroclusters/{uid}/profiles")
def put_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    _apply_profiles(emu, req, rec, req.body.get("profiles") or [], req.body.get("spcApplySettings"))
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
    _apply_profiles(emu, req, rec, list(merged.values()), req.body.get("spcApplySettings"))
    return Response(204)


@route("DELETE", "/v1/spectroclusters/{uid}/profiles")
def delete_profiles(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    drop = set((req.body or {}).get("profileUids") or [])
    _apply_profiles(emu, req, rec, [e for e in rec.profile_entities if e.get("uid") not in drop], None)
    return Response(204)
