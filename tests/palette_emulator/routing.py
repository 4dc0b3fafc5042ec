"""Route table: handlers register with ``@route(METHOD, "/v1/path/{param}")``.

The request-body schema of a route is taken from the spec subset (the operation's ``in: body``
parameter), so validation always follows the spec.
"""

import re

from .schema import load_spec

ROUTES = []


def route(method, path):
    def deco(fn):
        ROUTES.append((method.upper(), path, fn))
        return fn
    return deco


class Request:
    def __init__(self, method, path, query, headers, body, raw_body, project, params=None):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.raw_body = raw_body
        self.project = project
        self.params = params or {}


class Response:
    def __init__(self, status=200, body=None, headers=None, content_type="application/json"):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.content_type = content_type


def body_definition(spec, path, method):
    op = (spec["paths"].get(path) or {}).get(method.lower()) or {}
    for p in op.get("parameters", []) + (spec["paths"].get(path) or {}).get("parameters", []):
        if p.get("in") == "body":
            ref = (p.get("schema") or {}).get("$ref", "")
            return ref.split("/")[-1] or None, bool(p.get("required"))
    return None, False


class Router:
    def __init__(self, routes):
        spec = load_spec()
        compiled = []
        for method, path, fn in routes:
            rx = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "/?$")
            literals = sum(1 for seg in path.split("/") if seg and not seg.startswith("{"))
            definition, required = body_definition(spec, path, method)
            compiled.append((literals, method, path, rx, fn, definition, required))
        compiled.sort(key=lambda r: -r[0])
        self.routes = compiled

    def match(self, method, path):
        """Return (handler, params, spec_path, body_definition, body_required) or raise LookupError(status)."""
        path_matched = False
        for _lit, m, spec_path, rx, fn, definition, required in self.routes:
            mo = rx.match(path)
            if not mo:
                continue
            path_matched = True
            if m == method:
                return fn, mo.groupdict(), spec_path, definition, required
        raise LookupError(405 if path_matched else 404)
