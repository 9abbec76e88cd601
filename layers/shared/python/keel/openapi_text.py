"""The prose of the OpenAPI document: the API's description, its tags in reading order, and the response
headers every route shares (which route sends which is declared by the handlers, see ``keel.api_docs``)."""

from __future__ import annotations

from typing import Any

from keel.conventions import SECURITY_HEADERS

DESCRIPTION = (
    """\
Keel: accounts with role-based access and posts, as a versioned REST API.

**Envelope.** Every JSON response is `{success, data|error, meta}`; lists add `pagination`
(`limit`, `next_cursor`, `has_next`): pass `next_cursor` back as `cursor` for the next page.
Errors carry a stable `code` (an enum per status, below), a `message` for humans and up to 20 `details`.

**Requests.** A body must be sent as `application/json` (else 415), at most 64 KiB (413), strict JSON
(duplicate keys, `NaN`, deep nesting: 400); unknown fields are refused (422). Ids are ULIDs; times are
RFC 3339 UTC.

**Authentication.** `POST /v1/auth/login` returns a 15-minute access token (a JWT, `Authorization: Bearer`)
and a refresh token to rotate at `POST /v1/auth/refresh`; public keys are at `/.well-known/jwks.json`.

**Conditional requests.** A post's `ETag` makes `GET` conditional (`If-None-Match`, 304) and writes safe
(`If-Match`, 412 when stale). `Idempotency-Key` makes `POST /v1/posts` safe to retry.

**Methods.** A known path asked with a method it does not serve answers 405 with `Allow` listing the
methods it serves (`#/components/responses/MethodNotAllowed`).

**Every response** carries `X-Request-Id` and the security headers """
    + ", ".join(f"`{name}`" for name in SECURITY_HEADERS)
    + "; 429 and 503 carry `Retry-After` (seconds)."
)

TAGS: list[dict[str, Any]] = [
    {"name": "auth", "description": "Accounts and sessions: register, sign in, rotate and revoke tokens."},
    {"name": "users", "description": "Your profile and password; for admins, every user and their roles."},
    {"name": "posts", "description": "Anyone reads; signed-in users write; owners, moderators and admins edit."},
    {"name": "well-known", "description": "The public keys that verify access tokens (JWKS)."},
    {"name": "health", "description": "Liveness with per-dependency checks."},
    {"name": "openapi", "description": "This document."},
]


def _header(description: str, schema: dict[str, Any], *, required: bool = True) -> dict[str, Any]:
    return {"description": description, "required": required, "schema": {"type": "string", **schema}}


_ETAG = r'^(W/)?"[\x21\x23-\x7e]*"$'
HEADERS: dict[str, Any] = {
    "X-Request-Id": _header("This request's id (also `meta.request_id`): quote it when reporting a problem.", {}),
    "X-Request-Id-Unless-WAF": _header(
        "This request's id (also `meta.request_id`); absent when the WAF blocked the request.", {}, required=False
    ),
    "Cache-Control": _header("`no-cache` on anonymous reads, `no-store` on everything else.", {}),
    "ETag": _header("The version of the post: send it as `If-Match` or `If-None-Match`.", {"pattern": _ETAG}),
    "Location": _header("Where the new resource lives.", {"format": "uri-reference"}),
    "Idempotent-Replayed": _header(
        "`true` when this is the stored response to an earlier request with the same `Idempotency-Key`.",
        {"enum": ["true"]},
        required=False,
    ),
    "Retry-After": _header("Seconds to wait before retrying.", {"pattern": "^[0-9]+$"}),
    "WWW-Authenticate": _header("The Bearer challenge (RFC 6750).", {"pattern": "^Bearer( |$)"}),
    "Allow": _header("The methods this path serves, comma-separated.", {"pattern": "^[A-Z]+(, [A-Z]+)*$"}),
}
