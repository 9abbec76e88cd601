"""Time, injectable: services take a ``clock`` (epoch seconds) so tests can move time without sleeping."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
# The last second formatted: every response's meta and every write carry a timestamp with second precision, and
# formatting one costs more than the rest of the envelope, so requests within the same second share it.
_last: tuple[int, str] = (-1, "")


def system() -> float:
    """The wall clock, in epoch seconds."""
    return time.time()


def iso(epoch_s: float) -> str:
    """RFC 3339 UTC with second precision, the API's timestamp format (SPEC §1)."""
    global _last  # noqa: PLW0603 - a one-entry cache; replacing the tuple is atomic
    second = int(epoch_s // 1)
    if round((epoch_s - second) * 1e6) >= 1_000_000:  # datetime rounds to the microsecond first: so do we
        second += 1
    last = _last
    if last[0] != second:
        last = _last = (second, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second)))
    return last[1]
