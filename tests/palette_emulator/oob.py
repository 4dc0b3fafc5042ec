"""Out-of-band changes: what another writer (the UI, a second Ansible run, Terraform) does to an object.

Used by the admin API (``POST /_emulator/changes``) and by the "concurrent writer" fault (faults.py), which
applies them just before a matching request is handled, so a test can race a read-modify-write.
Each change is a one-key object:

* ``{"patch_object": {"uid": U, "patch": {...}}}``        RFC 7386 merge patch of any stored object
* ``{"patch_pool": {"config_uid": C, "name": N, "patch": {...}}}``   merge patch of one flat pool
* ``{"add_pool": {"config_uid": C, "pool": {flat pool}}}`` / ``{"delete_pool": {"config_uid": C, "name": N}}``
* ``{"fargate": {"config_uid": C, "add": [v1FargateProfile], "remove": [names]}}``
* ``{"tags": {"uid": clusterUid, "set": {k: v}, "remove": [k]}}``   cluster labels (tags)
"""

import copy

from .lifecycle import reconcile_machines, remove_pool_machines
from .util import ApiError, merge_patch

KINDS = ("patch_object", "patch_pool", "add_pool", "delete_pool", "fargate", "tags")


def check(change):
    if not isinstance(change, dict) or len(change) != 1 or next(iter(change)) not in KINDS:
        raise ValueError("a change is a one-key object, one of: %s" % ", ".join(KINDS))


def _config(emu, uid):
    doc = emu.store.cloudconfigs.get(uid)
    if doc is None:
        raise ApiError(404, "ResourceNotFound", "cloud config %s not found" % uid)
    return doc, emu.store.clusters.get(emu.store.cfg_cluster.get(uid))


def _pool_index(doc, name):
    for i, p in enumerate(doc["spec"].get("machinePoolConfig") or []):
        if p.get("name") == name:
            return i
    raise ApiError(404, "ResourceNotFound", "machine pool %s not found" % name)


def apply(emu, change):
    """Apply one change (caller holds the store lock); returns a short description."""
    check(change)
    kind, arg = next(iter(change.items()))
    now = emu.clock.now()
    if kind == "patch_object":
        obj_kind, doc = emu.store.find_any(arg["uid"])
        merge_patch(doc, arg.get("patch") or {})
        rec = emu.store.clusters.get(emu.store.cfg_cluster.get(arg["uid"])) if obj_kind == "cloudconfig" else None
        for pool in (doc["spec"].get("machinePoolConfig") or []) if rec is not None else []:
            reconcile_machines(rec, pool, now, emu.config)
    elif kind == "patch_pool":
        doc, rec = _config(emu, arg["config_uid"])
        pool = doc["spec"]["machinePoolConfig"][_pool_index(doc, arg["name"])]
        merge_patch(pool, arg.get("patch") or {})
        if rec is not None:
            reconcile_machines(rec, pool, now, emu.config)
    elif kind == "add_pool":
        doc, rec = _config(emu, arg["config_uid"])
        pool = dict({"isControlPlane": False, "labels": ["worker"], "size": 0, "capacityType": "on-demand",
                     "azs": [], "subnetIds": {}}, **copy.deepcopy(arg["pool"]))
        doc["spec"].setdefault("machinePoolConfig", []).append(pool)
        if rec is not None:
            reconcile_machines(rec, pool, now, emu.config)
    elif kind == "delete_pool":
        doc, rec = _config(emu, arg["config_uid"])
        del doc["spec"]["machinePoolConfig"][_pool_index(doc, arg["name"])]
        if rec is not None:
            rec.karpenter.pop(arg["name"], None)
            remove_pool_machines(rec, arg["name"], now, emu.config)
    elif kind == "fargate":
        doc, _rec = _config(emu, arg["config_uid"])
        gone = set(arg.get("remove") or []) | {p["name"] for p in arg.get("add") or []}
        kept = [p for p in doc["spec"].get("fargateProfiles") or [] if p.get("name") not in gone]
        doc["spec"]["fargateProfiles"] = kept + copy.deepcopy(arg.get("add") or [])
    else:  # tags
        rec = emu.store.clusters.get(arg["uid"])
        if rec is None:
            raise ApiError(404, "ResourceNotFound", "cluster %s not found" % arg["uid"])
        labels = rec.doc["metadata"].setdefault("labels", {})
        labels.update(arg.get("set") or {})
        for key in arg.get("remove") or []:
            labels.pop(key, None)
    if kind != "patch_object":
        target = arg.get("config_uid") or arg.get("uid")
        kind_doc = emu.store.cloudconfigs.get(target) or (emu.store.clusters[target].doc
                                                          if target in emu.store.clusters else None)
        if kind_doc is not None:
            emu.store.touch(kind_doc)
    return "%s %s" % (kind, arg.get("uid") or arg.get("config_uid"))
