# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.palette.aws.plugins.module_utils._api.waiter import (
    WaitFailed,
    WaitTimeout,
    poll_cap,
    state_of,
    wait_for,
)


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds > 0
        self.sleeps.append(seconds)
        self.now += seconds


def cluster(state):
    return {"metadata": {"uid": "c1"}, "status": {"state": state}}


def states(*sequence):
    """fetch() returning clusters in the given states, repeating the last one."""
    items = list(sequence)

    def fetch():
        return cluster(items.pop(0) if len(items) > 1 else items[0])

    return fetch


def running(value):
    return state_of(value) == "Running"


@pytest.fixture
def clock():
    return FakeClock()


def test_returns_value_history_polls_elapsed(clock):
    result = wait_for(states("Pending", "Provisioning", "Provisioning", "Running"), running,
                      timeout=600, clock=clock, sleep=clock.sleep)
    assert state_of(result.value) == "Running"
    assert result.history == ["Pending", "Provisioning", "Running"]
    assert result.polls == 4
    assert result.elapsed == clock.now == 2 + 3 + 4.5


def test_interval_grows_to_the_cap(clock):
    with pytest.raises(WaitTimeout):
        wait_for(states("Provisioning"), running, timeout=200, max_interval=10, clock=clock, sleep=clock.sleep)
    assert clock.sleeps[:6] == [2, 3, 4.5, 6.75, 10, 10]
    assert max(clock.sleeps) == 10


def test_timeout_reports_last_state_and_never_overshoots(clock):
    with pytest.raises(WaitTimeout) as info:
        wait_for(states("Pending", "Provisioning"), running, timeout=100, clock=clock, sleep=clock.sleep,
                 what="cluster demo to be Running")
    err = info.value
    assert clock.now == 100  # the last pause is cut to land on the deadline, then one last poll
    assert err.last_state == "Provisioning" and err.history == ["Pending", "Provisioning"]
    assert state_of(err.last) == "Provisioning"
    assert "cluster demo to be Running" in str(err) and "last state: Provisioning" in str(err)
    assert "Pending -> Provisioning" in str(err)


def test_ten_minute_wait_polls_at_most_40_times(clock):
    polls = []

    def fetch():
        polls.append(clock.now)
        return cluster("Provisioning")

    with pytest.raises(WaitTimeout):
        wait_for(fetch, running, timeout=600, clock=clock, sleep=clock.sleep)
    assert len(polls) <= 40
    assert polls[-1] == 600
    assert clock.sleeps[0] == 2  # still quick at the start


def test_hour_wait_stays_responsive(clock):
    with pytest.raises(WaitTimeout):
        wait_for(states("Provisioning"), running, timeout=3600, clock=clock, sleep=clock.sleep)
    assert max(clock.sleeps) <= 30


def test_poll_cap():
    assert poll_cap(None, 60) == 15
    assert poll_cap(None, 600) == 20
    assert poll_cap(None, 7200) == 30
    assert poll_cap(5, 7200) == 5.0


def test_failed_stops_early(clock):
    def failed(value):
        return "cluster is %s" % state_of(value) if state_of(value) == "Failed" else None

    with pytest.raises(WaitFailed) as info:
        wait_for(states("Provisioning", "Failed"), running, failed=failed, timeout=600,
                 clock=clock, sleep=clock.sleep)
    assert "cluster is Failed" in str(info.value)
    assert info.value.history == ["Provisioning", "Failed"] and clock.now == 2


def test_progress_and_absent_values(clock):
    seen = []
    values = iter([cluster("Deleting"), None])
    result = wait_for(lambda: next(values), lambda v: v is None, timeout=60, clock=clock, sleep=clock.sleep,
                      progress=lambda value, elapsed: seen.append((state_of(value), elapsed)))
    assert result.value is None and result.history == ["Deleting", "absent"]
    assert seen == [("Deleting", 0), ("absent", 2)]


def test_done_at_first_poll_does_not_sleep(clock):
    result = wait_for(states("Running"), running, timeout=60, clock=clock, sleep=clock.sleep)
    assert result.polls == 1 and clock.sleeps == []


def test_state_of_shapes():
    assert state_of({"state": "ACTIVE"}) == "ACTIVE"
    assert state_of("Ready") == "Ready"
    assert state_of({"status": {}}) is None
    assert state_of(None) == "absent"
