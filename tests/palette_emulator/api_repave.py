"""Repave review (status, validate, approve), spc apply and upgrade settings of a cluster (REFERENCE.md 10.7)."""

import copy

from .clusters import profile_templates
from .lifecycle import apply_spc
from .routing import Response, route
from .util import new_uid, rfc3339


def _audit():
    return {"AuditUid": new_uid()}


@route("GET", "/v1/spectroclusters/{uid}/repave/status")
def repave_status(emu, req):
    """v1SpectroClusterRepave (REFERENCE.md 10.7); reasons come from the admin API (``repave`` of
    POST /_emulator/clusters/{uid}); a cluster that never needed a repave reads as Approved with no reasons."""
    rec = emu.store.cluster(req.params["uid"], req.project)
    state = ((rec.doc["status"].get("repave") or {}).get("state")) or "Approved"
    info = rec.repave or {}
    status = {"state": state, "message": info.get("message", "")}
    if info.get("transitionTime"):
        status["repaveTransitionTime"] = rfc3339(info["transitionTime"])
    return Response(200, {"metadata": {"uid": rec.uid, "name": rec.name},
                          "spec": {"spectroClusterUid": rec.uid, "source": info.get("source", "palette"),
                                   "reasons": copy.deepcopy(info.get("reasons") or [])},
                          "status": status})


@route("POST", "/v1/spectroclusters/{uid}/validate/repave")
def validate_repave(emu, req):
    """Would these profiles repave the nodes?  The spec says only "Validates if cluster gets repaved for the specified
    packs"; the emulator's rule: a changed tag or values of an ``os`` or ``k8s`` layer pack repaves (one reason per
    pack, code ``PackChanged``).  Read-only (no state change)."""
    rec = emu.store.cluster(req.params["uid"], req.project)
    target = profile_templates(emu.store, (req.body or {}).get("profiles") or [], rec.project)
    current = rec.doc["spec"].get("clusterProfileTemplates") or []

    def layer_packs(templates):
        return {p["layer"]: p for t in templates for p in t.get("packs") or [] if p.get("layer") in ("os", "k8s")}
    now, new = layer_packs(current), layer_packs(target)
    reasons = []
    for layer in sorted(set(now) & set(new)):
        a, b = now[layer], new[layer]
        if (a["name"], a["tag"], a.get("values")) != (b["name"], b["tag"], b.get("values")):
            reasons.append({"code": "PackChanged", "message": "%s pack %s:%s -> %s:%s replaces the nodes"
                            % (layer, a["name"], a["tag"], b["name"], b["tag"])})
    return Response(200, {"isRepaveRequired": bool(reasons), "reasons": reasons})


@route("PATCH", "/v1/spectroclusters/{uid}/repave/approve")
def repave_approve(emu, req):
    """Approves a pending repave: status.repave.state becomes Approved (TF gate re-reads it, REFERENCE.md 10.7)."""
    rec = emu.store.cluster(req.params["uid"], req.project)
    rec.doc["status"]["repave"] = {"state": "Approved"}
    if rec.repave is not None:
        rec.repave["transitionTime"] = emu.clock.now()
    rec.add_event(emu.clock.now(), "RepaveApproved", "repave of %s approved" % rec.name)
    emu.store.touch(rec.doc)
    return Response(204)


@route("GET", "/v1/spectroclusters/{uid}/status/spcApply")
def spc_apply_get(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    return Response(200, copy.deepcopy(rec.doc["status"].get("spcApply") or {}))


@route("POST", "/v1/spectroclusters/{uid}/status/spcApply")
def spc_apply_post(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    apply_spc(rec, emu.clock.now())          # tells the agent to apply pending changes now (REFERENCE.md 10.7)
    rec.unresolved_notification = False
    return Response(202, None, _audit())


@route("POST", "/v1/spectroclusters/{uid}/upgrade/settings")
def upgrade_settings(emu, req):
    rec = emu.store.cluster(req.params["uid"], req.project)
    lock = (req.body or {}).get("spectroComponents") == "lock"
    rec.doc["metadata"]["annotations"]["spectroComponentsUpgradeForbidden"] = "true" if lock else "false"
    emu.store.touch(rec.doc)
    return Response(204, None, _audit())
