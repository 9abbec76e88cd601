"""The events ``make bench`` sends each function: every invocation, first and warm, takes the success path.

A route that reads, or writes idempotently, replays one sample event from ``events/``. A route that consumes
state gets one event per invocation, each with its own precondition prepared here (``fixtures``) before the
environment starts: a fresh post to delete, a fresh user to delete or to change the password of, an unused
mail token, a never-rotated refresh token, a unique email to register, an address whose mail quota is unused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infra.local import seed
from infra.local.authorizer import request_authorizer_event
from infra.local.events import proxy_event
from keel.auth.context import Caller, authorizer_context
from keel.auth.permissions import Role
from keel.config import get_settings
from keel.models.mail import MailKind
from keel.models.users import StoredUser
from keel.routes import AUTHORIZER, route_for
from tests.bench import fixtures

ROOT = Path(__file__).resolve().parents[2]
# Routes that replay one sample (events/<function>/<stem>.json); the floors replay their Keel route's sample.
SAMPLES = {"health": "ok", "openapi": "get", "jwks": "ok", "posts_create": "ok", "posts_get": "ok",
           "posts_list": "feed", "posts_update": "admin_edits_other", "users_me_get": "ok", "users_me_update": "ok",
           "users_list": "ok", "users_get": "admin", "floor_read": "posts_get/ok", "floor_write": "posts_create/ok",
           "floor_list": "posts_list/feed"}  # fmt: skip
NEW_PASSWORD = "granite-meadow-lantern-7"


# Signed-in callers: what the authorizer hands a function; ``call`` mints them a valid access token too.
ADMIN = Caller(seed.SAMPLE_ADMIN.id, Role.ADMIN, seed.SAMPLE_ADMIN.session_id)
MEMBER = Caller(seed.SAMPLE_USER.id, Role.USER, seed.SAMPLE_USER.session_id)


def signed_in(user: StoredUser) -> Caller:
    """``user`` with a new live session."""
    session_id, _ = fixtures.fresh_session(user)
    return Caller(user.id, user.role, session_id, user.email_verified)


def call(function: str, *, who: Caller | None = None, body: Any = None, **params: str) -> dict[str, Any]:
    """A proxy event for ``function``'s route, path parameters filled in, as the gateway would send it."""
    route = route_for(function)
    headers = {"Accept": ["application/json"], "User-Agent": ["keel-bench"]}
    if body is not None:
        headers["Content-Type"] = ["application/json"]
    authorizer = None
    if who is not None:
        token = fixtures.access_token(who.user_id, who.role, who.session_id)
        headers["Authorization"] = [f"Bearer {token}"]
        context = authorizer_context(who.user_id, who.role, who.session_id, email_verified=who.email_verified)
        authorizer = {**context, "principalId": who.user_id}
    return proxy_event(route.method, route.path.format(**params), resource=route.path, path_params=params or None,
                       headers=headers, body=None if body is None else json.dumps(body),
                       authorizer=authorizer)  # fmt: skip


def _each(count: int, build: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    return [build() for _ in range(count)]


def _quota_each(count: int, build: Callable[[StoredUser], dict[str, Any]], *, verified: bool) -> list[dict[str, Any]]:
    """As many invocations per fresh user as the mail quota lets through (each one queues a mail)."""
    per, out = get_settings().mail_rate_limit, list[dict[str, Any]]()
    while len(out) < count:
        user = fixtures.fresh_user(verified=verified).user
        out += [build(user) for _ in range(per)]
    return out[:count]


def _verify_each(count: int) -> list[dict[str, Any]]:
    # One unverified user with a token per invocation: a valid unused link verifies (again) with the same work.
    user = fixtures.fresh_user(verified=False).user
    return _each(count, lambda: call("auth_verify_email", body={
        "token": fixtures.mail_token(user.id, MailKind.VERIFY_EMAIL)}))  # fmt: skip


def _signed_in_each(function: str, count: int, body: Any = None) -> list[dict[str, Any]]:
    """Per invocation a fresh user, signed in, calling ``function`` (each call consumes the account)."""
    return _each(count, lambda: call(function, who=signed_in(fixtures.fresh_user().user), body=body))


def _sessions_each(function: str, count: int) -> list[dict[str, Any]]:
    """One user; per invocation a new session presenting its never-rotated refresh token."""
    user = fixtures.fresh_user().user
    return _each(count, lambda: call(function, body={"refresh_token": fixtures.fresh_session(user)[1]}))


def _login_each(count: int) -> list[dict[str, Any]]:
    # One user, the right password: each success clears the lockout count, so it is never reached.
    user = fixtures.fresh_user().user
    return [call("auth_login", body={"email": user.email, "password": fixtures.PASSWORD})]


def _logout_all_each(count: int) -> list[dict[str, Any]]:
    # One user: each call revokes every session with the same one write; each presents a new live session.
    user = fixtures.fresh_user().user
    return _each(count, lambda: call("auth_logout_all", who=signed_in(user)))


CHANGE = {"current_password": fixtures.PASSWORD, "new_password": NEW_PASSWORD}
EACH: dict[str, Callable[[int], list[dict[str, Any]]]] = {
    "posts_delete": lambda n: _each(n, lambda: call("posts_delete", who=MEMBER,
                                                    post_id=fixtures.fresh_post(MEMBER.user_id))),
    "users_delete": lambda n: _each(n, lambda: call("users_delete", who=ADMIN, user_id=fixtures.fresh_user().user.id)),
    "users_role": lambda n: _each(n, lambda: call("users_role", who=ADMIN, body={"role": "moderator"},
                                                  user_id=fixtures.fresh_user().user.id)),
    "users_me_delete": lambda n: _signed_in_each("users_me_delete", n),
    "users_me_password": lambda n: _signed_in_each("users_me_password", n, CHANGE),
    "auth_logout_all": _logout_all_each,
    "auth_register": lambda n: _each(n, lambda: call("auth_register", body={
        "email": fixtures.unique_email(), "name": "New Person", "password": NEW_PASSWORD})),
    "auth_login": _login_each,
    "auth_refresh": lambda n: _sessions_each("auth_refresh", n),
    "auth_logout": lambda n: _sessions_each("auth_logout", n),
    "auth_forgot_password": lambda n: _quota_each(n, lambda u: call("auth_forgot_password", body={"email": u.email}),
                                                  verified=True),
    "auth_verify_email_resend": lambda n: _quota_each(n, lambda u: call("auth_verify_email_resend", who=signed_in(u)),
                                                      verified=False),
    "auth_verify_email": _verify_each,
    "auth_reset_password": lambda n: _each(n, lambda: call("auth_reset_password", body={
        "token": fixtures.fresh_user(mail_kind=MailKind.RESET_PASSWORD).mail_token, "new_password": NEW_PASSWORD})),
}  # fmt: skip


def _sample(function: str) -> dict[str, Any]:
    stem = SAMPLES[function]
    path = ROOT / "events" / (stem if "/" in stem else f"{function}/{stem}")
    return dict(json.loads(path.with_suffix(".json").read_text()))


def events_for(function: str, count: int) -> list[dict[str, Any]] | None:
    """The events for one cold environment making ``count`` invocations (a list of one is replayed); None for
    a function the benchmark does not measure."""
    if function == AUTHORIZER.name:  # the Allow path, with a live token
        bearer = {"Authorization": [f"Bearer {seed.sample_access_token(seed.SAMPLE_ADMIN)}"]}
        return [request_authorizer_event(proxy_event("GET", "/v1/users/me", headers=bearer))]
    if function in SAMPLES:
        return [_sample(function)]
    return EACH[function](count) if function in EACH else None
