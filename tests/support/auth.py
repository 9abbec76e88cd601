"""Accounts for tests: register and sign in through the real handlers, run the real authorizer on a bearer
token, and call a handler as that token's user (what the gateway does).

    account = signed_in(Role.ADMIN)
    res = call_as("users_list", account.access_token)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from infra.local.authorizer import request_authorizer_event
from infra.local.events import proxy_event
from infra.local.functions import LambdaContext, handler_of
from infra.local.gateway import gateway_response
from keel.auth.permissions import Role
from keel.repositories import factory
from keel.routes import AUTHORIZER, route_for
from tests.conftest import Result, call

GOOD_PASSWORD = "correct-horse-battery-staple"  # passes the password policy
_numbers = itertools.count(1)


@dataclass
class Account:
    user_id: str
    email: str
    password: str
    role: Role
    access_token: str
    refresh_token: str
    session_id: str


def authorizer_event(authorization: str | None, function: str = "users_me_get") -> dict[str, Any]:
    """The REQUEST authorizer event API Gateway sends for ``function``'s route with this Authorization value."""
    route = route_for(function)
    headers = {"Authorization": [authorization]} if authorization is not None else {}
    path = route.path.replace("{", "").replace("}", "")
    return request_authorizer_event(proxy_event(route.method, path, resource=route.path, headers=headers))


def run_authorizer(event: dict[str, Any]) -> dict[str, Any] | None:
    """The authorizer's result, or None when it raised exactly ``Exception("Unauthorized")`` (a 401)."""
    try:
        return handler_of(AUTHORIZER.name)(event, LambdaContext(AUTHORIZER.name, "test"))
    except Exception as exc:
        if type(exc) is Exception and str(exc) == "Unauthorized":
            return None
        raise


def authorize(token: str | None) -> dict[str, str] | None:
    """The context (``sub``, ``role``, ``sid``) the authorizer hands to handlers, or None for a 401."""
    result = run_authorizer(authorizer_event(None if token is None else f"Bearer {token}"))
    return None if result is None else dict(result["context"])


def call_as(function: str, token: str | None, **kwargs: Any) -> Result:
    """Call ``function`` as API Gateway would: authorizer first (401 if it refuses), then the handler."""
    context = authorize(token)
    if context is None:
        return Result(gateway_response("UNAUTHORIZED", "test"))  # what API Gateway answers
    headers = {"Authorization": f"Bearer {token}", **(kwargs.pop("headers", None) or {})}
    return call(function, authorizer=context, headers=headers, **kwargs)


def register(email: str, password: str = GOOD_PASSWORD, name: str = "Test User") -> Result:
    return call("auth_register", body={"email": email, "password": password, "name": name})


def login(email: str, password: str = GOOD_PASSWORD) -> Result:
    return call("auth_login", body={"email": email, "password": password})


def new_email(prefix: str = "person") -> str:
    return f"{prefix}{next(_numbers)}@example.com"


def signed_in(role: Role = Role.USER, *, email: str | None = None, password: str = GOOD_PASSWORD) -> Account:
    """A registered user with ``role`` and a fresh session (needs the ``aws`` fixture)."""
    email = email or new_email(role.value)
    created = register(email, password)
    assert created.status == 201, created.json
    user_id = created.data["id"]
    if role is not Role.USER:
        assert factory.users().update(user_id, {"role": role.value}) is not None
    res = login(email, password)
    assert res.status == 200, res.json
    claims = authorize(res.data["access_token"])
    assert claims is not None
    return Account(user_id, email, password, role, res.data["access_token"], res.data["refresh_token"], claims["sid"])
