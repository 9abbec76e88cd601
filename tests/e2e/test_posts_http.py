"""Posts over HTTP on the local gateway, as an API client sees them: the authorizer in front of writes, body
rules on a real POST route, caching headers, idempotent create, pagination, throttling and CORS."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.support.server import LocalServer

PASSWORD = "granite-meadow-lantern-7"


@pytest.fixture(scope="module")
def api(server: LocalServer) -> LocalServer:
    return server


@pytest.fixture(scope="module")
def token(api: LocalServer) -> str:
    body = {"email": "poster@example.com", "password": PASSWORD, "name": "Poster"}
    assert api.request("POST", "/v1/auth/register", body).status == 201
    login = api.request("POST", "/v1/auth/login", {"email": body["email"], "password": PASSWORD})
    return str(login.json["data"]["access_token"])


def auth(token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **extra}


def test_writes_need_a_valid_bearer_token(api):
    for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        res = api.request("POST", "/v1/posts", {"title": "t", "body": "b"}, headers=headers)
        assert res.status == 401
        assert res.json["error"]["code"] == "UNAUTHORIZED"
        assert res.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        ('{"title": "t", "body": "b"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (json.dumps({"title": "t", "body": "x" * 70_000}), "application/json", 413, "PAYLOAD_TOO_LARGE"),
        ('{"title": "t", "title": "u", "body": "b"}', "application/json", 400, "BAD_REQUEST"),
        ('{"title": "t", "body": NaN}', "application/json", 400, "BAD_REQUEST"),
        ("[" * 5000 + "]" * 5000, "application/json", 400, "BAD_REQUEST"),
        ('["title"]', "application/json", 400, "BAD_REQUEST"),
        ('{"title": "t", "body": "b", "author_id": "someone-else"}', "application/json", 422, "VALIDATION_ERROR"),
    ],
)
def test_body_rules_on_a_real_route(api, token, raw, content_type, status, code):
    res = api.request("POST", "/v1/posts", raw.encode(), headers=auth(token, **{"Content-Type": content_type}))
    assert (res.status, res.json["error"]["code"]) == (status, code)
    if status == 422:
        assert {"field": "author_id", "message": "Unknown field."} in res.json["error"]["details"]


def test_create_read_conditional_get_update_and_delete(api, token):
    created = api.request("POST", "/v1/posts", {"title": "Hello", "body": "World", "tags": ["intro"]}, auth(token))
    assert created.status == 201
    post = created.json["data"]
    assert created.headers["location"] == f"/v1/posts/{post['id']}"
    etag = created.headers["etag"]

    got = api.request("GET", f"/v1/posts/{post['id']}")
    assert got.status == 200 and got.headers["etag"] == etag
    assert api.request("GET", f"/v1/posts/{post['id']}", headers={"If-None-Match": etag}).status == 304

    patched = api.request("PATCH", f"/v1/posts/{post['id']}", {"title": "Hi"}, auth(token, **{"If-Match": etag}))
    assert patched.status == 200 and patched.json["data"]["version"] == post["version"] + 1
    stale = api.request("PATCH", f"/v1/posts/{post['id']}", {"title": "Again"}, auth(token, **{"If-Match": etag}))
    assert stale.status == 412 and stale.json["error"]["code"] == "PRECONDITION_FAILED"

    assert api.request("DELETE", f"/v1/posts/{post['id']}", headers=auth(token)).status == 204
    assert api.request("GET", f"/v1/posts/{post['id']}").status == 404


def test_idempotent_create_replays_the_original(api, token):
    headers = auth(token, **{"Idempotency-Key": "e2e-key-1"})
    first = api.request("POST", "/v1/posts", {"title": "Once", "body": "only"}, headers)
    again = api.request("POST", "/v1/posts", {"title": "Once", "body": "only"}, headers)
    assert first.status == again.status == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json["data"] == first.json["data"]
    other = api.request("POST", "/v1/posts", {"title": "Other", "body": "body"}, headers)
    assert other.status == 422


def test_listing_pages_newest_first_with_a_cursor_and_rejects_a_forged_one(api, token):
    ids = [
        api.request("POST", "/v1/posts", {"title": f"p{i}", "body": "b"}, auth(token)).json["data"]["id"]
        for i in range(3)
    ]
    first = api.request("GET", "/v1/posts?limit=2")
    assert first.status == 200
    assert first.json["pagination"]["limit"] == 2 and first.json["pagination"]["has_next"] is True
    assert [p["id"] for p in first.json["data"]] == ids[::-1][:2]
    cursor = first.json["pagination"]["next_cursor"]
    second = api.request("GET", f"/v1/posts?limit=2&cursor={cursor}")
    assert second.json["data"][0]["id"] == ids[0]
    forged = api.request("GET", f"/v1/posts?limit=2&cursor={cursor[:-3]}abc")
    assert forged.status == 400 and forged.json["error"]["code"] == "BAD_REQUEST"
    assert api.request("GET", "/v1/posts?limit=500").status == 422


@pytest.fixture
def throttled() -> Iterator[LocalServer]:
    srv = LocalServer({"KEEL_LOCAL_THROTTLING": "1", "KEEL_CORS_ALLOW_ORIGINS": "https://app.example.com"}).start()
    yield srv
    srv.stop()


def test_credential_routes_are_throttled_like_the_stage(throttled):
    """dev's auth class allows a burst of 10 at 5/s: 40 quick refreshes must meet 429s in the envelope."""
    answers = [throttled.request("POST", "/v1/auth/refresh", {"refresh_token": "x.y"}) for _ in range(40)]
    limited = [a for a in answers if a.status == 429]
    assert limited, [a.status for a in answers]
    assert limited[0].json["error"]["code"] == "TOO_MANY_REQUESTS"
    assert int(limited[0].headers["retry-after"]) >= 1
    assert {a.status for a in answers} <= {401, 429}


def test_cors_preflight_answers_only_configured_origins(throttled):
    ok = throttled.request(
        "OPTIONS", "/v1/posts", headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}
    )
    assert ok.status == 204
    assert ok.headers["access-control-allow-origin"] == "https://app.example.com"
    assert ok.headers["x-frame-options"] == "DENY" and "x-request-id" in ok.headers
    assert "Authorization" in ok.headers["access-control-allow-headers"]
    other = throttled.request("OPTIONS", "/v1/posts", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    got = throttled.request("GET", "/v1/health", headers={"Origin": "https://app.example.com"})
    assert got.headers.get("access-control-allow-origin") == "https://app.example.com"
    denied = throttled.request("GET", "/v1/users/me", headers={"Origin": "https://app.example.com"})
    assert denied.status == 401  # a browser app can read the gateway's 401 and refresh its token
    assert denied.headers.get("access-control-allow-origin") == "https://app.example.com"
