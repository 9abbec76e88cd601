"""Shared fixtures. The environment is set at import, before any handler module is imported."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.update(
    {
        "KEEL_STAGE": "test",
        "KEEL_TABLE_NAME": "keel-test",
        "KEEL_SIGNING_KEY_SECRET_ID": "keel/test/signing-keys",
        "KEEL_CURSOR_KEY_SECRET_ID": "keel/test/cursor-key",
        # Cheap Argon2 for bulk tests; one test checks the production parameters.
        "KEEL_ARGON2_TIME_COST": "1",
        "KEEL_ARGON2_MEMORY_COST": "64",
        "POWERTOOLS_METRICS_NAMESPACE": "Keel",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
)

from infra.local import emulator

emulator.use_fake_credentials()

from _pytest.nodes import coerce_node_id  # noqa: E402

from infra.local.events import proxy_event  # noqa: E402
from infra.local.functions import invoke  # noqa: E402
from keel.config import get_settings  # noqa: E402
from keel.observability import metrics  # noqa: E402
from keel.routes import route_for  # noqa: E402


@pytest.fixture(autouse=True)
def _no_metrics_from_earlier_tests() -> Iterator[None]:
    """Services called directly (not through a handler) record metrics that no handler flushes; without this,
    the next handler's flush would print another test's events."""
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


@pytest.fixture
def aws() -> Iterator[emulator.Emulator]:
    """Fresh emulated AWS (table + secrets) for one test."""
    get_settings.cache_clear()
    with emulator.Emulator() as emu:
        yield emu
    get_settings.cache_clear()


class Result:
    """A handler's response, with the body parsed."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.status: int = raw["statusCode"]
        self.headers: dict[str, str] = raw.get("headers") or {}
        self.text: str = raw.get("body") or ""
        self.json: Any = json.loads(self.text) if self.text else None

    @property
    def data(self) -> Any:
        return self.json["data"]

    @property
    def error_code(self) -> str:
        return str(self.json["error"]["code"])


def call(
    function: str,
    *,
    path: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    path_params: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
    multi_headers: dict[str, list[str]] | None = None,
) -> Result:
    """Invoke ``function``'s real handler with an API Gateway event for its route (``multi_headers``: headers
    sent on several lines, as API Gateway's ``multiValueHeaders`` carries them)."""
    route = route_for(function)
    hdrs = dict(headers or {})
    raw_body: str | None = None
    if body is not None:
        raw_body = body if isinstance(body, str) else json.dumps(body)
        hdrs.setdefault("Content-Type", "application/json")
    concrete = path or route.path.format(**(path_params or {}))
    event = proxy_event(
        route.method,
        concrete,
        resource=route.path,
        path_params=path_params,
        headers={k: [v] for k, v in hdrs.items()} | (multi_headers or {}),
        query={k: [v] for k, v in (query or {}).items()},
        body=raw_body,
        authorizer=authorizer,
    )
    return Result(invoke(function, event))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep ``--dist loadgroup`` working: pytest 9 reads node ids from ``_id``, while xdist 3.8 appends the
    ``@group`` suffix to ``_nodeid``. Without this, a group's tests (the synths) spread over both workers and
    each worker synthesizes every stage again.
    """
    for item in items:
        grouped = item.__dict__.get("_nodeid")
        if grouped and grouped != item.nodeid:
            item._id = coerce_node_id(grouped)
