"""THE route table: the single source for CDK, the local gateway and the OpenAPI document.

Each row is one Lambda function serving one route. ``auth`` says whether the API Gateway authorizer guards the
route; ``throttle`` names a throttling class whose numbers live in the stage config; ``access`` lists what the
function's role may touch, from which CDK grants least privilege.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Auth(StrEnum):
    PUBLIC = "public"
    BEARER = "bearer"


class Throttle(StrEnum):
    DEFAULT = "default"
    AUTH = "auth"  # lower per-method limits for credential endpoints


class Access(StrEnum):
    TABLE_READ = "table:read"  # GetItem, BatchGetItem, Query
    TABLE_WRITE = "table:write"  # PutItem, UpdateItem, DeleteItem, TransactWriteItems, ConditionCheck
    TABLE_DESCRIBE = "table:describe"  # reachability probe only
    SIGNING_KEY_READ = "signing-key:read"
    SIGNING_KEY_DESCRIBE = "signing-key:describe"  # reachability probe only
    CURSOR_KEY_READ = "cursor-key:read"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str  # directory under functions/, and the Lambda's logical name
    summary: str
    auth: Auth = Auth.PUBLIC
    throttle: Throttle = Throttle.DEFAULT
    access: frozenset[Access] = frozenset()
    memory: str = "standard"  # sizing class in the stage config ("standard" | "password")

    @property
    def tag(self) -> str:
        parts = [p for p in self.path.split("/") if p and p != "v1"]
        return parts[0].lstrip(".").split(".")[0] if parts else "root"


_R = Access.TABLE_READ
_W = Access.TABLE_WRITE
_KEY = Access.SIGNING_KEY_READ
_PSEUDONYM = Access.CURSOR_KEY_READ  # the log-pseudonym key is derived from it (keel.pseudonyms)
_AUTH = Throttle.AUTH
_BEARER = Auth.BEARER

ROUTES: tuple[Route, ...] = (
    Route(
        "GET",
        "/v1/health",
        "health",
        "Service health with per-dependency checks",
        access=frozenset({Access.TABLE_DESCRIBE, Access.SIGNING_KEY_DESCRIBE}),
    ),
    Route("GET", "/v1/openapi.json", "openapi", "OpenAPI 3.1 document of this API"),
    Route("POST", "/v1/posts", "posts_create", "Create a post", auth=Auth.BEARER, access=frozenset({_W})),
    Route(
        "GET",
        "/v1/posts",
        "posts_list",
        "List posts, newest first, globally or by author",
        access=frozenset({_R, Access.CURSOR_KEY_READ}),
    ),
    Route("GET", "/v1/posts/{post_id}", "posts_get", "Read a post", access=frozenset({_R})),
    Route("PATCH", "/v1/posts/{post_id}", "posts_update", "Update a post", auth=Auth.BEARER, access=frozenset({_W})),
    Route("DELETE", "/v1/posts/{post_id}", "posts_delete", "Delete a post", auth=Auth.BEARER, access=frozenset({_W})),
    # Accounts and authentication (SPEC §3, §5). Functions that hash passwords get the "password" memory class.
    Route(
        "POST",
        "/v1/auth/register",
        "auth_register",
        "Create an account",
        throttle=_AUTH,
        access=frozenset({_W}),
        memory="password",
    ),
    Route(
        "POST",
        "/v1/auth/login",
        "auth_login",
        "Sign in: a new session and token pair",
        throttle=_AUTH,
        access=frozenset({_R, _W, _KEY, _PSEUDONYM}),
        memory="password",
    ),
    Route(
        "POST",
        "/v1/auth/refresh",
        "auth_refresh",
        "Rotate a refresh token for a new token pair",
        throttle=_AUTH,
        access=frozenset({_R, _W, _KEY}),
    ),
    Route(
        "POST",
        "/v1/auth/logout",
        "auth_logout",
        "Revoke the session of a refresh token",
        throttle=_AUTH,
        access=frozenset({_R, _W}),
    ),
    Route(
        "POST",
        "/v1/auth/logout-all",
        "auth_logout_all",
        "Revoke every session of the caller",
        auth=_BEARER,
        throttle=_AUTH,
        access=frozenset({_W}),
    ),
    Route("GET", "/.well-known/jwks.json", "jwks", "Public keys that verify access tokens", access=frozenset({_KEY})),
    Route("GET", "/v1/users/me", "users_me_get", "The caller's profile", auth=_BEARER, access=frozenset({_R})),
    Route("PATCH", "/v1/users/me", "users_me_update", "Change the caller's name", auth=_BEARER, access=frozenset({_W})),
    Route(
        "PUT",
        "/v1/users/me/password",
        "users_me_password",
        "Change the caller's password",
        auth=_BEARER,
        access=frozenset({_R, _W, _PSEUDONYM}),
        memory="password",
    ),
    Route(
        "DELETE",
        "/v1/users/me",
        "users_me_delete",
        "Delete the caller's account",
        auth=_BEARER,
        access=frozenset({_R, _W}),
    ),
    Route(
        "GET",
        "/v1/users",
        "users_list",
        "List users (admin)",
        auth=_BEARER,
        access=frozenset({_R, Access.CURSOR_KEY_READ}),
    ),
    Route("GET", "/v1/users/{user_id}", "users_get", "A user (admin, or self)", auth=_BEARER, access=frozenset({_R})),
    Route(
        "PATCH",
        "/v1/users/{user_id}/role",
        "users_role",
        "Change a user's role (admin, not self)",
        auth=_BEARER,
        access=frozenset({_W}),
    ),
    Route(
        "DELETE",
        "/v1/users/{user_id}",
        "users_delete",
        "Delete a user (admin)",
        auth=_BEARER,
        access=frozenset({_R, _W}),
    ),
)


@dataclass(frozen=True)
class Function:
    """A Lambda that is not a route: the authorizer, the key-rotation function."""

    name: str  # directory under functions/
    access: frozenset[Access]
    memory: str = "standard"


# The one REQUEST authorizer guarding every BEARER route: verifies the access token, then reads the session and
# the user in one BatchGetItem (SPEC §5).
AUTHORIZER = Function("authorizer", frozenset({Access.TABLE_READ, Access.SIGNING_KEY_READ}))

BY_FUNCTION: dict[str, Route] = {r.function: r for r in ROUTES}


def allowed_methods(path: str, routes: tuple[Route, ...] = ROUTES) -> tuple[str, ...]:
    """The methods served at the path template ``path`` (``/v1/posts/{post_id}``), sorted; empty if unknown.

    A known path asked with another method is a 405 whose ``Allow`` header lists these (SPEC §1), on the local
    gateway and on API Gateway alike.
    """
    return tuple(sorted({r.method for r in routes if r.path == path}))


def route_for(function: str) -> Route:
    """The route served by ``function``; ``KeyError`` names a function missing from the table."""
    return BY_FUNCTION[function]
