"""Login lockout (SPEC §5) with an injected clock: five consecutive failures within 15 minutes lock the email
for 15 minutes, whether or not it has an account; counters expire by TTL."""

from __future__ import annotations

import time

import pytest

from keel.errors import TooManyRequestsError, UnauthorizedError
from keel.models.auth import LoginRequest
from keel.repositories import factory
from keel.services.login import login as login_service
from tests.support.auth import GOOD_PASSWORD, call_as, login, register, signed_in
from tests.support.logs import captured_logs

MINUTE = 60


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def attempt(clock: Clock, email: str, password: str = "not-the-password-at-all") -> str:
    request = LoginRequest(email=email, password=password)
    try:
        login_service(request, users=factory.users(), sessions=factory.sessions(), lockouts=factory.lockouts(),
                      clock=clock)  # fmt: skip
    except UnauthorizedError:
        return "401"
    except TooManyRequestsError as exc:
        return f"429:{exc.retry_after_s}"
    return "200"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_five_failures_lock_the_email_for_fifteen_minutes_whether_or_not_it_exists(aws, clock, email):
    register("ann@example.com")
    for _ in range(4):
        assert attempt(clock, email) == "401"
        clock.now += MINUTE
    assert attempt(clock, email) == "401"  # the fifth failure locks
    assert attempt(clock, email, GOOD_PASSWORD) == "429:900"  # even the right password
    clock.now += 14 * MINUTE
    assert attempt(clock, email, GOOD_PASSWORD) == "429:60"
    clock.now += MINUTE
    assert attempt(clock, email, GOOD_PASSWORD) == ("200" if email == "ann@example.com" else "401")


def test_the_lock_is_keyed_by_the_normalized_email(aws, clock):
    register("ann@example.com")
    for spelling in ["ANN@example.com", " ann@example.com", "Ann@Example.com", "ann@EXAMPLE.COM ", "ann@example.com"]:
        assert attempt(clock, spelling) == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD).startswith("429")


def test_failures_spread_over_more_than_the_window_do_not_lock(aws, clock):
    register("ann@example.com")
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    clock.now += 16 * MINUTE  # the window opened by the first failure has closed
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "200"


def test_a_success_ends_the_streak(aws, clock):
    register("ann@example.com")
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "200"
    assert factory.lockouts().get("ann@example.com") is None
    for _ in range(4):
        assert attempt(clock, "ann@example.com") == "401"
    assert attempt(clock, "ann@example.com", GOOD_PASSWORD) == "200"


def test_the_counter_carries_a_ttl(aws, clock):
    attempt(clock, "ann@example.com")
    item = factory.table().get({"PK": "LOGIN#ann@example.com", "SK": "LOCK"})
    assert item is not None
    assert item["expires_at"] == int(clock.now) + 15 * MINUTE


def test_the_locked_response_is_a_429_with_retry_after_and_one_account_locked_event(aws, capsys):
    register("ann@example.com")
    with captured_logs() as logs:
        for _ in range(5):
            assert login("ann@example.com", "not-the-password-at-all").status == 401
        res = login("ann@example.com")
    assert res.status == 429
    assert res.error_code == "TOO_MANY_REQUESTS"
    assert 890 <= int(res.headers["Retry-After"]) <= 900
    assert len(logs.events("AccountLocked")) == 1
    assert len(logs.events("LoginFailed")) == 5
    assert capsys.readouterr().out.count('"AccountLocked":[1.0]') == 1  # the metric


def test_guessing_the_current_password_on_password_change_counts_too(aws):
    account = signed_in()
    body = {"current_password": "not-the-password-at-all", "new_password": "granite-meadow-lantern-7"}
    for _ in range(5):
        assert call_as("users_me_password", account.access_token, body=body).status == 403
    body["current_password"] = GOOD_PASSWORD
    assert call_as("users_me_password", account.access_token, body=body).status == 429
    assert login(account.email).status == 429
