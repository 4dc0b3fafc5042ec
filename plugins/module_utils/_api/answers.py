# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a Palette answer must look like, and the error when it does not (issue 12: never "nothing").

A read that must return an object names its shape (``client.get(path, expect="object")``); an empty body, a
body that is not JSON (truncated, an HTML page) or a JSON value of the wrong shape then raises PaletteApiError
naming the call, instead of handing ``None`` or ``{}`` to a flow that would take it for "there is nothing".

Shapes (``expect=``): ``None`` (anything, also no body: writes answered 204), ``"object"`` (a JSON object),
``"resource"`` (an object with a ``metadata`` object: a cluster, cloud config, account, profile),
``"items"`` (an object whose ``items`` is a list; ``null`` is Palette's empty list), ``"page"`` (``items`` plus,
when present, a ``listmeta`` object: one page of a paginated list), ``"list"`` (a JSON array), or a Shape made
with ``object_with(*keys)`` (an object in which every key is present and not null).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError

SNIPPET = 300  # longest piece of an unexpected body quoted in a message
EMPTY = "EmptyResponse"
INVALID = "InvalidResponse"
UNEXPECTED = "UnexpectedResponse"
_FIX = ("the answer was cut short or replaced on the way (a proxy, a load balancer or Palette itself): run again; "
        "if it persists, check the proxy between this host and Palette (palette_host)")


class Shape:
    """A JSON answer shape: ``kind`` (object, items, page, list) and ``keys``.

    For ``object``, ``keys`` must be present and not null; for ``items`` / ``page`` the one key is where the list is
    (default ``items``).
    """

    def __init__(self, kind, keys=()):
        if kind not in ("object", "items", "page", "list"):
            raise ValueError("unknown answer shape %r" % kind)
        self.kind = kind
        self.keys = tuple(keys)
        self.items_key = self.keys[0] if self.keys else "items"

    def __repr__(self):
        return "Shape(%r, %r)" % (self.kind, self.keys)

    def describe(self):
        if self.kind == "list":
            return "a JSON list"
        if self.kind in ("items", "page"):
            return "a JSON object with an '%s' list" % self.items_key
        if self.keys:
            return "a JSON object with %s" % ", ".join("'%s'" % k for k in self.keys)
        return "a JSON object"

    def problem(self, value):
        """What is wrong with ``value`` (a parsed JSON answer), or None when it has this shape."""
        if self.kind == "list":
            return None if isinstance(value, list) else "the answer is %s" % _kind_of(value)
        if not isinstance(value, dict):
            return "the answer is %s" % _kind_of(value)
        if self.kind in ("items", "page"):
            key = self.items_key
            if key not in value:
                return "the answer has no '%s' (keys: %s)" % (key, ", ".join(sorted(value)[:10]) or "none")
            if value[key] is not None and not isinstance(value[key], list):
                return "its '%s' is %s" % (key, _kind_of(value[key]))
            listmeta = value.get("listmeta")
            if self.kind == "page" and listmeta is not None and not isinstance(listmeta, dict):
                return "its 'listmeta' is %s" % _kind_of(listmeta)
            return None
        missing = [key for key in self.keys if value.get(key) is None]
        if missing:
            return "the answer has no %s" % ", ".join("'%s'" % k for k in missing)
        return None


def object_with(*keys):
    """Shape of an object in which each of ``keys`` is present and not null (``object_with("uid")``)."""
    return Shape("object", keys)


SHAPES = {
    "object": Shape("object"),
    "resource": Shape("object", ("metadata",)),
    "items": Shape("items"),
    "page": Shape("page"),
    "list": Shape("list"),
}


def shape_of(expect):
    """The Shape for an ``expect=`` value (None, a name of SHAPES or a Shape); None means "anything"."""
    if expect is None or isinstance(expect, Shape):
        return expect
    try:
        return SHAPES[expect]
    except KeyError:
        raise ValueError("expect must be one of %s or a Shape, not %r" % (", ".join(sorted(SHAPES)), expect))


def _kind_of(value):
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def snippet(payload):
    """A short, single-line view of a body for a message; an HTML page is reduced to its text."""
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else (payload or "")
    if re.search(r"<\s*(html|body|head|title)\b", text[:2000], re.IGNORECASE):
        text = "HTML page: " + re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())[:SNIPPET]


def parse(method, path, status, payload, expect=None):
    """The parsed JSON of a 2xx answer, checked against ``expect``; raises PaletteApiError when it does not fit.

    Without ``expect`` an empty body (204 or a 200 without content) is None; with it, it is an EmptyResponse.
    """
    shape = shape_of(expect)
    if not payload or not payload.strip():
        if shape is None:
            return None
        raise PaletteApiError(status, EMPTY, "Palette answered %s with an empty body where %s was expected; %s"
                              % (status, shape.describe(), _FIX), method=method, path=path)
    try:
        value = json.loads(payload.decode("utf-8") if isinstance(payload, bytes) else payload)
    except ValueError:
        raise PaletteApiError(status, INVALID, "the answer is not valid JSON (%s); %s" % (snippet(payload), _FIX),
                              method=method, path=path)
    if shape is not None:
        check(method, path, value, shape, status)
    return value


def check(method, path, value, expect, status=200):
    """Raise PaletteApiError (UnexpectedResponse) when ``value`` does not have the shape ``expect``."""
    shape = shape_of(expect)
    problem = shape.problem(value) if shape is not None else None
    if problem:
        raise PaletteApiError(status, UNEXPECTED, "%s where %s was expected; %s" % (problem, shape.describe(), _FIX),
                              method=method, path=path)
    return value
