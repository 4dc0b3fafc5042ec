"""Admin API under /_emulator/ (no auth, no faults, not logged).  See README.md for the full list."""

import json
import re

from . import oob
from .bulk import bulk_create
from .config import HEALTH_VALUES
from .lifecycle import reconcile_machines, remove_pool_machines, tick
from .util import ApiError, merge_patch

_ROUTES = []


def _admin(method, pattern):
    def deco(fn):
        _ROUTES.append((method, re.compile("^/_emulator" + pattern + "/?$"), fn))
        return fn
    return deco


def handle(emu, method, path, query, raw):
    try:
        body = json.loads(raw) if raw else None
    except ValueError as exc:
        return 400, {"code": "BadRequest", "message": "body is not JSON: %s" % exc}
    for m, rx, fn in _ROUTES:
        mo = rx.match(path)
        if mo and m == method:
            try:
                with emu.store.lock:
                    return fn(emu, query, body, **mo.groupdict())
            except ApiError as err:
                return err.status, err.body()
            except (ValueError, TypeError, KeyError) as exc:
                return 400, {"code": "BadRequest", "message": str(exc)}
    return 404, {"code": "ResourceNotFound", "message": "no admin route %s %s" % (method, path)}


@_admin("GET", "/health")
def health(emu, query, body):
    return 200, {"ok": True, "url": emu.url, "awsEndpointUrl": emu.config.aws_endpoint_url}


def _log_filter(query):
    writes = query.get("writes")
    writes = None if writes in (None, "") else writes.lower() in ("1", "true", "yes")
    since = query.get("since")
    return query.get("method"), query.get("path_prefix"), writes, int(since) if since not in (None, "") else None


@_admin("GET", "/requests")
def get_requests(emu, query, body):
    """``?method=&path_prefix=&writes=1|0&since=<seq>`` (since: only entries after that sequence number)."""
    return 200, {"items": emu.log.entries(*_log_filter(query)), "lastSeq": emu.log.last_seq}


@_admin("GET", "/requests/count")
def count_requests(emu, query, body):
    """Same filters as /requests, answers only ``{"count": N, "lastSeq": S}`` (cheap for thousands of requests)."""
    return 200, {"count": emu.log.count(*_log_filter(query)), "lastSeq": emu.log.last_seq}


@_admin("DELETE", "/requests")
def clear_requests(emu, query, body):
    emu.log.clear()
    return 204, None


@_admin("GET", "/config")
def get_config(emu, query, body):
    return 200, emu.config.runtime_dict()


@_admin("PUT", "/config")
@_admin("PATCH", "/config")
def put_config(emu, query, body):
    emu.config.update(body or {})
    return 200, emu.config.runtime_dict()


@_admin("GET", "/faults")
def get_faults(emu, query, body):
    return 200, emu.faults.state()


@_admin("PUT", "/faults")
def put_faults(emu, query, body):
    emu.faults.set(body or {})
    return 200, emu.faults.state()


@_admin("DELETE", "/faults")
def clear_faults(emu, query, body):
    emu.faults.set({})
    return 204, None


@_admin("POST", "/reset")
def reset(emu, query, body):
    emu.reset(seed=(body or {}).get("seed"))
    return 204, None


@_admin("GET", "/clock")
def get_clock(emu, query, body):
    return 200, {"now": emu.clock.now(), "offset": emu.clock.offset}


@_admin("POST", "/clock/advance")
def advance_clock(emu, query, body):
    emu.clock.advance(float((body or {}).get("seconds", 0)))
    tick(emu.store, emu.aws)
    return 200, {"now": emu.clock.now(), "offset": emu.clock.offset}


def _rec(emu, uid):
    rec = emu.store.clusters.get(uid)
    if rec is None:
        raise ApiError(404, "ResourceNotFound", "cluster %s not found" % uid)
    return rec


@_admin("GET", "/clusters")
def list_clusters(emu, query, body):
    tick(emu.store, emu.aws)
    now = emu.clock.now()
    items = [r.internal(now, emu.config) for r in emu.store.clusters.values()
             if not query.get("name") or r.name == query["name"]]
    return 200, {"items": items}


@_admin("POST", "/clusters/bulk")
def bulk(emu, query, body):
    """Create many clusters at once (bulk.py): {count, prefix, cloud_type, state, tags, project, region, health}."""
    return 201, bulk_create(emu, body)


@_admin("GET", "/clusters/(?P<uid>[^/]+)")
def get_cluster(emu, query, body, uid):
    tick(emu.store, emu.aws)
    return 200, _rec(emu, uid).internal(emu.clock.now(), emu.config)


@_admin("POST", "/clusters/(?P<uid>[^/]+)")
def set_cluster(emu, query, body, uid):
    """Body keys (all optional):
    ``stuck`` bool: stays in Deleting;
    ``health`` "Healthy" | "UnHealthy" | "Unknown" | null: overview health override (Palette's spelling);
    ``live_nodes`` {pool: N | null}: live machine count of a pool (autoscaler / Karpenter movement);
    ``repave`` {"state": "Pending"|"Approved"|"Reverted", "reasons": [{code, message, pack?}], "source"?} | null:
    a repave waiting for approval (GET .../repave/status, status.repave.state);
    ``notification`` bool: an unresolved profile-change notification (summary status.notifications.isAvailable).
    """
    rec = _rec(emu, uid)
    body = body or {}
    unknown = set(body) - {"stuck", "health", "live_nodes", "repave", "notification"}
    if unknown:
        raise ValueError("unknown keys: %s" % ", ".join(sorted(unknown)))
    if "health" in body and body["health"] is not None and body["health"] not in HEALTH_VALUES:
        raise ValueError("health must be one of %s or null (Palette spells it UnHealthy)" % ", ".join(HEALTH_VALUES))
    if "stuck" in body:
        rec.stuck = bool(body["stuck"])
    if "health" in body:
        rec.health_override = body["health"]
    if "notification" in body:
        rec.unresolved_notification = bool(body["notification"])
    if "repave" in body:
        set_repave(emu, rec, body["repave"])
    now = emu.clock.now()
    for pool_name, count in (body.get("live_nodes") or {}).items():
        if count is None:
            rec.live_nodes.pop(pool_name, None)
        else:
            rec.live_nodes[pool_name] = int(count)
        pool = _pool_of(emu, rec, pool_name)
        if pool is not None:
            reconcile_machines(rec, pool, now, emu.config)
    tick(emu.store, emu.aws)
    return 200, rec.internal(emu.clock.now(), emu.config)


def set_repave(emu, rec, repave):
    """Admin: put a repave in ``status.repave`` (REFERENCE.md 10.7: state Pending until PATCH .../repave/approve)."""
    if repave is None:
        rec.doc["status"].pop("repave", None)
        rec.repave = None
        return
    state = repave.get("state", "Pending")
    if state not in ("Pending", "Approved", "Reverted"):
        raise ValueError("repave.state must be Pending, Approved or Reverted")
    reasons = []
    for r in repave.get("reasons") or []:
        reason = {"code": str(r.get("code", "")), "message": str(r.get("message", ""))}
        if r.get("pack"):
            reason["pack"] = r["pack"]
        reasons.append(reason)
    rec.repave = {"source": repave.get("source", "palette"), "reasons": reasons, "message": repave.get("message", ""),
                  "transitionTime": emu.clock.now()}
    rec.doc["status"]["repave"] = {"state": state}
    emu.store.touch(rec.doc)


def _pool_of(emu, rec, name):
    doc = emu.store.cloudconfigs.get(rec.cfg_uid) or {"spec": {}}
    return next((p for p in doc["spec"].get("machinePoolConfig") or [] if p.get("name") == name), None)


@_admin("POST", "/changes")
def apply_changes(emu, query, body):
    """Out-of-band changes (oob.py): ``{"changes": [{"tags": {...}}, ...]}``; applied in order, now."""
    changes = (body or {}).get("changes")
    if not isinstance(changes, list):
        raise ValueError('body must be {"changes": [...]}')
    for change in changes:
        oob.check(change)
    return 200, {"applied": [oob.apply(emu, change) for change in changes]}


@_admin("GET", "/objects/(?P<uid>[^/]+)")
def get_object(emu, query, body, uid):
    kind, doc = emu.store.find_any(uid)
    return 200, {"kind": kind, "object": doc}


@_admin("PATCH", "/objects/(?P<uid>[^/]+)")
def patch_object(emu, query, body, uid):
    """RFC 7386 merge patch of the stored read document (cluster, cloudconfig, account, profile, ...)."""
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object (merge patch)")
    kind, doc = emu.store.find_any(uid)
    merge_patch(doc, body)
    if kind == "cloudconfig":
        rec = emu.store.clusters.get(emu.store.cfg_cluster.get(uid))
        if rec is not None:
            for pool in doc["spec"].get("machinePoolConfig") or []:
                reconcile_machines(rec, pool, emu.clock.now(), emu.config)
    return 200, {"kind": kind, "object": doc}


def _pool(emu, uid, name):
    doc = emu.store.cloudconfigs.get(uid)
    if doc is None:
        raise ApiError(404, "ResourceNotFound", "cloud config %s not found" % uid)
    for i, p in enumerate(doc["spec"].get("machinePoolConfig") or []):
        if p.get("name") == name:
            return doc, i, p
    raise ApiError(404, "ResourceNotFound", "machine pool %s not found" % name)


@_admin("PATCH", "/cloudconfigs/(?P<uid>[^/]+)/machinePools/(?P<name>[^/]+)")
def patch_pool(emu, query, body, uid, name):
    doc, _i, pool = _pool(emu, uid, name)
    merge_patch(pool, body or {})
    rec = emu.store.clusters.get(emu.store.cfg_cluster.get(uid))
    if rec is not None:
        reconcile_machines(rec, pool, emu.clock.now(), emu.config)
    return 200, pool


@_admin("POST", "/cloudconfigs/(?P<uid>[^/]+)/machinePools")
def add_pool(emu, query, body, uid):
    """Add a pool out of band, in the flat read shape (e.g. a Karpenter pool: ``labels`` with
    ``spectrocloud.com/managed-by:karpenter``).  Missing keys get defaults; machines follow."""
    doc = emu.store.cloudconfigs.get(uid)
    if doc is None:
        raise ApiError(404, "ResourceNotFound", "cloud config %s not found" % uid)
    pool = dict(body or {})
    if not pool.get("name"):
        raise ValueError("name is required")
    pools = doc["spec"].setdefault("machinePoolConfig", [])
    if any(p.get("name") == pool["name"] for p in pools):
        raise ApiError(409, "MachinePoolAlreadyExists", "machine pool %s already exists" % pool["name"])
    pool.setdefault("isControlPlane", False)
    pool.setdefault("labels", ["worker"])
    pool.setdefault("size", 0)
    pool.setdefault("capacityType", "on-demand")
    pool.setdefault("azs", [])
    pool.setdefault("subnetIds", {})
    pools.append(pool)
    rec = emu.store.clusters.get(emu.store.cfg_cluster.get(uid))
    if rec is not None:
        reconcile_machines(rec, pool, emu.clock.now(), emu.config)
    return 201, pool


@_admin("DELETE", "/cloudconfigs/(?P<uid>[^/]+)/machinePools/(?P<name>[^/]+)")
def delete_pool(emu, query, body, uid, name):
    doc, i, pool = _pool(emu, uid, name)
    del doc["spec"]["machinePoolConfig"][i]
    rec = emu.store.clusters.get(emu.store.cfg_cluster.get(uid))
    if rec is not None:
        rec.karpenter.pop(name, None)
        remove_pool_machines(rec, name, emu.clock.now(), emu.config)
    return 204, None
