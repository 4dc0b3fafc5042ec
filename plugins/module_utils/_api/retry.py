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

CreateOutcome = namedtuple("CreateOutcome", ["value", "adopted", "attempts"])


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
    """

    def __init__(self, max_attempts=6, max_total=120.0, base=1.0, cap=20.0,
                 clock=time.monotonic, rand=random.random):
        self.max_attempts = max(1, int(max_attempts))
        self.max_total = float(max_total)
        self.base = float(base)
        self.cap = float(cap)
        self.clock = clock
        self.rand = rand

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
                delay = self.next_delay(err, idempotent, attempt, self.clock() - start)
                if delay is None:
                    raise
                sleep(delay)


def create_once(create_fn, find_fn, policy=None, sleep=time.sleep, max_creates=2):
    """Create an object without ever creating it twice.

    ``create_fn()`` sends the (non-idempotent) create and returns its result (usually the uid).
    ``find_fn()`` looks the object up by name and returns its uid, or None.
    After an ambiguous failure (connection reset or timeout after sending, 502, 504) the object
    may exist: look it up first and adopt it; only when it is absent, create again (bounded).
    A 409 on a later attempt also means our earlier attempt went through.
    Returns ``CreateOutcome(value, adopted, attempts)``.
    """
    policy = policy or RetryPolicy()
    start = policy.clock()
    attempt = 0
    while True:
        attempt += 1
        try:
            return CreateOutcome(create_fn(), False, attempt)
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
