"""Where a page of posts starts: the global feed's monthly buckets, and cursor keys checked against the
listing they claim to belong to. Part of the posts repository (see ``keel.repositories.posts``).

The feed is one GSI2 partition per month (``FEED#2026-11``), newest first. A page reads its bucket and, when that
runs out, earlier months within the same request (at most three Queries, ``PostsRepository.feed``), down to the
configured epoch. A cursor is a key inside a bucket, or a bucket marker: the top of a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ulid import ULID

from keel.config import get_settings
from keel.errors import BadRequestError
from keel.models.posts import StoredPost
from keel.repositories.dynamo import Table, deserialize, serialize, values
from keel.repositories.schema import GSI1, GSI2, PK, SK, Index

FEED_PREFIX = "FEED#"
POST_SK = "POST"
FEED_MAX_QUERIES = 3  # per feed page: its month and up to two earlier ones
_BUCKET = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Page:
    posts: list[StoredPost]
    next_key: dict[str, str] | None


def post_key(post_id: str) -> dict[str, str]:
    return {PK: f"POST#{post_id}", SK: POST_SK}


def author_partition(author_id: str) -> str:
    return f"AUTHOR#{author_id}"


def bucket_of(post_id: str) -> str:
    """The month (UTC) of a post, from the timestamp inside its ULID."""
    return ULID.from_str(post_id).datetime.strftime("%Y-%m")


def partition(bucket: str) -> str:
    return f"{FEED_PREFIX}{bucket}"


def previous(bucket: str) -> str:
    year, month = (int(p) for p in bucket.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def _invalid() -> BadRequestError:
    return BadRequestError("The cursor is invalid or does not belong to this listing.")


@dataclass(frozen=True)
class Position:
    bucket: str
    start: dict[str, str] | None
    epoch: str

    def next_bucket_marker(self) -> dict[str, str] | None:
        """The cursor key once this bucket is exhausted: the top of the previous month, none at the epoch."""
        return {GSI2.pk: partition(previous(self.bucket))} if self.bucket > self.epoch else None


def position(after: dict[str, str] | None, *, now: datetime, epoch: str) -> Position:
    """Decode a feed cursor key: none (this month), a bucket marker, or a key inside a bucket."""
    if after is None:
        return Position(now.strftime("%Y-%m"), None, epoch)
    marker = after.get(GSI2.pk, "")
    bucket = marker.removeprefix(FEED_PREFIX)
    if not marker.startswith(FEED_PREFIX) or not _BUCKET.match(bucket):
        raise _invalid()
    start = None if set(after) == {GSI2.pk} else start_key(after, GSI2, marker)
    return Position(bucket, start, epoch)


def start_key(after: dict[str, str], index: Index, partition_value: str) -> dict[str, str]:
    """The ``ExclusiveStartKey`` a cursor stands for, if it really is a position in this index partition."""
    if set(after) != {PK, SK, index.pk, index.sk} or after[index.pk] != partition_value:
        raise _invalid()
    return after


class Listings:
    """The listing half of the posts repository: newest-first pages from GSI1 (by author) and GSI2 (the feed)."""

    table: Table

    def by_author(self, author_id: str, *, limit: int, after: dict[str, str] | None) -> Page:
        """Newest first from GSI1, one Query (one item more than the page: a next page only if it has posts)."""
        bucket = author_partition(author_id)
        start = start_key(after, GSI1, bucket) if after else None
        found = self._query(GSI1.name, GSI1.pk, bucket, limit + 1, start)
        more = len(found) > limit
        return Page(found[:limit], _index_key(found[limit - 1], GSI1, bucket) if more else None)

    def feed(self, *, limit: int, after: dict[str, str] | None, now: datetime) -> Page:
        """Newest first from the GSI2 month buckets: a page fills from earlier months within the request, with
        at most ``FEED_MAX_QUERIES`` Queries (docs/data-model.md, "Posts"). Each Query asks one item more than
        the page still needs, so a next cursor is given only when a further post has been seen, or when the
        bound stopped the walk before the epoch."""
        at = position(after, now=now, epoch=get_settings().posts_feed_epoch)
        bucket, start, posts = at.bucket, at.start, list[StoredPost]()
        for _ in range(FEED_MAX_QUERIES):
            want = limit - len(posts)
            found = self._query(GSI2.name, GSI2.pk, partition(bucket), want + 1, start)
            posts += found[:want]
            if len(found) > want:  # a post beyond this page exists: continue after the last one shown
                last = _index_key(posts[-1], GSI2, partition(bucket)) if want else None
                return Page(posts, last or {GSI2.pk: partition(bucket)})
            if bucket <= at.epoch:
                return Page(posts, None)
            bucket, start = previous(bucket), None
        return Page(posts, {GSI2.pk: partition(bucket)})  # the bound: the next page walks on from here

    def _query(
        self, index: str, attribute: str, partition: str, limit: int, start: dict[str, str] | None
    ) -> list[StoredPost]:
        extra = {"ExclusiveStartKey": serialize(start)} if start else {}
        resp = self.table.call(
            "query",
            IndexName=index,
            KeyConditionExpression="#p = :p",
            ExpressionAttributeNames={"#p": attribute},
            ExpressionAttributeValues=values({":p": partition}),
            ScanIndexForward=False,
            Limit=limit,
            **extra,
        )
        return [StoredPost.model_validate(deserialize(i)) for i in resp.get("Items", [])]


def _index_key(post: StoredPost, index: Index, partition: str) -> dict[str, str]:
    """The index position of ``post`` (its ``LastEvaluatedKey`` shape): where the next page starts after it."""
    return {**post_key(post.id), index.pk: partition, index.sk: post.id}
