"""GET /v1/posts: newest first from GSI queries, signed cursors, limits, and deleted posts vanishing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from ulid import ULID

from keel.config import get_settings
from keel.models.posts import StoredPost
from keel.repositories import secrets as secret_cache
from keel.repositories.posts import repository
from tests.support.posts import ADMIN, MODERATOR, OTHER_USER, USER, create, delete, listing


def ids(res) -> list[str]:
    return [p["id"] for p in res.data]


def walk(limit: int, between_pages=lambda: None, **query) -> list[list[str]]:
    """Every page of a listing, as lists of ids; ``between_pages`` runs after each page that has a next one."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        res = listing(limit=limit, **query, **({"cursor": cursor} if cursor else {}))
        assert res.status == 200, res.json
        pages.append(ids(res))
        assert len(pages[-1]) <= limit
        pagination = res.json["pagination"]
        assert pagination["has_next"] is (pagination["next_cursor"] is not None)
        cursor = pagination["next_cursor"]
        if not cursor:
            return pages
        between_pages()
        assert len(pages) < 100, "the listing never ends"


def flat(pages: list[list[str]]) -> list[str]:
    return [post_id for page in pages for post_id in page]


def test_the_feed_is_newest_first_and_public(aws):
    created = [create(title=f"post {i}").data["id"] for i in range(5)]

    res = listing()

    assert res.status == 200
    assert ids(res) == sorted(created, reverse=True)
    assert res.json["pagination"] == {"limit": 20, "next_cursor": None, "has_next": False}


def test_listing_by_author_shows_only_their_posts_newest_first(aws):
    mine = [create(USER).data["id"] for _ in range(3)]
    create(OTHER_USER)
    create(MODERATOR)

    res = listing(author_id=USER["sub"])

    assert ids(res) == sorted(mine, reverse=True)
    assert listing(author_id="01J0000000000000000000NXNE").data == []


def test_deleted_posts_vanish_from_both_listings_and_pages_stay_full(aws):
    created = [create().data["id"] for _ in range(10)]
    for post_id in created[::2]:
        assert delete(post_id).status == 204
    live = sorted(created[1::2], reverse=True)

    assert ids(listing(limit=5)) == live
    assert ids(listing(limit=3)) == live[:3]
    assert ids(listing(limit=3, author_id=USER["sub"])) == live[:3]
    assert flat(walk(2)) == live


def test_pages_have_no_gap_and_no_duplicate_while_posts_are_being_created(aws):
    before = [create(title=f"old {i}").data["id"] for i in range(23)]
    newer: list[str] = []

    def someone_posts():
        newer.extend(create(ADMIN, title="new").data["id"] for _ in range(3))

    seen = flat(walk(5, between_pages=someone_posts))

    assert seen == sorted(before, reverse=True)  # every older post once, in order; newer ones are above the cursor
    assert newer and not set(newer) & set(seen)


def test_author_pages_have_no_gap_and_no_duplicate_while_posts_are_being_created(aws):
    before = [create(USER).data["id"] for _ in range(9)]

    seen = flat(walk(4, between_pages=lambda: create(USER), author_id=USER["sub"]))

    assert seen == sorted(before, reverse=True)


def at(moment: datetime, author: str = USER["sub"]) -> str:
    """A post created at ``moment`` (as an older deployment would have), written through the repository."""
    post_id = str(ULID.from_datetime(moment))
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    post = StoredPost(
        id=post_id, author_id=author, title="t", body="b", tags=[], created_at=stamp, updated_at=stamp, version=1
    )
    repository().create(post)
    return post_id


def test_the_feed_walks_back_month_by_month_down_to_the_epoch(aws, monkeypatch, ddb_calls):
    now = datetime.now(UTC)
    this_month = now.replace(day=1, hour=12)
    last_month = (this_month - timedelta(days=1)).replace(day=10)
    three_months_ago = (this_month - timedelta(days=70)).replace(day=20)
    epoch = (three_months_ago - timedelta(days=28)).strftime("%Y-%m")  # four months back
    monkeypatch.setenv("KEEL_POSTS_FEED_EPOCH", epoch)
    get_settings.cache_clear()
    older = [at(three_months_ago), at(three_months_ago + timedelta(hours=1)), at(last_month)]
    recent = [create().data["id"] for _ in range(3)]

    pages = walk(2)

    assert flat(pages) == sorted(recent + older, reverse=True)
    # Pages fill across month boundaries: every page is full (6 posts, 3 pages), none is empty
    assert [len(p) for p in pages] == [2, 2, 2]
    # and no page costs more than three Queries
    assert max(page_costs(ddb_calls, limit=2)) <= 3
    assert walk(10, author_id=USER["sub"]) == [sorted(recent + older, reverse=True)]  # not bucketed


def page_costs(ddb_calls, **query) -> list[int]:
    """The DynamoDB calls of each page of a listing."""
    costs, cursor = [], None
    while True:
        seen: list = []
        ops = ddb_calls.during(lambda: seen.append(listing(**query, **({"cursor": cursor} if cursor else {}))))
        costs.append(len(ops))
        cursor = seen[0].json["pagination"]["next_cursor"]
        if not cursor:
            return costs


def test_the_first_page_of_a_month_without_posts_fills_from_the_previous_month(aws, monkeypatch):
    # Given no post yet this month, and three last month
    this_month = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=1)
    last_month = (this_month - timedelta(days=1)).replace(hour=8)
    monkeypatch.setenv("KEEL_POSTS_FEED_EPOCH", last_month.strftime("%Y-%m"))
    get_settings.cache_clear()
    older = [at(last_month + timedelta(minutes=i)) for i in range(3)]
    # When the first page is read
    res = listing(limit=2)
    # Then it is full, from last month, and says there is more
    assert ids(res) == sorted(older, reverse=True)[:2]
    assert res.json["pagination"]["has_next"] is True
    rest = listing(limit=2, cursor=res.json["pagination"]["next_cursor"])
    assert ids(rest) == sorted(older)[:1]
    assert rest.json["pagination"] == {"limit": 2, "next_cursor": None, "has_next": False}


@pytest.mark.parametrize("count", [0, 1, 2])
def test_has_next_is_true_only_when_more_posts_exist(aws, count):
    for _ in range(count):
        create()
    res = listing(limit=2)
    assert len(res.data) == count
    assert res.json["pagination"]["has_next"] is False
    author = listing(limit=2, author_id=USER["sub"])
    assert author.json["pagination"]["has_next"] is False


def test_a_page_that_ends_exactly_at_a_month_end_knows_whether_earlier_months_have_posts(aws, monkeypatch):
    this_month = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=1)
    # Given an epoch two months back (three buckets: one page's worth of Queries), and two posts this month
    monkeypatch.setenv("KEEL_POSTS_FEED_EPOCH", (this_month - timedelta(days=45)).strftime("%Y-%m"))
    get_settings.cache_clear()
    recent = [create().data["id"] for _ in range(2)]
    assert listing(limit=2).json["pagination"]["has_next"] is False  # nothing earlier, down to the epoch
    # When a post exists two months back
    old = at(this_month - timedelta(days=40))
    res = listing(limit=2)
    assert ids(res) == sorted(recent, reverse=True)
    assert res.json["pagination"]["has_next"] is True
    assert ids(listing(limit=2, cursor=res.json["pagination"]["next_cursor"])) == [old]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "1.5", ""])
def test_limit_outside_1_to_100_is_422(aws, limit):
    res = listing(limit=limit)
    assert res.status == 422
    assert res.json["error"]["details"][0]["field"] == "limit"


def test_limit_defaults_to_20_and_accepts_1_and_100(aws):
    for _ in range(21):
        create()

    assert len(listing().data) == 20
    assert listing().json["pagination"]["has_next"] is True
    assert len(listing(limit=1).data) == 1
    assert len(listing(limit=100).data) == 21


def test_a_malformed_author_id_is_422(aws):
    res = listing(author_id="../../etc")
    assert res.status == 422
    assert res.json["error"]["details"][0]["field"] == "author_id"


# --- cursors ----------------------------------------------------------------------------------------------------


@pytest.fixture
def feed_cursor(aws) -> str:
    for _ in range(3):
        create(USER)
        create(OTHER_USER)
    cursor = listing(limit=2).json["pagination"]["next_cursor"]
    assert cursor
    return cursor


def flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def test_a_cursor_continues_its_own_listing(aws, feed_cursor):
    res = listing(limit=2, cursor=feed_cursor)
    assert res.status == 200
    assert len(res.data) == 2


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: flip(c, 5),  # payload
        lambda c: flip(c, len(c) - 3),  # signature
        lambda c: c.split(".")[0],  # signature removed
        lambda c: c + "x",
        lambda c: c * 2,
        lambda c: "x" * 5000,
        lambda c: "",
        lambda c: "e30.e30",
    ],
    ids=["payload", "signature", "unsigned", "appended", "doubled", "huge", "empty", "forged"],
)
def test_a_tampered_cursor_is_400_never_data_never_500(aws, feed_cursor, tamper):
    res = listing(limit=2, cursor=tamper(feed_cursor))
    assert res.status == 400
    assert res.error_code == "BAD_REQUEST"
    assert "data" not in res.json


def test_a_cursor_from_another_listing_is_400(aws, feed_cursor):
    author_cursor = listing(limit=1, author_id=USER["sub"]).json["pagination"]["next_cursor"]

    assert listing(cursor=feed_cursor, author_id=USER["sub"]).status == 400
    assert listing(cursor=author_cursor).status == 400
    assert listing(cursor=author_cursor, author_id=OTHER_USER["sub"]).status == 400
    assert listing(cursor=author_cursor, author_id=USER["sub"]).status == 200


def test_a_cursor_signed_with_another_key_is_400(aws, feed_cursor):
    # Given the cursor key is rotated (or the cursor came from another deployment)
    boto3.client("secretsmanager").put_secret_value(
        SecretId=get_settings().cursor_key_secret_id, SecretString="a-different-key-of-enough-length-0123456789"
    )
    secret_cache.forget()

    assert listing(limit=2, cursor=feed_cursor).status == 400


def test_one_query_per_page(aws, ddb_calls, feed_cursor):
    assert ddb_calls.during(lambda: listing(limit=2)) == ["Query"]
    assert ddb_calls.during(lambda: listing(limit=2, cursor=feed_cursor)) == ["Query"]
    assert ddb_calls.during(lambda: listing(author_id=USER["sub"])) == ["Query"]
