from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class HealthChecks(BaseModel):
    dynamodb: Literal["ok", "unavailable"]
    secrets: Literal["ok", "unavailable"]


class HealthReport(BaseModel):
    status: Literal["ok"]
    version: str
    checks: HealthChecks
