"""POST /v1/posts: who may create, what a created post looks like, and the body rules of SPEC §1."""

from __future__ import annotations

import json

import pytest

from tests.conftest import call
from tests.support.posts import ADMIN, MODERATOR, NEW_POST, USER, get, listing


@pytest.mark.parametrize("who", [USER, MODERATOR, ADMIN], ids=["user", "moderator", "admin"])
def test_any_signed_in_user_creates_a_post_authored_by_them(aws, who):
    res = call("posts_create", body=NEW_POST, authorizer=who)

    assert res.status == 201
    post = res.data
    assert post["author_id"] == who["sub"]
    assert (post["title"], post["body"], post["tags"], post["version"]) == ("A title", "Some text.", ["news"], 1)
    assert post["created_at"] == post["updated_at"]
    assert res.headers["Location"] == f"/v1/posts/{post['id']}"
    assert res.headers["ETag"].startswith('"') and res.headers["ETag"].endswith('"')
    assert get(post["id"]).data == post


def test_an_anonymous_create_is_401_and_creates_nothing(aws):
    res = call("posts_create", body=NEW_POST)

    assert res.status == 401
    assert "WWW-Authenticate" in res.headers
    assert listing().data == []


def test_tags_default_to_empty(aws):
    res = call("posts_create", body={"title": "t", "body": "b"}, authorizer=USER)
    assert res.status == 201
    assert res.data["tags"] == []


def test_one_dynamodb_write_creates_a_post(aws, ddb_calls):
    assert ddb_calls.during(lambda: call("posts_create", body=NEW_POST, authorizer=USER)) == ["PutItem"]


def test_ids_are_time_sortable_and_unique(aws):
    ids = [call("posts_create", body=NEW_POST, authorizer=USER).data["id"] for _ in range(5)]
    assert len(set(ids)) == 5
    assert all(len(i) == 26 for i in ids)


# --- body rules -------------------------------------------------------------------------------------------------


def test_a_body_without_json_content_type_is_415(aws):
    res = call("posts_create", body=json.dumps(NEW_POST), headers={"Content-Type": "text/plain"}, authorizer=USER)
    assert res.status == 415
    assert res.error_code == "UNSUPPORTED_MEDIA_TYPE"


def test_a_body_over_64_kib_is_413(aws):
    res = call("posts_create", body={**NEW_POST, "body": "x" * (64 * 1024)}, authorizer=USER)
    assert res.status == 413
    assert res.error_code == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    "raw",
    [
        '{"title": "a", "title": "b", "body": "c"}',
        '{"title": "a", "body": NaN}',
        '{"title": "a", "body": Infinity}',
        '{"title": "a", "body": "b", "tags": ' + "[" * 200 + "]" * 200 + "}",
        '["title", "body"]',
        '"just a string"',
        "{not json",
    ],
    ids=["duplicate-keys", "nan", "infinity", "deep-nesting", "array", "string", "malformed"],
)
def test_malformed_bodies_are_400_never_500(aws, raw):
    res = call("posts_create", body=raw, authorizer=USER)
    assert res.status == 400
    assert res.error_code == "BAD_REQUEST"
    assert listing().data == []


def test_unknown_fields_are_422_and_name_each_field(aws):
    res = call(
        "posts_create", body={**NEW_POST, "author_id": "01J0000000000000000000ADMN", "version": 7}, authorizer=USER
    )

    assert res.status == 422
    assert res.error_code == "VALIDATION_ERROR"
    assert {d["field"] for d in res.json["error"]["details"]} == {"author_id", "version"}
    assert listing().data == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "b"}, "title"),
        ({"title": "t"}, "body"),
        ({"title": "", "body": "b"}, "title"),
        ({"title": "   ", "body": "b"}, "title"),
        ({"title": "t" * 201, "body": "b"}, "title"),
        ({"title": "t", "body": "b" * 10_001}, "body"),
        ({"title": 5, "body": "b"}, "title"),
        ({"title": "t", "body": "b", "tags": ["UPPER"]}, "tags.0"),
        ({"title": "t", "body": "b", "tags": ["has space"]}, "tags.0"),
        ({"title": "t", "body": "b", "tags": ["x" * 33]}, "tags.0"),
        ({"title": "t", "body": "b", "tags": [f"t{i}" for i in range(11)]}, "tags"),
        ({"title": "t", "body": "b", "tags": ["a", "a"]}, "tags"),
        ({"title": "t", "body": "b", "tags": "news"}, "tags"),
    ],
)
def test_values_that_break_the_schema_are_422_naming_the_field(aws, body, field):
    res = call("posts_create", body=body, authorizer=USER)
    assert res.status == 422
    assert field in [d["field"] for d in res.json["error"]["details"]]


def test_limits_are_inclusive(aws):
    body = {"title": "t" * 200, "body": "b" * 10_000, "tags": [f"tag-{i}" for i in range(10)]}
    assert call("posts_create", body=body, authorizer=USER).status == 201
