"""Strict request-body validation against the Palette Swagger 2.0 spec subset.

Public API::

    from palette_emulator.schema import validate_body
    errors = validate_body("v1SpectroEksClusterEntity", body)   # [] == valid

Rules (see README.md "Validation rules"):

* ``$ref`` values resolve under ``#/definitions/`` of ``spec/palette-v1-subset.json``.
* Every object is treated as ``additionalProperties: false`` unless the spec gives
  ``additionalProperties`` itself (maps such as ``labels``).
* JSON ``null`` is accepted for arrays, for optional objects and where the spec says
  ``x-nullable: true``.  A *required* property must not be null.
* Swagger ``format: int32`` / ``int8`` add range checks; ``integer`` rejects 1.5.
* The phantom ``cloudType`` that ``v1SpectroAwsClusterEntity.spec.required`` lists (but never
  defines) is not required.  In general a required name without a property is dropped.
* Fields of the live API newer than the spec (``newer_fields.NEWER_THAN_SPEC``, e.g.
  ``overrideClusterAPIConfig``) are accepted on the definitions listed there, nowhere else.
* The top-level body must be a JSON object (an array for array definitions such as
  ``v1SpectroClustersMeta``); null is never a valid body.

Messages name the JSON path, e.g. ``spec.machinepoolconfig[1].poolConfig.foo: unknown field``.
"""

import copy
import functools
import json
import os

import jsonschema

from .newer_fields import NEWER_THAN_SPEC

SPEC_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec", "palette-v1-subset.json")

_INT_RANGES = {"int8": (-128, 127), "int32": (-(2 ** 31), 2 ** 31 - 1), "int64": (-(2 ** 63), 2 ** 63 - 1)}


@functools.lru_cache(maxsize=1)
def load_spec(path=SPEC_PATH):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _is_object_schema(s):
    return s.get("type") == "object" or "properties" in s


def _nullable(types):
    types = types if isinstance(types, list) else [types]
    return types if "null" in types else types + ["null"]


def _convert(s):
    """Turn one Swagger schema into a strict draft-4 schema (recursively)."""
    if not isinstance(s, dict):
        return s
    if "$ref" in s:
        # draft-4 ignores siblings of $ref; keep only the reference
        return {"$ref": s["$ref"]}
    out = {}
    for key, val in s.items():
        if key.startswith("x-") or key in ("description", "example", "title", "default", "readOnly", "discriminator"):
            continue
        if key == "properties":
            props = {}
            required = set(s.get("required") or [])
            for name, sub in val.items():
                conv = _convert(sub)
                if name in required and "$ref" in sub:
                    # a required reference may not be null (definitions themselves are nullable)
                    conv = {"allOf": [conv], "not": {"type": "null"}}
                props[name] = conv
            out["properties"] = props
        elif key == "required":
            names = [n for n in val if n in (s.get("properties") or {})]
            if names:
                out["required"] = names
        elif key in ("items", "additionalProperties") and isinstance(val, dict):
            out[key] = _convert(val)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [_convert(x) for x in val]
        else:
            out[key] = copy.deepcopy(val)
    fmt = s.get("format")
    if s.get("type") == "integer" and fmt in _INT_RANGES:
        lo, hi = _INT_RANGES[fmt]
        out.setdefault("minimum", lo)
        out.setdefault("maximum", hi)
    if _is_object_schema(s):
        out["type"] = "object"
        if "additionalProperties" not in s:
            out["additionalProperties"] = False
    typ = out.get("type")
    if typ is not None:
        if typ in ("array", "object") or s.get("x-nullable") is True:
            out["type"] = _nullable(typ)
        if "enum" in out and s.get("x-nullable") is True:
            out["enum"] = list(out["enum"]) + [None]
    return out


@functools.lru_cache(maxsize=1)
def _strict_definitions():
    spec = load_spec()
    out = {name: _convert(defn) for name, defn in spec["definitions"].items()}
    # explicit allow-list of live-API fields newer than the spec (newer_fields.py cites the source)
    for name, props in NEWER_THAN_SPEC.items():
        out[name].setdefault("properties", {}).update(copy.deepcopy(props))
    return out


@functools.cache
def _validator(definition_name):
    defs = _strict_definitions()
    if definition_name not in defs:
        raise KeyError("unknown definition %r" % definition_name)
    root = {"$ref": "#/definitions/%s" % definition_name, "definitions": defs}
    return jsonschema.Draft4Validator(root)


def _path(error):
    out = ""
    for part in error.absolute_path:
        if isinstance(part, int):
            out += "[%d]" % part
        else:
            out += ("." if out else "") + str(part)
    return out or "<body>"


def _join(path, name):
    return name if path == "<body>" else "%s.%s" % (path, name)


def _messages(error):
    path = _path(error)
    v = error.validator
    if v == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = sorted(k for k in error.instance if k not in allowed)
        return ["%s: unknown field (not in the spec)" % _join(path, k) for k in extra]
    if v == "required":
        missing = [n for n in error.validator_value if n not in error.instance]
        return ["%s: required field missing" % _join(path, n) for n in missing]
    if v == "not":
        return ["%s: must not be null" % path]
    if v == "enum":
        allowed = [x for x in error.validator_value if x is not None]
        return ["%s: %r is not one of %s" % (path, error.instance, allowed)]
    if v == "type":
        want = error.validator_value
        want = [t for t in (want if isinstance(want, list) else [want]) if t != "null"]
        return ["%s: expected %s, got %s" % (path, "/".join(want), _json_type(error.instance))]
    return ["%s: %s" % (path, error.message)]


def _json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def validate_body(definition_name, body):
    """Validate ``body`` against spec definition ``definition_name``.

    Returns a list of human readable error strings (empty list = valid).  Each message starts with the
    JSON path of the offending field.  Raises ``KeyError`` for an unknown definition name.
    """
    validator = _validator(definition_name)
    want_array = load_spec()["definitions"][definition_name].get("type") == "array"
    if not isinstance(body, list if want_array else dict):
        return ["<body>: expected %s, got %s" % ("array" if want_array else "object", _json_type(body))]
    msgs = []
    for err in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path))):
        for m in _messages(err):
            if m not in msgs:
                msgs.append(m)
    return msgs


def definition_names():
    return sorted(load_spec()["definitions"])
