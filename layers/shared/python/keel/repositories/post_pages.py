"""Where a page of posts starts: the global feed's monthly buckets, and cursor keys checked against the
listing they claim to belong to. Part of the posts repository (see ``keel.repositories.posts``).

The feed is one GSI2 partition per month (``FEED#2026-11``), newest first. A page reads ONE bucket; when that
bucket runs out, the next cursor points at the top of the previous month, down to the configured epoch. So a page
can be short at a month boundary, and a month without posts gives an empty page that still has a next cursor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ulid import ULID

from keel.errors import BadRequestError
from keel.models.posts import StoredPost
from keel.repositories.schema import GSI2, PK, SK, Index

FEED_PREFIX = "FEED#"
_BUCKET = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Page:
    posts: list[StoredPost]
    next_key: dict[str, str] | None


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
