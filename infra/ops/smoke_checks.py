"""The smoke checks, in the order they run. Each takes the client and the run's ``Session`` and returns a short
detail for its output line; it raises ``CheckFailed`` (contract broken) or ``Skipped`` (an earlier check failed)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from infra.ops.smoke_client import Client
from infra.ops.smoke_expect import Session, check, error, need, ok

UNKNOWN_ID = "0" * 26  # a well-formed ULID no resource has
Check = Callable[[Client, Session], str]


def health(api: Client, s: Session) -> str:
    data = ok(api.request("GET", "/v1/health"))
    check(data.get("status") == "ok", f"status {data.get('status')!r}, checks {data.get('checks')!r}")
    return f"ok, version {data.get('version')}"


def jwks(api: Client, s: Session) -> str:
    res = api.request("GET", "/.well-known/jwks.json")
    check(res.status == 200, f"expected 200, got {res.status}")
    keys = (res.json() or {}).get("keys") or []
    check(bool(keys) and all(k.get("kid") and k.get("kty") == "EC" for k in keys), "no EC keys with a kid")
    check(not any("d" in k for k in keys), "a private key component is published")
    return f"{len(keys)} key(s)"


def openapi(api: Client, s: Session) -> str:
    res = api.request("GET", "/v1/openapi.json")
    doc = res.json() or {}
    check(res.status == 200 and str(doc.get("openapi", "")).startswith("3.1"), "not an OpenAPI 3.1 document")
    check("/v1/posts" in (doc.get("paths") or {}), "the document lacks /v1/posts")
    return f"{len(doc['paths'])} paths"


def unknown_route(api: Client, s: Session) -> str:
    error(api.request("GET", "/v1/no-such-route"), 404, "NOT_FOUND")
    return "404 envelope"


def anonymous(api: Client, s: Session) -> str:
    res = api.request("GET", "/v1/users/me")
    error(res, 401, "UNAUTHORIZED")
    check(res.header("WWW-Authenticate").startswith("Bearer"), "401 without WWW-Authenticate: Bearer")
    return "401 with WWW-Authenticate"


def register(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/auth/register", {"email": s.email, "password": s.password, "name": "Keel Smoke"})
    user = ok(res, 201)
    check(user.get("email") == s.email and user.get("role") == "user", "unexpected user")
    check(res.header("Location").endswith(f"/v1/users/{user.get('id')}"), "no Location of the new user")
    s.user_id = user["id"]
    return s.email


def login(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/auth/login", {"email": s.email, "password": s.password})
    data = ok(res)
    check(data.get("token_type") == "Bearer" and isinstance(data.get("expires_in"), int), "not a token pair")
    check("no-store" in res.header("Cache-Control"), "tokens without Cache-Control: no-store")
    s.access, s.refresh = data["access_token"], data["refresh_token"]
    return f"token pair, expires_in {data['expires_in']}"


def me(api: Client, s: Session) -> str:
    user = ok(api.request("GET", "/v1/users/me", token=need(s.access, "login")))
    check(user.get("id") == s.user_id, "another user's profile")
    return "own profile"


def create_post(api: Client, s: Session) -> str:
    key = {"Idempotency-Key": f"smoke-{uuid.uuid4()}"}
    body = {"title": "Smoke test", "body": "Written by make smoke; deleted again.", "tags": ["smoke"]}
    res = api.request("POST", "/v1/posts", body, key, need(s.access, "login"))
    post = ok(res, 201)
    check(res.header("Location").endswith(f"/v1/posts/{post.get('id')}"), "no Location of the new post")
    check(bool(res.header("ETag")), "no ETag")
    s.post_id, s.etag = post["id"], res.header("ETag")
    replay = api.request("POST", "/v1/posts", body, key, s.access)
    check(ok(replay, 201).get("id") == s.post_id, "the replay created another post")
    check(replay.header("Idempotent-Replayed") == "true", "replay without Idempotent-Replayed: true")
    return "201, replay 201 with Idempotent-Replayed"


def conditional_get(api: Client, s: Session) -> str:
    path = f"/v1/posts/{need(s.post_id, 'a post')}"
    res = api.request("GET", path)
    check(ok(res).get("id") == s.post_id and res.header("ETag") == s.etag, "another post or ETag")
    ok(api.request("GET", path, headers={"If-None-Match": s.etag or ""}), 304)
    return "200 with ETag, 304 on If-None-Match"


def list_posts(api: Client, s: Session) -> str:
    path = f"/v1/posts?limit=5&author_id={need(s.user_id, 'registration')}"
    for _ in range(10):  # the author index is eventually consistent on DynamoDB
        res = api.request("GET", path)
        data = ok(res)
        if any(p.get("id") == s.post_id for p in data):
            break
        time.sleep(0.5)
    check(any(p.get("id") == s.post_id for p in data), "the new post is not listed under its author")
    pagination = (res.json() or {}).get("pagination") or {}
    check(pagination.get("limit") == 5 and "next_cursor" in pagination, "list without pagination")
    return f"{len(data)} post(s) by the smoke user"


def update_post(api: Client, s: Session) -> str:
    path, etag = f"/v1/posts/{need(s.post_id, 'a post')}", need(s.etag, "an ETag")
    res = api.request("PATCH", path, {"title": "Smoke test, edited"}, {"If-Match": etag}, s.access)
    check(ok(res).get("version") == 2 and res.header("ETag") not in ("", etag), "no new version and ETag")
    s.etag = res.header("ETag")
    error(api.request("PATCH", path, {"title": "Stale"}, {"If-Match": etag}, s.access), 412, "PRECONDITION_FAILED")
    return "200 with a new ETag; stale If-Match 412"


def validation(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/posts", {"title": "t", "body": "b", "author_id": "x"}, token=need(s.access, "login"))
    fields = [d.get("field") for d in error(res, 422, "VALIDATION_ERROR")["details"]]
    check("author_id" in fields, f"details do not name author_id: {fields}")
    error(api.request("GET", f"/v1/posts/{UNKNOWN_ID}"), 404, "NOT_FOUND")
    return "422 names the field; unknown post 404"


def delete_post(api: Client, s: Session) -> str:
    path = f"/v1/posts/{need(s.post_id, 'a post')}"
    ok(api.request("DELETE", path, token=need(s.access, "login")), 204)
    s.deleted.add("post")
    error(api.request("GET", path), 404, "NOT_FOUND")
    return "204, then 404"


def refresh(api: Client, s: Session) -> str:
    res = api.request("POST", "/v1/auth/refresh", {"refresh_token": need(s.refresh, "login")})
    data = ok(res)
    check(data.get("refresh_token") not in (None, s.refresh), "the refresh token was not rotated")
    s.access, s.refresh = data["access_token"], data["refresh_token"]
    ok(api.request("GET", "/v1/users/me", token=s.access))
    return "new pair; the new access token works"


def logout(api: Client, s: Session) -> str:
    token = need(s.refresh, "a refresh token")
    ok(api.request("POST", "/v1/auth/logout", {"refresh_token": token}), 204)
    s.access = s.refresh = None
    error(api.request("POST", "/v1/auth/refresh", {"refresh_token": token}), 401, "UNAUTHORIZED")
    return "204; the logged-out refresh token is refused"


CHECKS: tuple[Check, ...] = (
    health, jwks, openapi, unknown_route, anonymous, register, login, me,
    create_post, conditional_get, list_posts, update_post, validation, delete_post, refresh, logout,
)  # fmt: skip
