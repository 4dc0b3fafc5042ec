# -*- coding: utf-8 -*-
# Copyright: (c) 2026, palette.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retry policy for Palette API calls, and a create helper that never retries blindly.

Only ``_client.PaletteApiError`` is retried; its attributes ``status``, ``retry_after``, ``transient`` and
``ambiguous`` drive the decision.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time
from collections import namedtuple

# 429 and 503 mean "not processed": safe to resend any request, even a create.
NOT_PROCESSED_STATUSES = frozenset([429, 503])
# 502 and 504 come from a gateway: the backend may have done the work.
AMBIGUOUS_STATUSES = frozenset([502, 504])
CONFLICT_STATUS = 409
# A read-modify-write (re-read, write, verify) that another writer keeps undoing is tried this many times, then the
# flow fails with a conflict message (settings, tags, node pools, Fargate profiles).
CONFLICT_RETRIES = 3

CreateOutcome = namedtuple("CreateOutcome", ["value", "adopted", "attempts"])


def pause(seconds):
    """The real sleep between attempts (the client's default; tests give a fake clock's sleep instead)."""
    time.sleep(seconds)


def _api_error():
    # Imported late: _client imports this file for its default policy.
    from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError

    return PaletteApiError


def is_ambiguous(err):
    """True when a failed request may still have been carried out by Palette."""
    if getattr(err, "status", None) == 0:
        return bool(getattr(err, "ambiguous", False))
    return getattr(err, "status", None) in AMBIGUOUS_STATUSES


class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts and in total time.

    ``run(call, idempotent)`` calls ``call()`` until it succeeds or the error is final.
    Non-idempotent calls (creates) are retried only when the server says it did not process them.
    A ``Retry-After`` is honoured up to ``max_retry_after`` seconds (and the time left); a server that asks for
    longer gets no retry at all (retrying sooner than asked is pointless), and the error says what it asked.
    """

    def __init__(self, max_attempts=6, max_total=120.0, base=1.0, cap=20.0,
                 clock=time.monotonic, rand=random.random, max_retry_after=60.0):
        self.max_attempts = max(1, int(max_attempts))
        self.max_total = float(max_total)
        self.base = float(base)
        self.cap = float(cap)
        self.clock = clock
        self.rand = rand
        self.max_retry_after = float(max_retry_after)

    def is_retryable(self, err, idempotent):
        status = getattr(err, "status", None)
        if status == 0:
            if not getattr(err, "transient", False):
                return False
            return idempotent or not getattr(err, "ambiguous", True)
        if status in NOT_PROCESSED_STATUSES:
            return True
        return idempotent and status in AMBIGUOUS_STATUSES

    def backoff(self, attempt):
        """Full jitter: uniform in [0, min(cap, base * 2 ** (attempt - 1))]."""
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return ceiling * self.rand()

    def next_delay(self, err, idempotent, attempt, elapsed):
        """Seconds to sleep before attempt ``attempt + 1``, or None to give up."""
        if attempt >= self.max_attempts or not self.is_retryable(err, idempotent):
            return None
        remaining = self.max_total - elapsed
        if remaining <= 0:
            return None
        retry_after = getattr(err, "retry_after", None)
        if retry_after is not None and retry_after > self.max_retry_after:
            return None
        delay = retry_after if retry_after is not None else self.backoff(attempt)
        return max(0.0, min(delay, remaining))

    def run(self, call, idempotent=True, sleep=time.sleep):
        start = self.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                return call()
            except _api_error() as err:
                elapsed = self.clock() - start
                delay = self.next_delay(err, idempotent, attempt, elapsed)
                if delay is None:
                    self.explain(err, attempt, elapsed)
                    raise
                sleep(delay)

    def explain(self, err, attempts, elapsed):
        """Add to the final error what the server asked (Retry-After) and how often it was tried."""
        notes = []
        retry_after = getattr(err, "retry_after", None)
        if retry_after is not None:
            note = "Palette asked to wait %d s before another attempt (Retry-After)" % round(retry_after)
            if retry_after > self.max_retry_after:
                note += ", longer than the %d s this collection waits: run again later" % self.max_retry_after
            notes.append(note)
        if attempts > 1:
            notes.append("gave up after %d attempts in %d s" % (attempts, round(elapsed)))
        if notes and hasattr(err, "message"):
            err.message = "%s; %s" % (err.message, "; ".join(notes))


def find_after_create(find_fn, policy, sleep, why, tries=3):
    """The uid ``find_fn()`` finds for an object Palette accepted but did not name (or not yet shows).

    Palette's search may lag a fresh create: looks ``tries`` times with the policy's backoff in between, then
    raises PaletteApiError (``CreateUnconfirmed``) saying ``why`` it looked.
    """
    for attempt in range(1, tries + 1):
        found = find_fn()
        if found:
            return found
        if attempt < tries:
            sleep(policy.backoff(attempt))
    raise _api_error()(0, "CreateUnconfirmed", "%s, and no object of that name was found afterwards: check in "
                                               "Palette whether it exists, then run again" % why)


def create_once(create_fn, find_fn, policy=None, sleep=time.sleep, max_creates=2, confirm_fn=None):
    """Create an object without ever creating it twice.

    ``create_fn()`` sends the (non-idempotent) create and returns its result (usually the uid).
    ``find_fn()`` looks the object up by name and returns its uid, or None.
    After an ambiguous failure (connection reset or timeout after sending, 502, 504) the object
    may exist: look it up first and adopt it; only when it is absent, create again (bounded).
    A 409 on a later attempt also means our earlier attempt went through.
    A create accepted without a uid in its answer is looked up by name (``find_after_create``); so is one whose
    uid ``confirm_fn(uid)`` cannot read (False: a 404 right after the create).
    Returns ``CreateOutcome(value, adopted, attempts)``.
    """
    policy = policy or RetryPolicy()
    start = policy.clock()
    attempt = 0
    while True:
        attempt += 1
        try:
            value = create_fn()
        except _api_error() as err:
            ambiguous = is_ambiguous(err)
            conflict = attempt > 1 and getattr(err, "status", None) == CONFLICT_STATUS
            if not (ambiguous or conflict):
                raise
            found = find_fn()
            if found:
                return CreateOutcome(found, True, attempt)
            if conflict or attempt >= max_creates:
                raise
            delay = policy.next_delay(err, True, attempt, policy.clock() - start)
            if delay is None:
                raise
            sleep(delay)
            continue
        if not value:
            value = find_after_create(find_fn, policy, sleep, "Palette accepted the create but its answer has no uid")
        elif confirm_fn is not None and not confirm_fn(value):
            value = find_after_create(find_fn, policy, sleep, "Palette accepted the create (uid %s) but a read of it "
                                                              "answered 404" % value)
        return CreateOutcome(value, False, attempt)
