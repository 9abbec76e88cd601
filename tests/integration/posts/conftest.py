"""Fixtures for the posts tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from keel.config import get_settings
from keel.repositories import aws as aws_clients
from tests.support.posts import CallCounter


@pytest.fixture
def ddb_calls(aws: Any) -> Iterator[CallCounter]:
    """Counts the DynamoDB operations the handlers send through the shared client."""
    counter = CallCounter()
    client = aws_clients.client("dynamodb")
    client.meta.events.register("before-call.dynamodb", counter)
    yield counter
    client.meta.events.unregister("before-call.dynamodb", counter)


@pytest.fixture(autouse=True)
def feed_epoch_this_month(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The feed ends at the current month unless a test moves the epoch (so results do not depend on the date)."""
    monkeypatch.setenv("KEEL_POSTS_FEED_EPOCH", datetime.now(UTC).strftime("%Y-%m"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
