"""The smoke checks of posts: idempotent create, conditional get, list, update with If-Match, errors, delete."""

from __future__ import annotations

import time
import uuid

from infra.ops.smoke_client import Client
from infra.ops.smoke_expect import Session, check, error, need, ok

UNKNOWN_ID = "0" * 26  # a well-formed ULID no resource has


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
