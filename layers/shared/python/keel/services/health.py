"""Health: each dependency is probed independently, so a 503 names exactly what is failing."""

from __future__ import annotations

from collections.abc import Callable

from keel.models.health import HealthChecks, HealthReport

Probe = Callable[[], bool]


def check(*, version: str, table: Probe, secrets: Probe) -> HealthReport:
    checks = HealthChecks(
        dynamodb="ok" if table() else "unavailable",
        secrets="ok" if secrets() else "unavailable",
    )
    healthy = checks.dynamodb == "ok" and checks.secrets == "ok"
    return HealthReport(status="ok" if healthy else "unavailable", version=version, checks=checks)
