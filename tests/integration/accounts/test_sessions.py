"""Sessions (SPEC §5): refresh rotation and reuse detection, and every revocation path killing access tokens
through the authorizer; idle and absolute expiry with an injected clock."""

from __future__ import annotations

import time

import pytest

from keel.auth.permissions import Role
from keel.config import get_settings
from keel.errors import UnauthorizedError
from keel.repositories import factory
from keel.services import sessions as service
from tests.conftest import call
from tests.support.auth import GOOD_PASSWORD, authorize, call_as, login, signed_in


def refresh(token: str):
    return call("auth_refresh", body={"refresh_token": token})


def test_refresh_rotates_the_token_and_keeps_the_session(aws):
    account = signed_in()
    res = refresh(account.refresh_token)
    assert res.status == 200
    pair = res.data
    assert set(pair) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert pair["refresh_token"] != account.refresh_token
    assert pair["refresh_token"].split(".")[0] == account.session_id
    assert authorize(pair["access_token"]) == {"sub": account.user_id, "role": "user", "sid": account.session_id}
    assert refresh(pair["refresh_token"]).status == 200


def test_presenting_a_rotated_token_revokes_the_whole_session(aws, capsys):
    # capsys: the metric (EMF) lines are printed to stdout
    account = signed_in()
    rotated = refresh(account.refresh_token).data
    # When the old token is presented again (a thief, or the victim after the thief)
    res = refresh(account.refresh_token)
    # Then it fails, and so does everything the session had issued
    assert res.status == 401
    assert refresh(rotated["refresh_token"]).status == 401
    assert authorize(rotated["access_token"]) is None
    assert authorize(account.access_token) is None
    assert '"RefreshReuseDetected":[1.0]' in capsys.readouterr().out
    # while the user's other sessions live on
    assert login(account.email).status == 200


@pytest.mark.parametrize(
    "token", ["garbage", "01JSEED000000000000000S001.x", "a.b.c", "01JSEED000000000000000S001." + "a" * 43]
)
def test_unknown_or_malformed_refresh_tokens_are_401(aws, token):
    assert refresh(token).status == 401


def test_an_empty_refresh_token_breaks_the_schema(aws):
    res = refresh("")
    assert res.status == 422
    assert res.json["error"]["details"][0]["field"] == "refresh_token"


def test_an_access_token_is_not_a_refresh_token(aws):
    account = signed_in()
    assert refresh(account.access_token).status == 401


def test_logout_ends_the_session_and_its_access_tokens(aws):
    account, other = signed_in(), signed_in()
    res = call("auth_logout", body={"refresh_token": account.refresh_token})
    assert res.status == 204 and res.text == ""
    assert authorize(account.access_token) is None
    assert refresh(account.refresh_token).status == 401
    assert authorize(other.access_token) is not None


def test_logout_of_an_unknown_token_is_still_204(aws):
    assert call("auth_logout", body={"refresh_token": "not-a-token"}).status == 204
    assert call("auth_logout", body={"refresh_token": "01JSEED000000000000000S001." + "a" * 43}).status == 204


def test_logout_all_ends_every_session_of_the_caller_only(aws):
    first = signed_in()
    second_login = login(first.email).data
    bystander = signed_in()
    assert call_as("auth_logout_all", first.access_token).status == 204
    for token in (first.access_token, second_login["access_token"]):
        assert authorize(token) is None
    assert refresh(second_login["refresh_token"]).status == 401
    assert authorize(bystander.access_token) is not None
    assert login(first.email).status == 200  # signing in again works


def test_a_password_change_ends_every_session(aws):
    account = signed_in()
    other_session = login(account.email).data
    body = {"current_password": GOOD_PASSWORD, "new_password": "granite-meadow-lantern-7"}
    assert call_as("users_me_password", account.access_token, body=body).status == 204
    assert authorize(account.access_token) is None
    assert authorize(other_session["access_token"]) is None
    assert refresh(other_session["refresh_token"]).status == 401
    assert login(account.email).status == 401
    assert login(account.email, "granite-meadow-lantern-7").status == 200


def test_a_role_change_ends_the_users_sessions_and_the_new_role_applies_at_once(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    res = call_as("users_role", admin.access_token, path_params={"user_id": user.user_id}, body={"role": "admin"})
    assert res.status == 200 and res.data["role"] == "admin"
    assert authorize(user.access_token) is None
    again = login(user.email).data
    assert authorize(again["access_token"])["role"] == "admin"
    assert call_as("users_list", again["access_token"]).status == 200


def test_deleting_a_user_ends_their_sessions(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    assert call_as("users_delete", admin.access_token, path_params={"user_id": user.user_id}).status == 204
    assert authorize(user.access_token) is None
    assert refresh(user.refresh_token).status == 401


def test_deleting_oneself_ends_ones_sessions(aws):
    user = signed_in()
    assert call_as("users_me_delete", user.access_token).status == 204
    assert authorize(user.access_token) is None
    assert call_as("users_me_get", user.access_token).status == 401


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _refresh_at(clock: Clock, token: str) -> str:
    pair = service.refresh(token, sessions=factory.sessions(), users=factory.users(), clock=clock)
    return pair.refresh_token


def test_a_session_unused_for_the_idle_period_expires(aws):
    account, clock = signed_in(), Clock()
    clock.now += get_settings().refresh_idle_ttl_s - 60
    token = _refresh_at(clock, account.refresh_token)  # used just in time: the idle clock restarts
    clock.now += get_settings().refresh_idle_ttl_s + 1
    with pytest.raises(UnauthorizedError):
        _refresh_at(clock, token)


def test_a_session_ends_at_its_absolute_expiry_however_active(aws):
    account, clock = signed_in(), Clock()
    token, settings = account.refresh_token, get_settings()
    while clock.now + settings.refresh_idle_ttl_s / 2 < time.time() + settings.refresh_absolute_ttl_s:
        clock.now += settings.refresh_idle_ttl_s / 2
        token = _refresh_at(clock, token)
    clock.now = time.time() + settings.refresh_absolute_ttl_s + 1
    with pytest.raises(UnauthorizedError):
        _refresh_at(clock, token)


def test_the_session_ttl_attribute_tracks_the_idle_and_absolute_expiry(aws):
    account = signed_in()
    raw = factory.table().get({"PK": f"SESSION#{account.session_id}", "SK": "SESSION"})
    assert raw is not None
    settings = get_settings()
    assert raw["expires_at"] == min(raw["last_used_at"] + settings.refresh_idle_ttl_s, raw["absolute_expiry"])
    assert raw["absolute_expiry"] - raw["created_at"] == settings.refresh_absolute_ttl_s
