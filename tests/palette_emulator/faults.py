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
     "seed": 1234}                  # RNG seed for reproducible rates

Injected statuses are returned *before* the request is processed (nothing is committed).  A ``lose``
rule matches a successful write (see reqlog.is_write): the server commits it, then either closes the
connection without answering (``mode: drop``) or answers 504 with an empty body (``mode: 504``).
Admin routes are never subject to faults.
"""

import random
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
                   "lose", "seed"}
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

    def state(self):
        with self._lock:
            return {"config": self.cfg, "pendingScript": list(self.script),
                    "pendingLose": [dict(r) for r in self.lose], "injected": self.injected, "lost": self.lost}

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
