"""Fault injection: error rates, latency, scripted statuses and lost responses after commit.

Configuration (``PUT /_emulator/faults``; every key optional, a PUT replaces the whole set)::

    {"rates": {"429": 0.2, "502": 0.0, "503": 0.0, "504": 0.0},  # probability per matching request
     "retry_after": 1,              # seconds, sent with every injected 429 as Retry-After
     "script": [429, 503],          # statuses for the next matching requests, in order (before rates)
     "latency_ms": 0,               # fixed delay added to every matching request
     "spike_rate": 0.0, "spike_ms": 0,   # random latency spikes
     "methods": ["POST"],           # only requests with these methods (default all)
     "path_prefix": "/v1/spectroclusters",  # only these paths (default all)
     "lose": [{"method": "POST", "path_prefix": "/v1/spectroclusters/eks", "mode": "drop", "count": 1}],
     "seed": 1234,                  # RNG seed for reproducible rates
     "responses": [{"method": "GET", "path_regex": "^/v1/cloudconfigs/eks/[^/]+$", "kind": "empty", "count": 1}],
     "concurrent": [{"method": "PUT", "path_regex": "/fargateProfiles$", "count": 1,
                     "changes": [{"fargate": {"config_uid": "...", "add": [{...}]}}]}]}

Injected statuses are returned *before* the request is processed (nothing is committed).  A ``lose``
rule matches a successful write (see reqlog.is_write): the server commits it, then either closes the
connection without answering (``mode: drop``) or answers 504 with an empty body (``mode: 504``).
Admin routes are never subject to faults.

``responses`` rules (issue 12: partial answers) match ``method`` (optional) and ``path_regex`` (``re.search``),
each for ``count`` requests (default 1; ``null`` = every one):

* ``kind: "empty"``     the request is processed, the answer is ``status`` (default 200) with an EMPTY body;
* ``kind: "truncated"`` processed; the real JSON answer cut in half (``status`` default: the real one, or 200);
* ``kind: "shape"``     processed; the answer is ``body`` (default ``{}``; e.g. ``[]``) with ``status`` (default
  200) - a wrongly shaped 200, or a create answer without ``uid`` (``{"status": 201, "body": {}}``);
* ``kind: "html"``      NOT processed (a proxy in front of Palette failed): ``status`` (default 502),
  ``Content-Type: text/html`` and an HTML error page.

For writes "processed" means committed.  ``concurrent`` rules (issue 12: lost updates) match the same way and
apply their ``changes`` (see oob.py) as another writer would, ``when`` "before" (default) or "after" the matching
request is handled (after: its answer still shows the old state - the other writer came right after the read).
Every rule takes ``skip`` (default 0): the first ``skip`` matching requests pass untouched.
"""

import http
import json
import random
import re
import threading
import time

FAULT_CODES = {429: "TooManyRequests", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout"}


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self.set({})

    def set(self, cfg):
        cfg = dict(cfg or {})
        allowed = {"rates", "retry_after", "script", "latency_ms", "spike_rate", "spike_ms", "methods", "path_prefix",
                   "lose", "seed", "responses", "concurrent"}
        unknown = set(cfg) - allowed
        if unknown:
            raise ValueError("unknown fault keys: %s" % ", ".join(sorted(unknown)))
        for code in (cfg.get("rates") or {}):
            if int(code) not in FAULT_CODES:
                raise ValueError("fault status %s not supported (use 429/502/503/504)" % code)
        with self._lock:
            self.cfg = cfg
            self.script = list(cfg.get("script") or [])
            self.lose = [dict(r, count=int(r.get("count", 1))) for r in (cfg.get("lose") or [])]
            self.rng = random.Random(cfg.get("seed"))
            self.injected = 0
            self.lost = 0
            self.responses = [_rule(r, RESPONSE_KINDS) for r in (cfg.get("responses") or [])]
            self.concurrent = [_rule(r, None) for r in (cfg.get("concurrent") or [])]
            self.mangled = 0
            self.concurrent_applied = 0
            self.concurrent_errors = []

    def state(self):
        with self._lock:
            return {"config": self.cfg, "pendingScript": list(self.script),
                    "pendingLose": [dict(r) for r in self.lose], "injected": self.injected, "lost": self.lost,
                    "pendingResponses": [_public(r) for r in self.responses], "mangled": self.mangled,
                    "pendingConcurrent": [_public(r) for r in self.concurrent],
                    "concurrentApplied": self.concurrent_applied, "concurrentErrors": list(self.concurrent_errors)}

    def _take(self, rules, method, path):
        """First rule of ``rules`` matching (method, path); consumes one of its count."""
        for rule in rules:
            if rule["method"] and rule["method"] != method.upper():
                continue
            if not rule["rx"].search(path):
                continue
            if rule["skip"] > 0:          # let the first ``skip`` matching requests through untouched
                rule["skip"] -= 1
                continue
            if rule["count"] is not None:
                rule["count"] -= 1
                if rule["count"] <= 0:
                    rules.remove(rule)
            return rule
        return None

    def response_rule(self, method, path):
        """A ``responses`` rule for this request (consumed), or None."""
        with self._lock:
            rule = self._take(self.responses, method, path)
            if rule is not None:
                self.mangled += 1
            return rule

    def concurrent_changes(self, method, path, when="before"):
        """The out-of-band changes to apply ``when`` (before/after) this request is handled (consumed), maybe []."""
        with self._lock:
            rule = self._take([r for r in self.concurrent if r["when"] == when], method, path)
            if rule is not None and rule["count"] is not None and rule["count"] <= 0:
                self.concurrent.remove(rule)
            if rule is None:
                return []
            self.concurrent_applied += 1
            return list(rule["changes"])

    def concurrent_error(self, message):
        with self._lock:
            self.concurrent_errors.append(message)

    def _matches(self, method, path):
        methods = self.cfg.get("methods")
        if methods and method.upper() not in [m.upper() for m in methods]:
            return False
        prefix = self.cfg.get("path_prefix")
        return not prefix or path.startswith(prefix)

    def before(self, method, path):
        """Sleep for configured latency; return an injected status (int) or None."""
        with self._lock:
            if not self._matches(method, path):
                return None
            delay = float(self.cfg.get("latency_ms") or 0)
            if self.cfg.get("spike_rate") and self.rng.random() < float(self.cfg["spike_rate"]):
                delay += float(self.cfg.get("spike_ms") or 0)
            status = None
            if self.script:
                status = int(self.script.pop(0)) or None
            else:
                for code, rate in sorted((self.cfg.get("rates") or {}).items()):
                    if rate and self.rng.random() < float(rate):
                        status = int(code)
                        break
            if status:
                self.injected += 1
        if delay:
            time.sleep(delay / 1000.0)
        return status

    def retry_after(self):
        return str(self.cfg.get("retry_after", 1))

    def lose_after(self, method, path):
        """For a committed write: return 'drop' / '504' if its response must be lost, else None."""
        with self._lock:
            for rule in self.lose:
                if rule["count"] <= 0:
                    continue
                if rule.get("method") and rule["method"].upper() != method.upper():
                    continue
                if rule.get("path_prefix") and not path.startswith(rule["path_prefix"]):
                    continue
                rule["count"] -= 1
                self.lost += 1
                self.lose = [r for r in self.lose if r["count"] > 0]
                return str(rule.get("mode", "drop"))
        return None


RESPONSE_KINDS = ("empty", "truncated", "shape", "html")


def _rule(raw, kinds):
    rule = dict(raw or {})
    unknown = set(rule) - {"method", "path_regex", "kind", "status", "body", "count", "changes", "change", "skip",
                           "when"}
    if unknown:
        raise ValueError("unknown rule keys: %s" % ", ".join(sorted(unknown)))
    if kinds is not None and rule.get("kind") not in kinds:
        raise ValueError("responses[].kind must be one of %s" % ", ".join(kinds))
    if kinds is None:
        from . import oob
        changes = list(rule.get("changes") or []) + ([rule["change"]] if rule.get("change") else [])
        if not changes:
            raise ValueError("concurrent[] needs changes")
        for ch in changes:
            oob.check(ch)
        rule["changes"] = changes
        rule.pop("change", None)
        rule["when"] = rule.get("when") or "before"
        if rule["when"] not in ("before", "after"):
            raise ValueError("concurrent[].when must be before or after")
    rule["rx"] = re.compile(rule.get("path_regex") or "")
    rule["method"] = (rule.get("method") or "").upper()
    rule["skip"] = int(rule.get("skip") or 0)
    rule["count"] = 1 if "count" not in rule else (None if rule["count"] is None else int(rule["count"]))
    return rule


def _public(rule):
    return {k: v for k, v in rule.items() if k != "rx"}


HTML_PAGE = ("<html>\r\n<head><title>%(status)d %(reason)s</title></head>\r\n<body>\r\n<center><h1>%(status)d "
             "%(reason)s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def mangle(rule, status, body_bytes):
    """(status, body bytes, content type) of a mangled answer; ``body_bytes`` is the real JSON answer."""
    kind = rule["kind"]
    if kind == "html":
        code = int(rule.get("status") or 502)
        try:
            reason = http.HTTPStatus(code).phrase
        except ValueError:
            reason = "Error"
        return code, (HTML_PAGE % {"status": code, "reason": reason}).encode(), "text/html"
    if kind == "empty":
        return int(rule.get("status") or 200), b"", "application/json"
    if kind == "truncated":
        data = body_bytes or b'{"items": []}'
        return int(rule.get("status") or (status if status != 204 else 200)), data[:max(1, len(data) // 2)], \
            "application/json"
    return int(rule.get("status") or 200), json.dumps(rule.get("body", {})).encode(), "application/json"
