# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Poll until a condition holds: monotonic clock, growing interval, never past the deadline."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections import namedtuple

DEFAULT_MAX_INTERVAL = 15.0
# Unless the caller fixes the cap, a long wait polls at most about this many times...
TARGET_POLLS = 30.0
# ...but never less often than this, so a finished operation is noticed quickly.
LONGEST_AUTO_INTERVAL = 30.0

WaitResult = namedtuple("WaitResult", ["value", "elapsed", "polls", "history"])


class WaitError(Exception):
    """Base of wait failures; carries the last fetched value and the states seen."""

    def __init__(self, message, last=None, history=None, elapsed=0.0):
        super(WaitError, self).__init__(message)
        self.message = message
        self.last = last
        self.history = list(history or [])
        self.elapsed = elapsed

    @property
    def last_state(self):
        return self.history[-1] if self.history else None


class WaitTimeout(WaitError):
    """The deadline passed before ``done`` held."""


class WaitFailed(WaitError):
    """``failed`` reported a state that will not recover (no point waiting longer)."""


def state_of(value):
    """Best-effort state label of a Palette object: ``status.state``, ``state``, or 'absent'."""
    if value is None:
        return "absent"
    if isinstance(value, dict):
        status = value.get("status")
        if isinstance(status, dict) and status.get("state"):
            return str(status["state"])
        if value.get("state"):
            return str(value["state"])
        return None
    return value if isinstance(value, str) else None


def poll_cap(max_interval, timeout):
    """Longest pause between polls. Auto (None): grows with the timeout to bound the poll count."""
    if max_interval:
        return float(max_interval)
    return max(DEFAULT_MAX_INTERVAL, min(float(timeout) / TARGET_POLLS, LONGEST_AUTO_INTERVAL))


def _record(history, state):
    if state is not None and (not history or history[-1] != state):
        history.append(state)


def _timeout_message(what, timeout, history):
    text = "timed out after %s s waiting for %s" % (int(timeout), what)
    if history:
        text += "; last state: %s (states seen: %s)" % (history[-1], " -> ".join(history))
    return text


def wait_for(fetch, done, failed=None, timeout=600, initial_interval=2.0, max_interval=None,
             factor=1.5, progress=None, clock=time.monotonic, sleep=time.sleep,
             describe=state_of, what="the operation"):
    """Call ``fetch()`` until ``done(value)``; return ``WaitResult(value, elapsed, polls, history)``.

    ``failed(value)`` may return a message to stop at once (raises WaitFailed).
    ``progress(value, elapsed)`` is called after every poll. On timeout raises WaitTimeout with the
    last value and the distinct states seen in order (``describe(value)`` names a state).
    The first poll is immediate; pauses start at ``initial_interval`` and grow by ``factor`` up to
    ``poll_cap(max_interval, timeout)``; the last pause is cut short to poll once at the deadline.
    """
    start = clock()
    deadline = start + timeout
    cap = poll_cap(max_interval, timeout)
    interval = min(float(initial_interval), cap)
    history, polls = [], 0
    while True:
        value = fetch()
        polls += 1
        now = clock()
        _record(history, describe(value))
        if progress is not None:
            progress(value, now - start)
        if done(value):
            return WaitResult(value, now - start, polls, history)
        message = failed(value) if failed is not None else None
        if message:
            raise WaitFailed("stopped waiting for %s: %s" % (what, message), value, history, now - start)
        remaining = deadline - now
        if remaining <= 0:
            raise WaitTimeout(_timeout_message(what, timeout, history), value, history, now - start)
        sleep(min(interval, remaining))
        interval = min(cap, interval * factor)
