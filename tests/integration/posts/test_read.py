"""GET /v1/posts/{post_id}: public reads, ETags and If-None-Match, and what is not there."""

from __future__ import annotations

import pytest

from tests.support.posts import USER, create, delete, get, update


def test_anyone_reads_a_post_with_its_etag(aws):
    post = create().data

    res = get(post["id"])

    assert res.status == 200
    assert res.data == post
    assert res.headers["ETag"] == f'"{post["id"]}.v1"'
    assert res.headers["Cache-Control"] == "no-cache"  # public, but revalidate with the ETag


def test_a_matching_if_none_match_is_304_without_a_body(aws):
    etag = create().headers["ETag"]
    post_id = etag.strip('"').split(".")[0]

    for header in [etag, f"W/{etag}", f'"other", {etag}', "*"]:
        res = get(post_id, headers={"If-None-Match": header})
        assert res.status == 304, header
        assert res.text == ""
        assert res.headers["ETag"] == etag


def test_a_stale_if_none_match_gets_the_new_version(aws):
    created = create()
    post_id = created.data["id"]
    assert update(post_id, {"title": "v2"}).status == 200

    res = get(post_id, headers={"If-None-Match": created.headers["ETag"]})

    assert res.status == 200
    assert res.data["version"] == 2
    assert res.headers["ETag"] == f'"{post_id}.v2"'


def test_an_unusable_if_none_match_is_400(aws):
    post_id = create().data["id"]
    assert get(post_id, headers={"If-None-Match": "no-quotes"}).status == 400


def test_an_unknown_post_is_404(aws):
    res = get("01M7WD7TG0ZZZZZZZZZZZZZZZZ")
    assert res.status == 404
    assert res.error_code == "NOT_FOUND"


def test_a_deleted_post_is_404(aws):
    post_id = create().data["id"]
    assert delete(post_id).status == 204

    assert get(post_id).status == 404
    assert get(post_id, headers={"If-None-Match": "*"}).status == 404


@pytest.mark.parametrize(
    "bad", ["not-a-ulid", "01m7wd7tg0zzzzzzzzzzzzzzzz", "81M7WD7TG0ZZZZZZZZZZZZZZZZ", "01M7WD7TG0ZZZZZZZZZZZZZZZU"]
)
def test_a_malformed_post_id_is_422_on_every_post_route(aws, bad):
    assert get(bad).status == 422
    assert update(bad, {"title": "x"}, authorizer=USER).status == 422
    assert delete(bad, authorizer=USER).status == 422
    assert get(bad).json["error"]["details"][0]["field"] == "post_id"


def test_one_dynamodb_call_per_read(aws, ddb_calls):
    post_id = create().data["id"]
    assert ddb_calls.during(lambda: get(post_id)) == ["GetItem"]
