"""Lockout under parallel guessing (SPEC §5): however many wrong guesses arrive at once, at most five are
checked against the password per window. Threads run the real login service in parallel against the emulator
(its DynamoDB backend serialized, so conditional writes are atomic as on DynamoDB)."""

from __future__ import annotations

import threading

import pytest

from keel.auth import passwords
from keel.errors import TooManyRequestsError, UnauthorizedError
from keel.models.auth import LoginRequest
from keel.repositories import factory
from keel.services.login import login
from tests.integration.accounts.test_concurrency import race
from tests.support.auth import GOOD_PASSWORD, register


@pytest.fixture
def verifications(monkeypatch) -> list[int]:
    """Counts Argon2 verifications (password checks), whichever thread makes them."""
    counted: list[int] = []
    lock = threading.Lock()
    real = passwords.verify_password

    def counting(stored_hash, password):
        with lock:
            counted.append(1)
        return real(stored_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return counted


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_twenty_simultaneous_wrong_guesses_get_at_most_five_password_checks(aws, verifications, email):
    # Given an email (with or without an account)
    register("ann@example.com")
    verifications.clear()

    # When 20 wrong guesses for it arrive at the same moment
    def guess(i: int) -> object:
        request = LoginRequest(email=email, password=f"wrong-guess-number-{i}")
        return login(request, users=factory.users(), sessions=factory.sessions(), lockouts=factory.lockouts())

    results = race(20, guess)

    # Then at most five were checked against a hash; every other one was refused with 429 unchecked
    assert len(verifications) <= 5
    assert sum(isinstance(r, UnauthorizedError) for r in results) == len(verifications)
    assert all(isinstance(r, UnauthorizedError | TooManyRequestsError) for r in results)
    # And the email is now locked, even for the right password
    with pytest.raises(TooManyRequestsError):
        login(LoginRequest(email=email, password=GOOD_PASSWORD), users=factory.users(),
              sessions=factory.sessions(), lockouts=factory.lockouts())  # fmt: skip
