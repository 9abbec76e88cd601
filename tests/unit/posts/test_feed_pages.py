"""The global feed's month buckets and the cursor keys a page may start from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ulid import ULID

from keel.errors import BadRequestError
from keel.repositories import post_pages as pages
from keel.repositories.schema import GSI1, GSI2

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def test_a_post_lands_in_the_month_of_its_id():
    assert pages.bucket_of(str(ULID.from_datetime(datetime(2026, 1, 31, 23, 59, tzinfo=UTC)))) == "2026-01"
    assert pages.bucket_of(str(ULID.from_datetime(datetime(2026, 2, 1, 0, 0, tzinfo=UTC)))) == "2026-02"


@pytest.mark.parametrize(("bucket", "before"), [("2026-11", "2026-10"), ("2026-01", "2025-12"), ("2000-10", "2000-09")])
def test_previous_month(bucket, before):
    assert pages.previous(bucket) == before


def test_no_cursor_starts_at_the_top_of_this_month():
    position = pages.position(None, now=NOW, epoch="2026-01")
    assert (position.bucket, position.start) == ("2026-11", None)
    assert position.next_bucket_marker() == {GSI2.pk: "FEED#2026-10"}


def test_the_feed_ends_at_the_epoch_month():
    assert pages.position(None, now=NOW, epoch="2026-11").next_bucket_marker() is None
    marker = {GSI2.pk: "FEED#2026-03"}
    assert pages.position(marker, now=NOW, epoch="2026-03").next_bucket_marker() is None


def test_a_key_inside_a_bucket_continues_that_bucket():
    key = {"PK": "POST#X", "SK": "POST", GSI2.pk: "FEED#2026-10", GSI2.sk: "X"}
    position = pages.position(key, now=NOW, epoch="2026-01")
    assert (position.bucket, position.start) == ("2026-10", key)


@pytest.mark.parametrize(
    "key",
    [
        {GSI2.pk: "FEED#2026-13"},
        {GSI2.pk: "AUTHOR#x"},
        {GSI2.pk: "FEED#2026-10", "extra": "1"},
        {"PK": "POST#X", "SK": "POST", GSI1.pk: "AUTHOR#a", GSI1.sk: "X"},
        {},
    ],
)
def test_keys_that_are_not_feed_positions_are_rejected(key):
    with pytest.raises(BadRequestError):
        pages.position(key, now=NOW, epoch="2026-01")


def test_an_author_key_must_belong_to_that_author():
    key = {"PK": "POST#X", "SK": "POST", GSI1.pk: "AUTHOR#a", GSI1.sk: "X"}
    assert pages.start_key(key, GSI1, "AUTHOR#a") == key
    with pytest.raises(BadRequestError):
        pages.start_key(key, GSI1, "AUTHOR#b")
