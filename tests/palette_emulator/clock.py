"""Injectable clock: wall time plus an offset that the admin API can advance."""

import threading
import time


class Clock:
    def __init__(self, base=None):
        self._base = base or time.time
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            return self._base() + self._offset

    def advance(self, seconds):
        with self._lock:
            self._offset += float(seconds)
            return self._offset

    @property
    def offset(self):
        return self._offset
