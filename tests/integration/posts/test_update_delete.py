"""PATCH and DELETE /v1/posts/{post_id}: versions, ETags and If-Match, soft delete, and one write each."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from keel.auth.context import caller_from
from keel.errors import PreconditionFailedError
from keel.models.posts import PostUpdate
from keel.repositories.posts import repository
from keel.services import posts as service
from tests.support.posts import ADMIN, USER, create, delete, get, listing, update


def test_an_update_changes_only_the_fields_sent_and_bumps_the_version(aws):
    post = create(title="Before", body="Body stays", tags=["a"]).data

    res = update(post["id"], {"title": "After", "tags": []})

    assert res.status == 200
    assert res.data == {**post, "title": "After", "tags": [], "version": 2, "updated_at": res.data["updated_at"]}
    assert res.data["updated_at"] >= post["updated_at"]
    assert res.headers["ETag"] == f'"{post["id"]}.v2"'
    assert get(post["id"]).data == res.data


def test_if_match_with_the_current_etag_succeeds_and_a_stale_one_is_412(aws):
    created = create()
    post_id, v1 = created.data["id"], created.headers["ETag"]

    first = update(post_id, {"title": "first"}, headers={"If-Match": v1})
    second = update(post_id, {"title": "second"}, headers={"If-Match": v1})

    assert first.status == 200
    assert second.status == 412
    assert second.error_code == "PRECONDITION_FAILED"
    assert get(post_id).data["title"] == "first"
    assert update(post_id, {"title": "third"}, headers={"If-Match": first.headers["ETag"]}).status == 200


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ("*", 200),
        ('"other", {etag}', 200),
        ("W/{etag}", 412),  # If-Match uses the strong comparison
        ('"01M7WD7TG0ZZZZZZZZZZZZZZZZ.v1"', 412),  # another post's ETag never matches
        ('"garbage"', 412),
        ("no-quotes", 400),
        ('"unterminated', 400),
    ],
)
def test_if_match_forms(aws, if_match, status):
    created = create()
    header = if_match.format(etag=created.headers["ETag"])

    res = update(created.data["id"], {"title": "x"}, headers={"If-Match": header})

    assert res.status == status, res.json
    assert get(created.data["id"]).data["version"] == (2 if status == 200 else 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"title": None}, "title"),
        ({"tags": None}, "tags"),
        ({"title": ""}, "title"),
        ({"body": "b" * 10_001}, "body"),
        ({"tags": ["BAD"]}, "tags.0"),
        ({"version": 9}, "version"),
        ({"author_id": ADMIN["sub"]}, "author_id"),
        ({"title": "ok", "deleted_at": "2026-01-01T00:00:00Z"}, "deleted_at"),
    ],
)
def test_invalid_patches_are_422_naming_the_field_and_change_nothing(aws, body, field):
    post = create().data

    res = update(post["id"], body)

    assert res.status == 422
    assert field in [d["field"] for d in res.json["error"]["details"]]
    assert get(post["id"]).data == post


def test_patch_body_rules_match_create(aws):
    post_id = create().data["id"]
    assert update(post_id, '{"title": "a", "title": "b"}').status == 400
    assert update(post_id, "[]").status == 400
    assert update(post_id, '{"title": "x"}', headers={"Content-Type": "text/plain"}).status == 415


def test_a_soft_deleted_post_is_404_everywhere_and_cannot_be_edited_or_deleted_again(aws):
    post_id = create().data["id"]

    assert delete(post_id).status == 204
    assert get(post_id).status == 404
    assert post_id not in [p["id"] for p in listing().data]
    assert listing(author_id=USER["sub"]).data == []
    assert update(post_id, {"title": "zombie"}).status == 404
    assert update(post_id, {"title": "zombie"}, authorizer=ADMIN).status == 404
    assert delete(post_id).status == 404


def test_delete_honours_if_match(aws):
    created = create()
    post_id = created.data["id"]
    assert update(post_id, {"title": "changed"}).status == 200

    assert delete(post_id, headers={"If-Match": created.headers["ETag"]}).status == 412
    assert delete(post_id, headers={"If-Match": f'"{post_id}.v2"'}).status == 204


def test_updating_or_deleting_an_unknown_post_is_404_and_creates_nothing(aws):
    unknown = "01M7WD7TG0ZZZZZZZZZZZZZZZZ"
    assert update(unknown, {"title": "x"}, authorizer=ADMIN).status == 404
    assert delete(unknown, authorizer=ADMIN).status == 404
    assert get(unknown).status == 404


def test_one_dynamodb_call_per_update_and_per_delete(aws, ddb_calls):
    post_id = create().data["id"]
    assert ddb_calls.during(lambda: update(post_id, {"title": "x"})) == ["UpdateItem"]
    assert ddb_calls.during(lambda: update(post_id, {"title": "x"}, headers={"If-Match": '"x"'})) == ["UpdateItem"]
    assert ddb_calls.during(lambda: delete(post_id)) == ["UpdateItem"]
    assert ddb_calls.during(lambda: delete(post_id)) == ["UpdateItem"]  # the 404 comes from the same call


def _race(post_id: str, if_match: str | None, writers: int = 30):
    """``writers`` threads send an update at once through the real service and repository."""
    caller = caller_from({"requestContext": {"authorizer": USER}})
    start = threading.Barrier(writers)

    def write(i: int):
        start.wait()
        try:
            return service.update(
                caller, post_id, PostUpdate(title=f"writer {i}"), if_match=if_match, posts=repository()
            )
        except PreconditionFailedError as exc:
            return exc

    with ThreadPoolExecutor(writers) as pool:
        return list(pool.map(write, range(writers)))


def test_30_concurrent_updates_with_the_same_version_give_exactly_one_success(aws):
    created = create()
    post_id = created.data["id"]

    results = _race(post_id, created.headers["ETag"])

    winners = [r for r in results if not isinstance(r, PreconditionFailedError)]
    assert len(winners) == 1
    assert sum(isinstance(r, PreconditionFailedError) for r in results) == 29
    stored = get(post_id).data
    assert stored["version"] == 2
    assert stored["title"] == winners[0].post.title  # the one success is the state: nothing lost or mixed


def test_30_concurrent_unconditional_updates_each_bump_the_version(aws):
    post_id = create().data["id"]

    results = _race(post_id, None)

    versions = sorted(r.post.version for r in results)
    assert versions == list(range(2, 32))  # every write applied once, none overwrote another's bump
    assert get(post_id).data["version"] == 31
