"""The events ``make bench`` sends each function: every invocation, first and warm, takes the success path.

A route that reads, or writes idempotently, replays one sample event from ``events/``. A route that consumes
state gets one event per invocation, each with its own precondition prepared here (``fixtures``) before the
environment starts: a fresh post to delete, a fresh user to delete or to change the password of, an unused
mail token, a never-rotated refresh token, a unique email to register, an address whose mail quota is unused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.local import seed
from infra.local.authorizer import request_authorizer_event
from infra.local.events import proxy_event
from keel.auth.context import authorizer_context
from keel.auth.permissions import Role
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
NEW_PASSWORD = "granite-meadow-lantern-7"  # noqa: S105 - passes the password policy; local benchmark accounts only


@dataclass(frozen=True)
class Who:
    """A signed-in caller: what the authorizer hands the function, and a valid access token for the header."""

    id: str
    role: Role
    session_id: str
    verified: bool = True


ADMIN = Who(seed.SAMPLE_ADMIN.id, Role.ADMIN, seed.SAMPLE_ADMIN.session_id)
MEMBER = Who(seed.SAMPLE_USER.id, Role.USER, seed.SAMPLE_USER.session_id)


def signed_in(user: StoredUser) -> Who:
    """``user`` with a new live session."""
    session_id, _ = fixtures.fresh_session(user)
    return Who(user.id, user.role, session_id, user.email_verified)


def call(function: str, *, who: Who | None = None, body: Any = None, **params: str) -> dict[str, Any]:
    """A proxy event for ``function``'s route, path parameters filled in, as the gateway would send it."""
    route = route_for(function)
    headers = {"Accept": ["application/json"], "User-Agent": ["keel-bench"]}
    if body is not None:
        headers["Content-Type"] = ["application/json"]
    authorizer = None
    if who is not None:
        token = fixtures.access_token(who.id, who.role, who.session_id)
        headers["Authorization"] = [f"Bearer {token}"]
        context = authorizer_context(who.id, who.role, who.session_id, email_verified=who.verified)
        authorizer = {**context, "principalId": who.id}
    return proxy_event(route.method, route.path.format(**params), resource=route.path, path_params=params or None,
                       headers=headers, body=None if body is None else json.dumps(body),
                       authorizer=authorizer)  # fmt: skip


def _email() -> str:
    return fixtures.fresh_user().user.email


# Per invocation: one event, its precondition made first (the argument is one fresh user per environment).
EACH: dict[str, Callable[[StoredUser], dict[str, Any]]] = {
    "posts_delete": lambda _: call("posts_delete", who=MEMBER, post_id=fixtures.fresh_post(MEMBER.id)),
    "users_delete": lambda _: call("users_delete", who=ADMIN, user_id=fixtures.fresh_user().user.id),
    "users_role": lambda _: call("users_role", who=ADMIN, body={"role": "moderator"},
                                 user_id=fixtures.fresh_user().user.id),
    "users_me_delete": lambda _: call("users_me_delete", who=signed_in(fixtures.fresh_user().user)),
    "users_me_password": lambda _: call("users_me_password", who=signed_in(fixtures.fresh_user().user),
                                        body={"current_password": fixtures.PASSWORD, "new_password": NEW_PASSWORD}),
    "auth_logout_all": lambda _: call("auth_logout_all", who=signed_in(fixtures.fresh_user().user)),
    "auth_register": lambda _: call("auth_register", body={"email": fixtures.unique_email(), "name": "New Person",
                                                           "password": NEW_PASSWORD}),
    "auth_login": lambda user: call("auth_login", body={"email": user.email, "password": fixtures.PASSWORD}),
    "auth_refresh": lambda user: call("auth_refresh", body={"refresh_token": fixtures.fresh_session(user)[1]}),
    "auth_logout": lambda user: call("auth_logout", body={"refresh_token": fixtures.fresh_session(user)[1]}),
    "auth_forgot_password": lambda _: call("auth_forgot_password", body={"email": _email()}),
    "auth_verify_email": lambda _: call("auth_verify_email", body={
        "token": fixtures.fresh_user(verified=False, mail_kind=MailKind.VERIFY_EMAIL).mail_token}),
    "auth_verify_email_resend": lambda _: call("auth_verify_email_resend",
                                               who=signed_in(fixtures.fresh_user(verified=False).user)),
    "auth_reset_password": lambda _: call("auth_reset_password", body={
        "token": fixtures.fresh_user(mail_kind=MailKind.RESET_PASSWORD).mail_token, "new_password": NEW_PASSWORD}),
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
    if function not in EACH:
        return None
    user = fixtures.fresh_user().user
    return [EACH[function](user) for _ in range(count)]
