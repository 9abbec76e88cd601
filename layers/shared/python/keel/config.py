"""One validated settings object for every function, read lazily from the environment and cached.

Environment variables name resources and secrets (table name, secret ids); they never hold key material.
Tests call ``get_settings.cache_clear()`` after changing the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ENV_PREFIX = "KEEL_"


class Argon2Params(BaseModel):
    """Argon2id cost parameters; the defaults are the OWASP minimum (m=19 MiB, t=2, p=1)."""

    model_config = ConfigDict(frozen=True)
    time_cost: int = Field(2, ge=1)
    memory_cost: int = Field(19456, ge=8, description="KiB")
    parallelism: int = Field(1, ge=1)


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    stage: Literal["local", "test", "dev", "prod"] = "local"
    service: str = "keel"
    version: str = "0.1.0"
    table_name: str = "keel-local"
    signing_key_secret_id: str = "keel/local/signing-keys"  # noqa: S105 - a secret name, not a secret
    cursor_key_secret_id: str = "keel/local/cursor-key"  # noqa: S105 - a secret name, not a secret
    issuer: str = "https://keel.local"
    audience: str = "keel-api"
    access_token_ttl_s: int = Field(900, ge=60, le=3600)
    refresh_idle_ttl_s: int = Field(7 * 86400, ge=60)
    refresh_absolute_ttl_s: int = Field(30 * 86400, ge=60)
    token_leeway_s: int = Field(30, ge=0, le=30)
    secrets_cache_s: int = Field(300, ge=0)
    argon2: Argon2Params = Argon2Params()
    # A password zxcvbn can guess in fewer tries than this is "common" (a listed password, a dictionary word,
    # a keyboard walk or a repeat, with or without trivial decoration) and is refused with 422.
    password_min_guesses: int = Field(1_000_000, ge=1)
    lockout_max_failures: int = Field(5, ge=1)
    lockout_window_s: int = Field(15 * 60, ge=1)
    lockout_duration_s: int = Field(15 * 60, ge=1)
    cors_allow_origins: tuple[str, ...] = ()
    aws_connect_timeout_s: float = Field(1.0, gt=0)
    aws_read_timeout_s: float = Field(2.0, gt=0)
    aws_max_attempts: int = Field(3, ge=1, le=5, description="total attempts, first call included")
    retry_after_s: int = Field(1, ge=1)
    max_body_bytes: int = 64 * 1024
    max_json_depth: int = 32
    # Posts: the global feed is bucketed by month; listing walks back to this month and stops (docs/data-model.md).
    posts_feed_epoch: str = Field("2026-11", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    idempotency_ttl_s: int = Field(24 * 3600, ge=60, description="how long an Idempotency-Key is remembered")
    # Email (SPEC §7). Links in mails point at the web app (``<app_url>/verify-email?token=...``).
    app_url: str = Field("http://localhost:5173", pattern=r"^https?://[^\s?#]+$")
    mail_from: str = "Keel <no-reply@keel.local>"
    mail_configuration_set: str = "keel-local"
    mail_outbox_file: str | None = None  # local only: deliver to this JSON-lines file instead of SES
    verify_token_ttl_s: int = Field(24 * 3600, ge=60)
    reset_token_ttl_s: int = Field(30 * 60, ge=60)
    mail_rate_limit: int = Field(3, ge=1, description="mails of one kind per address per window")
    mail_rate_window_s: int = Field(3600, ge=60)
    mail_claim_lease_s: int = Field(60, ge=1, description="how long a worker's claim on a mail holds")
    unverified_read_only: bool = False  # when on, unverified accounts get 403 on content writes


def _from_environ(environ: dict[str, str]) -> dict[str, object]:
    """Map KEEL_* variables onto the settings fields (KEEL_ARGON2_TIME_COST -> argon2.time_cost)."""
    raw: dict[str, object] = {}
    argon2: dict[str, str] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name.startswith("argon2_"):
            argon2[name[len("argon2_") :]] = value
        elif name == "cors_allow_origins":
            raw[name] = tuple(o.strip() for o in value.split(",") if o.strip())
        else:
            raw[name] = value
    if argon2:
        raw["argon2"] = argon2
    return raw


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings for this process; raises ``RuntimeError`` naming the bad variables (never their values)."""
    try:
        return Settings.model_validate(_from_environ(dict(os.environ)))
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in err["loc"]) for err in exc.errors())
        raise RuntimeError(f"invalid Keel configuration: {fields}") from None
