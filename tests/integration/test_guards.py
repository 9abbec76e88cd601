"""Guards that a planted bug once slipped past (issue 9): each test here fails with that bug and passes without."""

from __future__ import annotations

import base64
import json

import pytest

from keel.auth import passwords
from keel.errors import BadRequestError
from keel.models.auth import LoginRequest
from keel.pagination import decode_cursor, encode_cursor
from keel.repositories import factory
from keel.services.login import login
from tests.conftest import call
from tests.support.auth import GOOD_PASSWORD, call_as, signed_in

pytestmark = pytest.mark.usefixtures("aws")


def test_an_authorizer_context_without_a_role_is_refused_not_defaulted():
    account = signed_in()
    res = call("users_me_get", authorizer={"sub": account.user_id, "sid": account.session_id})
    assert res.status == 401


@pytest.mark.parametrize("role", ["", "root", None])
def test_an_authorizer_context_with_an_unknown_role_is_refused(role):
    account = signed_in()
    res = call("users_me_get", authorizer={"sub": account.user_id, "sid": account.session_id, "role": role})
    assert res.status == 401


def test_a_password_write_is_conditional_on_the_hash_it_replaces():
    # Given a user whose password changed after a login read the old hash
    account = signed_in()
    users = factory.users()
    old = users.get(account.user_id)
    assert old is not None
    assert users.update(account.user_id, {"password_hash": passwords.hash_password("a-brand-new-passphrase")})
    # When the login's re-hash writes a hash of the OLD password, conditional on the old hash
    restored = users.update(account.user_id, {"password_hash": old.password_hash}, expected_hash=old.password_hash)
    # Then nothing is written: the old password stays dead
    assert restored is None
    assert passwords.verify_password(users.get(account.user_id).password_hash, "a-brand-new-passphrase")  # type: ignore[union-attr]


def test_a_login_rehash_racing_a_password_change_never_restores_the_old_password(monkeypatch):
    # Given a hash made with other parameters (so login re-hashes), and a password change landing meanwhile
    account = signed_in()
    users = factory.users()
    monkeypatch.setattr(passwords, "needs_rehash", lambda _hash: True)
    real_find = users.find_by_email

    def find_then_change(email):
        found = real_find(email)
        users.update(account.user_id, {"password_hash": passwords.hash_password("the-changed-passphrase")})
        return found

    monkeypatch.setattr(users, "find_by_email", find_then_change)
    login(LoginRequest(email=account.email, password=GOOD_PASSWORD), users=users, sessions=factory.sessions(),
          lockouts=factory.lockouts())  # fmt: skip
    stored = factory.users().get(account.user_id)
    assert stored is not None and passwords.verify_password(stored.password_hash, "the-changed-passphrase")
    assert not passwords.verify_password(stored.password_hash, GOOD_PASSWORD)


def test_a_soft_deleted_user_cannot_be_updated():
    account = signed_in()
    users = factory.users()
    user = users.get(account.user_id)
    assert user is not None and users.soft_delete(user, "2026-11-28T00:00:00Z")
    assert users.update(account.user_id, {"name": "Ghost"}) is None
    assert users.update(account.user_id, {}, revoke_sessions=True) is None
    stored = users.get(account.user_id)
    assert stored is not None and stored.name != "Ghost"


def test_deleting_a_user_bumps_the_session_epoch():
    account = signed_in()
    users = factory.users()
    before = users.get(account.user_id)
    assert before is not None and users.soft_delete(before, "2026-11-28T00:00:00Z")
    after = users.get(account.user_id)
    assert after is not None and after.session_epoch == before.session_epoch + 1


def test_an_authenticated_get_on_a_public_route_is_no_store():
    account = signed_in()
    anonymous = call("posts_list")
    authenticated = call_as("posts_list", account.access_token)
    assert anonymous.headers["Cache-Control"] == "no-cache"
    assert authenticated.headers["Cache-Control"] == "no-store"


def test_a_cursor_with_a_valid_payload_and_an_empty_or_truncated_signature_is_refused():
    cursor = encode_cursor({"PK": "USER#x", "SK": "PROFILE"}, "users")
    assert cursor is not None and decode_cursor(cursor, "users") == {"PK": "USER#x", "SK": "PROFILE"}
    payload, signature = cursor.split(".")
    for forged in (f"{payload}.", f"{payload}.{signature[:10]}", f"{payload}.{signature[:-1]}"):
        with pytest.raises(BadRequestError):
            decode_cursor(forged, "users")
    unsigned_payload = base64.urlsafe_b64encode(json.dumps({"s": "users", "k": {"PK": "x"}}).encode()).decode()
    with pytest.raises(BadRequestError):
        decode_cursor(unsigned_payload.rstrip("=") + ".", "users")
