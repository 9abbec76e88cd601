"""OpenAPI links: how a response's values feed the next call (create -> get/update/delete a post; login or
refresh -> refresh/logout; register -> read the user). Clients and stateful fuzzers follow them."""

from __future__ import annotations

from typing import Any

_POST_ID = {"post_id": "$response.body#/data/id"}
_CURRENT_ETAG = {**_POST_ID, "header.If-Match": "$response.header.ETag"}
_REFRESH = {"refresh_token": "$response.body#/data/refresh_token"}


def _link(operation: str, description: str, parameters: dict[str, str] | None = None, **body: Any) -> dict[str, Any]:
    link: dict[str, Any] = {"operationId": operation, "description": description}
    if parameters:
        link["parameters"] = parameters
    if body:
        link["requestBody"] = body["request_body"]
    return link


_POST_LINKS = {
    "GetPost": _link("posts_get", "Read the post.", _POST_ID),
    "UpdatePost": _link("posts_update", "Update the post, conditional on this version.", _CURRENT_ETAG),
    "DeletePost": _link("posts_delete", "Delete the post, conditional on this version.", _CURRENT_ETAG),
}
_SESSION_LINKS = {
    "Refresh": _link("auth_refresh", "Rotate the refresh token for a new pair.", request_body=_REFRESH),
    "Logout": _link("auth_logout", "End this session.", request_body=_REFRESH),
}

LINKS: dict[tuple[str, int], dict[str, Any]] = {
    ("posts_create", 201): _POST_LINKS,
    ("posts_get", 200): {k: v for k, v in _POST_LINKS.items() if k != "GetPost"},
    ("auth_login", 200): _SESSION_LINKS,
    ("auth_refresh", 200): _SESSION_LINKS,
    ("auth_register", 201): {
        "GetUser": _link("users_get", "Read the new user.", {"user_id": "$response.body#/data/id"})
    },
}


def links_for(function: str, status: int) -> dict[str, Any]:
    """The links a ``status`` response of ``function`` opens (empty when none)."""
    return LINKS.get((function, status), {})
