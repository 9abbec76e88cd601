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


def route_for(function: str) -> Route:
    """The route served by ``function``; ``KeyError`` names a function missing from the table."""
    return BY_FUNCTION[function]
