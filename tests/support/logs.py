"""Capturing Keel's structured log lines (the Powertools JSON the functions emit), at every level."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

from keel.observability import logger


class Captured:
    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def events(self, name: str) -> list[dict[str, Any]]:
        """The security log lines for ``name`` (``LoginFailed``...)."""
        return [r for r in self.records if r.get("security_event") == name]


@contextlib.contextmanager
def captured_logs(level: int = logging.DEBUG) -> Iterator[Captured]:
    captured = Captured()
    handler = logging.StreamHandler(captured.stream)
    handler.setFormatter(logger.registered_formatter)
    inner = logging.getLogger(logger.name)
    previous = inner.level
    inner.addHandler(handler)
    inner.setLevel(level)
    try:
        yield captured
    finally:
        inner.removeHandler(handler)
        inner.setLevel(previous)
