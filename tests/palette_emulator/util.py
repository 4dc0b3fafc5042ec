"""Small helpers shared by the emulator modules: errors, uids, timestamps, merge patch, pagination."""

import base64
import copy
import datetime
import json
import secrets


class ApiError(Exception):
    """An error answered as ``{"code", "message", "ref"}`` with an HTTP status."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self):
        return {"code": self.code, "message": self.message, "ref": new_uid()}


def not_found(kind, uid):
    return ApiError(404, "ResourceNotFound", "%s '%s' not found" % (kind, uid))


def bad_request(message, code="BadRequest"):
    return ApiError(400, code, message)


def new_uid():
    """A Palette-like 24 hex character uid (MongoDB ObjectId shape)."""
    return secrets.token_hex(12)


ZERO_TIME = "0001-01-01T00:00:00.000Z"


def rfc3339(ts):
    if ts is None:
        return ZERO_TIME
    dt = datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch: dicts merge recursively, ``null`` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            target[key] = merge_patch(target.get(key), value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def qbool(query, name, default=False):
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    low = raw.lower()
    if low in ("true", "1", "yes"):
        return True
    if low in ("false", "0", "no"):
        return False
    raise bad_request("query parameter %s: %r is not a boolean" % (name, raw))


def qint(query, name, default=None):
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request("query parameter %s: %r is not an integer" % (name, raw)) from None


def _encode_token(offset):
    raw = json.dumps({"offset": offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token):
    try:
        pad = "=" * (-len(token) % 4)
        return int(json.loads(base64.urlsafe_b64decode(token + pad))["offset"])
    except Exception:
        raise bad_request("invalid continue token %r" % token, code="InvalidContinueToken") from None


def paginate(items, query, page_size, max_limit=50):
    """Slice ``items`` by ``limit``/``offset``/``continue``; return ``(page, listmeta)``.

    ``limit`` absent or 0 means the configured page size; larger values are capped at ``max_limit``
    (and at ``page_size`` so that a small configured page size forces paging in tests).
    """
    limit = qint(query, "limit", 0)
    if limit < 0:
        raise bad_request("query parameter limit must be >= 0")
    size = max(1, min(limit or page_size, page_size, max_limit))
    token = query.get("continue")
    offset = _decode_token(token) if token else max(0, qint(query, "offset", 0))
    page = items[offset:offset + size]
    nxt = offset + size
    listmeta = {
        "continue": _encode_token(nxt) if nxt < len(items) else "",
        "count": len(items),
        "limit": size,
        "offset": offset,
    }
    return page, listmeta
