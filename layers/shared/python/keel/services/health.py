"""Health: each dependency is probed independently, so a 503 names exactly what is failing."""

from __future__ import annotations

from collections.abc import Callable

from keel.errors import FieldError, ServiceUnavailableError
from keel.models.health import HealthChecks, HealthReport

Probe = Callable[[], bool]


def check(*, version: str, table: Probe, secrets: Probe) -> HealthReport:
    """The report when every dependency answers; otherwise a 503 whose details name each failing check."""
    checks = HealthChecks(
        dynamodb="ok" if table() else "unavailable",
        secrets="ok" if secrets() else "unavailable",
    )
    failing = [name for name, state in checks.model_dump().items() if state != "ok"]
    if failing:
        raise ServiceUnavailableError(
            f"Unavailable: {', '.join(failing)}.",
            details=[FieldError(f"checks.{name}", "unavailable") for name in failing],
        )
    return HealthReport(status="ok", version=version, checks=checks)
