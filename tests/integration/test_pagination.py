"""Signed cursors: round trip, tampering, foreign scope, garbage — always 400, never data or 500."""

from __future__ import annotations

import pytest

from keel.errors import BadRequestError
from keel.pagination import decode_cursor, encode_cursor

KEY = {"PK": "POST#01H", "SK": "POST", "GSI2PK": "FEED#2026-11", "GSI2SK": "01H"}


def test_a_cursor_round_trips_within_its_scope(aws):
    cursor = encode_cursor(KEY, "posts:feed")
    assert cursor is not None
    assert decode_cursor(cursor, "posts:feed") == KEY


def test_no_last_key_means_no_cursor(aws):
    assert encode_cursor(None, "posts:feed") is None
    assert decode_cursor(None, "posts:feed") is None


def test_a_cursor_from_another_listing_is_rejected(aws):
    cursor = encode_cursor(KEY, "posts:author=u1")
    with pytest.raises(BadRequestError):
        decode_cursor(cursor, "posts:author=u2")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: c[:-2] + ("AA" if not c.endswith("AA") else "BB"),  # signature tampered
        lambda c: "e30" + c[3:],  # payload tampered
        lambda c: c.replace(".", ""),  # no separator
        lambda c: "not-a-cursor",
        lambda c: "%%%.%%%",
        lambda c: "a" * 5000,
        lambda c: ".",
    ],
)
def test_tampered_or_garbage_cursors_are_bad_requests(aws, mutate):
    cursor = encode_cursor(KEY, "posts:feed")
    with pytest.raises(BadRequestError):
        decode_cursor(mutate(cursor), "posts:feed")
