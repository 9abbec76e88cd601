"""POST /v1/auth/login (SPEC §5): tokens on success; one 401 for every bad credential, with the same Argon2
work; re-hash when the parameters change."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, extract_parameters

from keel.config import get_settings
from keel.repositories import factory
from tests.conftest import call
from tests.support.auth import GOOD_PASSWORD, authorize, call_as, login, register


def test_login_returns_a_token_pair_and_the_user(aws):
    user = register("ann@example.com").data
    res = login("  ANN@example.com ")
    assert res.status == 200
    data = res.data
    assert set(data) == {"access_token", "refresh_token", "token_type", "expires_in", "user"}
    assert data["token_type"] == "Bearer"
    assert data["expires_in"] == 900
    assert data["user"] == user
    assert res.headers["Cache-Control"] == "no-store"
    # The access token names the new session, which is the refresh token's and belongs to this user
    sid = data["refresh_token"].split(".")[0]
    assert authorize(data["access_token"]) == {"sub": user["id"], "role": "user", "sid": sid}
    session = factory.sessions().get(sid)
    assert session is not None and session.user_id == user["id"] and session.revoked_at is None


@pytest.fixture
def verifications(monkeypatch):
    """Every Argon2 verification as (memory_cost, time_cost, parallelism) of the hash it checked."""
    seen: list[tuple[int, int, int]] = []
    original = PasswordHasher.verify

    def counting(self, hash, password):
        p = extract_parameters(hash if isinstance(hash, str) else hash.decode())
        seen.append((p.memory_cost, p.time_cost, p.parallelism))
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return seen


def test_unknown_email_and_wrong_password_look_the_same_and_cost_the_same(aws, verifications):
    register("ann@example.com")
    verifications.clear()
    wrong = login("ann@example.com", "not-the-password-at-all")
    wrong_work = list(verifications)
    verifications.clear()
    unknown = login("nobody@example.com", "not-the-password-at-all")
    assert wrong.status == unknown.status == 401
    assert wrong.json["error"] == unknown.json["error"]
    assert wrong.headers["WWW-Authenticate"] == unknown.headers["WWW-Authenticate"]
    assert len(wrong_work) == len(verifications) == 1
    assert wrong_work == verifications  # same Argon2 parameters, so the same memory and time


def test_a_deleted_user_cannot_log_in(aws):
    register("gone@example.com")
    assert login("gone@example.com").status == 200
    token = login("gone@example.com").data["access_token"]
    assert call_as("users_me_delete", token).status == 204
    assert login("gone@example.com").status == 401


def test_a_hash_made_with_old_parameters_is_replaced_at_login(aws, monkeypatch):
    monkeypatch.setenv("KEEL_ARGON2_MEMORY_COST", "32")
    get_settings.cache_clear()
    user_id = register("old@example.com").data["id"]
    assert extract_parameters(factory.users().get(user_id).password_hash).memory_cost == 32
    monkeypatch.setenv("KEEL_ARGON2_MEMORY_COST", "64")
    get_settings.cache_clear()
    assert login("old@example.com").status == 200
    rehashed = factory.users().get(user_id).password_hash
    assert extract_parameters(rehashed).memory_cost == 64
    assert login("old@example.com").status == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": "ann@example.com"},
        {"email": "ann@example.com", "password": ""},
        {"email": "ann@example.com", "password": GOOD_PASSWORD, "remember": True},
        {"email": "ann@example.com", "password": "p" * 129},
    ],
)
def test_malformed_login_bodies_are_422(aws, body):
    assert call("auth_login", body=body).status == 422
