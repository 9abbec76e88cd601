from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import LocalServer


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    """The local gateway in its own process, throttling off (per-test throttling checks start their own)."""
    srv = LocalServer({"KEEL_LOCAL_THROTTLING": "0"}).start()
    yield srv
    srv.stop()
