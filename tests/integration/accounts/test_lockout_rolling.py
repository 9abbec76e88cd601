"""Lockout, the rolling window (SPEC §5): any five failures within 15 minutes lock, wherever they fall, and
failures keep counting after a window or a lock has expired."""

from __future__ import annotations

import pytest

from tests.integration.accounts.test_lockout import MINUTE, Clock, attempt
from tests.support.auth import GOOD_PASSWORD, login, register
from tests.support.faults import hooked

WINDOW = 15 * MINUTE


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_seven_failures_in_thirty_one_seconds_across_the_first_failures_window_edge_lock(aws, clock):
    # Given one failure, then six more 31 seconds around the moment its 15-minute window ends
    register("ann@example.com")
    assert attempt(clock, "ann@example.com") == "401"
    clock.now += WINDOW - 15
    results = []
    for _ in range(6):
        results.append(attempt(clock, "ann@example.com"))
        clock.now += 5
    # Then five of them inside one rolling window locked the email
    assert results[:5] == ["401"] * 5
    assert results[5].startswith("429")
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD).startswith("429")


def test_a_failure_exactly_one_window_after_the_first_is_outside_its_window(aws, clock):
    # Given four failures at t0 and one exactly 15 minutes later
    register("ann@example.com")
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    clock.now += WINDOW
    assert attempt(clock, "ann@example.com") == "401"
    # Then only one failure is in the window: the right password still works
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "200"


def test_a_failure_one_second_inside_the_window_locks(aws, clock):
    register("ann@example.com")
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    clock.now += WINDOW - 1
    assert attempt(clock, "ann@example.com") == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "429:900"


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_failures_still_count_after_a_lock_has_expired(aws, clock, email):
    # Given an email locked once, and the lock over
    register("ann@example.com")
    for _ in range(5):
        assert attempt(clock, email) == "401"
    clock.now += WINDOW
    # When five more failures follow
    for _ in range(5):
        assert attempt(clock, email) == "401"
    # Then it is locked again (guessing never becomes unlimited until TTL deletes the item)
    assert attempt(clock, email, GOOD_PASSWORD) == "429:900"


def test_failures_still_count_after_an_unlocked_window_has_expired(aws, clock):
    register("ann@example.com")
    for _ in range(3):
        assert attempt(clock, "ann@example.com") == "401"
    clock.now += WINDOW + 60
    for _ in range(5):
        assert attempt(clock, "ann@example.com") == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "429:900"


def test_the_happy_path_costs_one_round_trip_more_than_without_the_lockout(aws):
    # Given a user with no failed attempts (and current Argon2 parameters, so no re-hash)
    register("ann@example.com")
    calls: list[str] = []
    with hooked("before-call", lambda model, **_: calls.append(model.name)):
        assert login("ann@example.com").status == 200
    # Then DynamoDB sees: reserve (instead of the former read), claim, user, clear, session
    dynamodb = [c for c in calls if c != "GetSecretValue"]  # the signing key, read once per container
    assert dynamodb == ["PutItem", "GetItem", "GetItem", "DeleteItem", "PutItem"]
