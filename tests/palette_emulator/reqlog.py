"""Request log (admin routes excluded, API keys never recorded) and the write classification."""

import collections
import threading

# POST endpoints that do not change state (counted as reads by ``writes()``):
#   /v1/dashboard/spectroclusters/search, /v1/dashboard/clusterprofiles, /v1/dashboard/projects (filters),
#   /v1/auth/authenticate, and every path ending in /validate, /validate/repave or /rate.
READ_ONLY_POSTS = ("/v1/dashboard/spectroclusters/search", "/v1/dashboard/clusterprofiles", "/v1/dashboard/projects",
                   "/v1/auth/authenticate")


def is_write(method, path):
    method = method.upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    if method == "POST":
        p = path.rstrip("/")
        if p in READ_ONLY_POSTS or p.endswith("/validate") or p.endswith("/rate") or p.endswith("/validate/repave"):
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

    @property
    def last_seq(self):
        return self._seq

    def entries(self, method=None, path_prefix=None, writes=None, since=None):
        """Entries (oldest first), optionally only those with ``seq > since`` - cheap for long runs: the deque is
        walked from the end and stops at ``since``."""
        with self._lock:
            if since is None:
                out = list(self._entries)
            else:
                out = []
                for e in reversed(self._entries):
                    if e["seq"] <= since:
                        break
                    out.append(e)
                out.reverse()
        if method:
            out = [e for e in out if e["method"] == method.upper()]
        if path_prefix:
            out = [e for e in out if e["path"].startswith(path_prefix)]
        if writes is not None:
            out = [e for e in out if e["write"] == writes]
        return out

    def count(self, method=None, path_prefix=None, writes=None, since=None):
        return len(self.entries(method, path_prefix, writes, since))

    def clear(self):
        with self._lock:
            self._entries.clear()
