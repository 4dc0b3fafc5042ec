"""Request log (admin routes excluded, API keys never recorded) and the write classification."""

import collections
import threading

# POST endpoints that do not change state (counted as reads by ``writes()``):
#   /v1/dashboard/spectroclusters/search, /v1/dashboard/clusterprofiles, /v1/dashboard/projects (filters),
#   /v1/auth/authenticate, and every path ending in /validate or /rate.
READ_ONLY_POSTS = ("/v1/dashboard/spectroclusters/search", "/v1/dashboard/clusterprofiles", "/v1/dashboard/projects",
                   "/v1/auth/authenticate")


def is_write(method, path):
    method = method.upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    if method == "POST":
        p = path.rstrip("/")
        if p in READ_ONLY_POSTS or p.endswith("/validate") or p.endswith("/rate"):
            return False
    return True


class RequestLog:
    def __init__(self, limit=10000):
        self._entries = collections.deque(maxlen=limit)
        self._lock = threading.Lock()
        self._seq = 0

    def add(self, entry):
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._entries.append(entry)

    def entries(self, method=None, path_prefix=None, writes=None):
        with self._lock:
            out = list(self._entries)
        if method:
            out = [e for e in out if e["method"] == method.upper()]
        if path_prefix:
            out = [e for e in out if e["path"].startswith(path_prefix)]
        if writes is not None:
            out = [e for e in out if e["write"] == writes]
        return out

    def clear(self):
        with self._lock:
            self._entries.clear()
