"""SPEC §4, table-driven: every accounts route and every role, through the real authorizer and handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from keel.auth.permissions import Role
from tests.conftest import Result
from tests.support.auth import GOOD_PASSWORD, Account, call_as, signed_in

ANON, USER, MOD, ADMIN = "anonymous", Role.USER, Role.MODERATOR, Role.ADMIN
Request = Callable[[Account, Account], dict[str, Any]]  # (caller, another user) -> call_as keyword arguments

NEW_PASSWORD = {"current_password": GOOD_PASSWORD, "new_password": "granite-meadow-lantern-7"}

# function, request, expected status for anonymous / user / moderator / admin
MATRIX: list[tuple[str, str, Request, dict[Any, int]]] = [
    ("users_me_get", "own profile", lambda me, other: {}, {ANON: 401, USER: 200, MOD: 200, ADMIN: 200}),
    ("users_me_update", "rename self", lambda me, other: {"body": {"name": "New"}},
     {ANON: 401, USER: 200, MOD: 200, ADMIN: 200}),
    ("users_me_password", "own password", lambda me, other: {"body": NEW_PASSWORD},
     {ANON: 401, USER: 204, MOD: 204, ADMIN: 204}),
    ("users_me_delete", "delete self", lambda me, other: {}, {ANON: 401, USER: 204, MOD: 204, ADMIN: 204}),
    ("auth_logout_all", "own sessions", lambda me, other: {}, {ANON: 401, USER: 204, MOD: 204, ADMIN: 204}),
    ("users_list", "list users", lambda me, other: {}, {ANON: 401, USER: 403, MOD: 403, ADMIN: 200}),
    ("users_get", "read another user", lambda me, other: {"path_params": {"user_id": other.user_id}},
     {ANON: 401, USER: 403, MOD: 403, ADMIN: 200}),
    ("users_get", "read self by id", lambda me, other: {"path_params": {"user_id": me.user_id}},
     {ANON: 401, USER: 200, MOD: 200, ADMIN: 200}),
    ("users_role", "change another's role",
     lambda me, other: {"path_params": {"user_id": other.user_id}, "body": {"role": "moderator"}},
     {ANON: 401, USER: 403, MOD: 403, ADMIN: 200}),
    ("users_role", "change own role",
     lambda me, other: {"path_params": {"user_id": me.user_id}, "body": {"role": "user"}},
     {ANON: 401, USER: 403, MOD: 403, ADMIN: 403}),
    ("users_delete", "delete another user", lambda me, other: {"path_params": {"user_id": other.user_id}},
     {ANON: 401, USER: 403, MOD: 403, ADMIN: 204}),
]  # fmt: skip


@pytest.mark.parametrize(("function", "request_", "expected"), [(f, r, e) for f, _, r, e in MATRIX],
                         ids=[f"{f}: {what}" for f, what, _, _ in MATRIX])  # fmt: skip
def test_role_matrix(aws, function, request_, expected):
    for role, status in expected.items():
        other = signed_in()
        if role == ANON:
            anonymous = Account("", "", "", Role.USER, "", "", "")
            res: Result = call_as(function, None, **request_(anonymous, other))
        else:
            me = signed_in(role)
            res = call_as(function, me.access_token, **request_(me, other))
        assert res.status == status, (role, res.json)
        if status in (401, 403):
            assert res.error_code == {401: "UNAUTHORIZED", 403: "FORBIDDEN"}[status]
