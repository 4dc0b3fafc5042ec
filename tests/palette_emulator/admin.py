"""Admin API under /_emulator/ (no auth, no faults, not logged).  See README.md for the full list."""

import json
import re

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


@_admin("GET", "/requests")
def get_requests(emu, query, body):
    writes = query.get("writes")
    writes = None if writes in (None, "") else writes.lower() in ("1", "true", "yes")
    return 200, {"items": emu.log.entries(query.get("method"), query.get("path_prefix"), writes)}


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


@_admin("GET", "/clusters/(?P<uid>[^/]+)")
def get_cluster(emu, query, body, uid):
    tick(emu.store, emu.aws)
    return 200, _rec(emu, uid).internal(emu.clock.now(), emu.config)


@_admin("POST", "/clusters/(?P<uid>[^/]+)")
def set_cluster(emu, query, body, uid):
    """Body keys: ``stuck`` (bool: stays in Deleting), ``health`` (overview health state or null)."""
    rec = _rec(emu, uid)
    body = body or {}
    unknown = set(body) - {"stuck", "health"}
    if unknown:
        raise ValueError("unknown keys: %s" % ", ".join(sorted(unknown)))
    if "stuck" in body:
        rec.stuck = bool(body["stuck"])
    if "health" in body:
        rec.health_override = body["health"]
    tick(emu.store, emu.aws)
    return 200, rec.internal(emu.clock.now(), emu.config)


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


@_admin("DELETE", "/cloudconfigs/(?P<uid>[^/]+)/machinePools/(?P<name>[^/]+)")
def delete_pool(emu, query, body, uid, name):
    doc, i, pool = _pool(emu, uid, name)
    del doc["spec"]["machinePoolConfig"][i]
    rec = emu.store.clusters.get(emu.store.cfg_cluster.get(uid))
    if rec is not None:
        remove_pool_machines(rec, name, emu.clock.now(), emu.config)
    return 204, None
