"""Time, injectable: services take a ``clock`` (epoch seconds) so tests can move time without sleeping."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]


def system() -> float:
    """The wall clock, in epoch seconds."""
    return time.time()


def iso(epoch_s: float) -> str:
    """RFC 3339 UTC with second precision, the API's timestamp format (SPEC §1)."""
    return datetime.fromtimestamp(epoch_s, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
