# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api.errors import PaletteApiError, PaletteConnectionError
from ansible_collections.palette.aws.plugins.module_utils._api.retry import (
    RetryPolicy,
    create_once,
    is_ambiguous,
)
from ansible_collections.palette.aws.tests.unit.plugins.module_utils.fakes import FakeClock


def api(status, retry_after=None):
    return PaletteApiError(status, "X", "m", method="POST", path="/v1/p", retry_after=retry_after)


RESET = PaletteConnectionError("ConnectionReset", "reset", transient=True, ambiguous=True)
REFUSED = PaletteConnectionError("ConnectionError", "refused")


def failing(errors, result="ok"):
    """A call that raises ``errors`` in turn, then returns ``result``; counts its calls."""
    errors = list(errors)

    def call():
        call.count += 1
        if errors:
            raise errors.pop(0)
        return result

    call.count = 0
    return call


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def policy(clock):
    return RetryPolicy(clock=clock, rand=lambda: 1.0)


@pytest.mark.parametrize("err, idempotent, expected", [
    (api(429), False, True),
    (api(503), False, True),
    (api(502), False, False),
    (api(504), False, False),
    (api(502), True, True),
    (api(504), True, True),
    (api(500), True, False),
    (api(400), True, False),
    (api(404), True, False),
    (RESET, True, True),
    (RESET, False, False),
    (REFUSED, True, False),
])
def test_what_is_retried(policy, err, idempotent, expected):
    assert policy.is_retryable(err, idempotent) is expected


def test_ambiguity():
    assert is_ambiguous(api(502)) and is_ambiguous(api(504)) and is_ambiguous(RESET)
    assert not is_ambiguous(api(503)) and not is_ambiguous(api(500)) and not is_ambiguous(REFUSED)


def test_backoff_grows_to_the_cap_with_full_jitter(policy):
    assert [policy.backoff(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 20, 20]
    half = RetryPolicy(rand=lambda: 0.5)
    assert half.backoff(3) == 2.0


def test_retry_after_wins_over_backoff_but_not_over_the_budget(policy):
    assert policy.next_delay(api(429, retry_after=7), False, 1, 0) == 7
    assert policy.next_delay(api(429, retry_after=30), False, 1, 110) == 10
    assert policy.next_delay(api(429, retry_after=1), False, 1, 120) is None


def test_run_succeeds_after_transient_errors(policy, clock):
    call = failing([api(503), RESET])
    assert policy.run(call, idempotent=True, sleep=clock.sleep) == "ok"
    assert call.count == 3 and clock.sleeps == [1, 2]


def test_run_bounds_attempts(clock):
    policy = RetryPolicy(max_attempts=4, clock=clock, rand=lambda: 1.0)
    call = failing([api(503)] * 10)
    with pytest.raises(PaletteApiError):
        policy.run(call, sleep=clock.sleep)
    assert call.count == 4


def test_run_bounds_total_time(clock):
    policy = RetryPolicy(max_attempts=100, max_total=30, clock=clock, rand=lambda: 1.0)
    call = failing([api(429, retry_after=10)] * 100)
    with pytest.raises(PaletteApiError):
        policy.run(call, sleep=clock.sleep)
    assert clock.now <= 30
    assert call.count == 4  # t=0, 10, 20, 30 -> budget spent


def test_run_does_not_retry_final_errors(policy, clock):
    call = failing([api(500)])
    with pytest.raises(PaletteApiError):
        policy.run(call, sleep=clock.sleep)
    assert call.count == 1 and clock.sleeps == []


def test_run_lets_non_api_errors_through(policy, clock):
    call = failing([KeyError("bug")])
    with pytest.raises(KeyError):
        policy.run(call, sleep=clock.sleep)
    assert call.count == 1


def test_create_once_adopts_after_an_ambiguous_failure(policy, clock):
    create = failing([api(504)], result="new")
    found = []
    outcome = create_once(create, lambda: found.append(1) or "existing-uid", policy, clock.sleep)
    assert outcome == ("existing-uid", True, 1)
    assert create.count == 1 and found == [1]


def test_create_once_retries_when_nothing_was_created(policy, clock):
    create = failing([RESET], result="new-uid")
    outcome = create_once(create, lambda: None, policy, clock.sleep)
    assert outcome.value == "new-uid" and not outcome.adopted and outcome.attempts == 2
    assert create.count == 2 and clock.sleeps == [1]


def test_create_once_never_looks_up_after_a_clear_failure(policy, clock):
    create = failing([api(400)])
    with pytest.raises(PaletteApiError):
        create_once(create, lambda: pytest.fail("no lookup expected"), policy, clock.sleep)
    assert create.count == 1


def test_create_once_adopts_on_conflict_after_a_lost_answer(policy, clock):
    lookups = iter([None, "late-uid"])  # not visible yet, then visible
    create = failing([api(502), api(409)])
    outcome = create_once(create, lambda: next(lookups), policy, clock.sleep)
    assert outcome == ("late-uid", True, 2)


def test_create_once_is_bounded(policy, clock):
    create = failing([api(502)] * 5)
    with pytest.raises(PaletteApiError):
        create_once(create, lambda: None, policy, clock.sleep)
    assert create.count == 2


# -- issue 12 item 4: Retry-After cap, what the final error says, creates answered without a uid ----------------

def test_a_huge_retry_after_is_not_waited_and_the_error_says_what_the_server_asked(policy, clock):
    call = failing([api(429, retry_after=3600)])
    with pytest.raises(PaletteApiError) as info:
        policy.run(call, sleep=clock.sleep)
    assert call.count == 1 and clock.sleeps == []
    assert "Palette asked to wait 3600 s before another attempt (Retry-After), longer than the 60 s" in str(info.value)
    assert "run again later" in str(info.value)


def test_retry_after_up_to_the_cap_is_honoured_and_reported_when_attempts_run_out(clock):
    policy = RetryPolicy(max_attempts=3, clock=clock, rand=lambda: 1.0)
    call = failing([api(503, retry_after=60)] * 3)
    with pytest.raises(PaletteApiError) as info:
        policy.run(call, sleep=clock.sleep)
    assert clock.sleeps == [60, 60]
    assert "Palette asked to wait 60 s" in str(info.value) and "gave up after 3 attempts in 120 s" in str(info.value)
    assert RetryPolicy(max_retry_after=5).next_delay(api(429, retry_after=6), True, 1, 0) is None


def test_create_without_a_uid_is_looked_up_by_name(policy, clock):
    lookups = iter([None, "late-uid"])  # the search shows the new object on the second look
    outcome = create_once(failing([], result=None), lambda: next(lookups), policy, clock.sleep)
    assert outcome == ("late-uid", False, 1) and clock.sleeps == [1]


def test_create_without_a_uid_that_cannot_be_found_fails_clearly(policy, clock):
    create = failing([], result=None)
    with pytest.raises(PaletteApiError) as info:
        create_once(create, lambda: None, policy, clock.sleep)
    assert info.value.code == "CreateUnconfirmed" and "answer has no uid" in str(info.value)
    assert create.count == 1  # never sent twice


def test_a_404_right_after_a_create_leads_to_a_lookup_by_name(policy, clock):
    outcome = create_once(failing([], result="uid-1"), lambda: "uid-2", policy, clock.sleep,
                          confirm_fn=lambda uid: False)
    assert outcome == ("uid-2", False, 1)
    confirmed = create_once(failing([], result="uid-1"), lambda: pytest.fail("no lookup"), policy, clock.sleep,
                            confirm_fn=lambda uid: uid == "uid-1")
    assert confirmed.value == "uid-1"
