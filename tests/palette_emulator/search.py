"""Evaluation of v1SearchFilterSummarySpec for POST /v1/dashboard/spectroclusters/search.

Supported properties (anything else is 400 ``UnsupportedFilter``):
  clusterName (string), environment (string; the cloud type: eks|aws), clusterState (string),
  healthState (string), isDeleted (bool), cloudAccountUid (string), tags (string "key:value" or
  "key"; or keyValue condition with ``key`` and ``match.values``).
"""

from .util import bad_request


def _cluster_props(rec, health):
    labels = rec.doc["metadata"].get("labels") or {}
    return {
        "clusterName": rec.name,
        "environment": rec.cloud_type,
        "clusterState": rec.state,
        "healthState": health(rec),
        "isDeleted": rec.state == "Deleted",
        "cloudAccountUid": rec.account_uid or "",
        "tags": labels,
    }


def _string_match(cond, value):
    op = cond.get("operator") or "eq"
    ic = cond.get("ignoreCase", False)
    match = cond.get("match") or {}
    values = match.get("values") or []
    if not values:
        return True
    conj = match.get("conjunction") or "or"
    v = value.lower() if ic else value

    def one(x):
        x = x.lower() if ic else x
        if op == "eq":
            return v == x
        if op == "contains":
            return x in v
        if op == "beginsWith":
            return v.startswith(x)
        raise bad_request("unsupported string operator %r" % op)
    hits = [one(x) for x in values]
    res = all(hits) if conj == "and" else any(hits)
    return not res if cond.get("negation") else res


def _tags_as_strings(labels):
    return [k if v in ("", "spectro__tag") else "%s:%s" % (k, v) for k, v in labels.items()]


def _eval_item(item, props):
    prop = item.get("property")
    cond = item.get("condition") or {}
    if prop not in props:
        raise bad_request("unsupported search filter property %r" % prop, "UnsupportedFilter")
    value = props[prop]
    if prop == "isDeleted":
        b = cond.get("bool")
        if b is None:
            raise bad_request("isDeleted needs a bool condition", "UnsupportedFilter")
        return value == bool(b.get("value"))
    if prop == "tags":
        if cond.get("keyValue"):
            kv = cond["keyValue"]
            key = kv.get("key", "")
            if key not in value:
                return bool(kv.get("negation"))
            sub = dict(kv)
            return _string_match(sub, value[key])
        s = cond.get("string") or {}
        strings = _tags_as_strings(value)
        res = any(_string_match(dict(s, negation=False), t) for t in strings) if strings else False
        return not res if s.get("negation") else res
    s = cond.get("string")
    if s is None:
        raise bad_request("property %s needs a string condition" % prop, "UnsupportedFilter")
    return _string_match(s, str(value))


def _combine(results, conj):
    return all(results) if (conj or "and") == "and" else any(results)


def matches(spec_filter, rec, health):
    """``health(rec)`` -> the cluster's health state (lifecycle.health_state bound to the clock/config)."""
    if not spec_filter:
        return True
    props = _cluster_props(rec, health)
    groups = []
    for g in spec_filter.get("filterGroups") or []:
        items = [_eval_item(i, props) for i in g.get("filters") or []]
        groups.append(_combine(items, g.get("conjunction")) if items else True)
    return _combine(groups, spec_filter.get("conjunction")) if groups else True


SORT_KEYS = {
    "clusterName": lambda r: r.name,
    "environment": lambda r: r.cloud_type,
    "clusterState": lambda r: r.state or "",
    "creationTimestamp": lambda r: r.created_at,
    "lastModifiedTimestamp": lambda r: r.doc["metadata"].get("lastModifiedTimestamp", ""),
}


def sort_records(recs, sort_specs, health=None):
    recs = sorted(recs, key=lambda r: (r.created_at, r.uid))
    keys = dict(SORT_KEYS, healthState=health or (lambda r: ""))
    for s in reversed(sort_specs or []):
        key = keys.get(s.get("field"))
        if key is None:
            raise bad_request("unsupported sort field %r" % s.get("field"))
        recs.sort(key=key, reverse=s.get("order") == "desc")
    return recs
