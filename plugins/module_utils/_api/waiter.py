# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Poll until a condition holds: monotonic clock, a schedule of pauses (``Schedule``), never past the deadline.

The one waiter of every Palette wait (issue 10 item 4); ``PaletteModule.wait`` calls it with the module's options.
The schedule (issue 15 item 4) starts quick, grows, polls again soon after a state change, and, when the caller
knows how long the operation usually takes (``expected``), saves polls far from that time to spend them around it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections import namedtuple

DEFAULT_MAX_INTERVAL = 15.0
# Unless the caller fixes the cap, a long wait polls at most about this many times...
TARGET_POLLS = 30.0
# ...but never less often than this, so a finished operation is noticed quickly.
LONGEST_AUTO_INTERVAL = 30.0
# With an expected duration E: the end is looked for in [E * (1 - NEAR_SPREAD), E * (1 + NEAR_SPREAD)] ...
NEAR_SPREAD = 0.2
# ... every NEAR_INTERVAL seconds (at most the cap); before that window pauses may grow to FAR_FACTOR x the cap.
NEAR_INTERVAL = 15.0
FAR_FACTOR = 2.0
# After a state change the next pause is at most this long: the next change often follows soon.
AFTER_CHANGE_INTERVAL = 10.0

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


class Schedule:
    """The pauses between polls.

    Without a hint: ``initial`` seconds, growing by ``factor`` up to ``cap`` (``poll_cap``). After a state change
    the growth restarts from at most AFTER_CHANGE_INTERVAL. With ``expected`` (seconds the operation usually
    takes) and an automatic cap: before the window around ``expected`` pauses may grow to FAR_FACTOR x cap but
    never jump past the window's start; inside the window they are at most NEAR_INTERVAL; after it, the usual cap.
    A cap the user fixed (``wait_sleep``) is never exceeded.
    """

    def __init__(self, timeout, initial=2.0, factor=1.5, max_interval=None, expected=None):
        self.cap = poll_cap(max_interval, timeout)
        self.factor = float(factor)
        self.interval = min(float(initial), self.cap)
        self.far_cap = self.cap if max_interval or not expected else self.cap * FAR_FACTOR
        self.window = None
        if expected:
            self.window = (float(expected) * (1 - NEAR_SPREAD), float(expected) * (1 + NEAR_SPREAD))

    def pause(self, elapsed, changed=False):
        """Seconds to sleep after a poll made ``elapsed`` seconds into the wait (``changed``: it saw a new state)."""
        if changed:
            self.interval = min(self.interval, AFTER_CHANGE_INTERVAL)
        pause = self.interval
        if self.window is not None and elapsed < self.window[0]:
            pause = min(pause, self.window[0] - elapsed)  # land on the window's start
            self.interval = min(self.far_cap, self.interval * self.factor)
        elif self.window is not None and elapsed <= self.window[1]:
            pause = min(pause, NEAR_INTERVAL)
            self.interval = min(self.cap, self.interval * self.factor)
        else:
            pause = min(pause, self.cap)
            self.interval = min(self.cap, max(self.interval, pause) * self.factor)
        return max(pause, 0.1)


def _record(history, state):
    """Append ``state`` when it differs from the last one; True when it did (a state change)."""
    if state is not None and (not history or history[-1] != state):
        history.append(state)
        return True
    return False


def _timeout_message(what, timeout, history):
    text = "timed out after %s s waiting for %s" % (int(timeout), what)
    if history:
        text += "; last state: %s (states seen: %s)" % (history[-1], " -> ".join(history))
    return text


def wait_for(fetch, done, failed=None, timeout=600, initial_interval=2.0, max_interval=None,
             factor=1.5, progress=None, clock=time.monotonic, sleep=time.sleep,
             describe=state_of, what="the operation", expected=None):
    """Call ``fetch()`` until ``done(value)``; return ``WaitResult(value, elapsed, polls, history)``.

    ``failed(value)`` may return a message to stop at once (raises WaitFailed).
    ``progress(value, elapsed)`` is called after every poll. On timeout raises WaitTimeout with the
    last value and the distinct states seen in order (``describe(value)`` names a state).
    The first poll is immediate; pauses follow ``Schedule(timeout, initial_interval, factor, max_interval,
    expected)``; the last pause is cut short to poll once at the deadline.
    """
    start = clock()
    deadline = start + timeout
    schedule = Schedule(timeout, initial_interval, factor, max_interval, expected)
    history, polls = [], 0
    while True:
        value = fetch()
        polls += 1
        now = clock()
        changed = _record(history, describe(value)) and len(history) > 1
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
        sleep(min(schedule.pause(now - start, changed), remaining))
