"""Secret values from Secrets Manager, cached per container.

A cold start that cannot reach Secrets Manager is a 503; a warm container whose refresh fails keeps serving
the value it has (logged), so a Secrets Manager blip does not take the API down.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.observability import logger
from keel.repositories import aws


@dataclass
class _Cached:
    value: str
    fetched_at: float


_cache: dict[str, _Cached] = {}
_lock = threading.Lock()


def get_secret_string(secret_id: str, *, max_age_s: float | None = None) -> str:
    """The current ``SecretString`` of ``secret_id``, refreshed after ``secrets_cache_s`` seconds (or sooner,
    after ``max_age_s``, for a caller that has reason to think the value changed)."""
    now = time.monotonic()
    cached = _cache.get(secret_id)
    max_age = get_settings().secrets_cache_s if max_age_s is None else max_age_s
    if cached and now - cached.fetched_at < max_age:
        return cached.value
    with _lock:
        try:
            value = str(aws.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
        except (ClientError, BotoCoreError) as exc:
            if cached:
                logger.warning("secret refresh failed; serving cached value", extra={"error": type(exc).__name__})
                return cached.value
            raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s) from exc
        _cache[secret_id] = _Cached(value, now)
        return value


def forget(secret_id: str | None = None) -> None:
    """Drop cached values (tests; after a rotation in-process)."""
    if secret_id is None:
        _cache.clear()
    else:
        _cache.pop(secret_id, None)
