"""Login lockout (SPEC §5): consecutive failures inside a window lock an email for a while, whether or not an
account exists for it, so the answer never tells which emails are registered."""

from __future__ import annotations

import hashlib

from keel.config import get_settings
from keel.errors import TooManyRequestsError
from keel.observability import security_event
from keel.repositories.lockout import Failures, LockoutRepository


def subject(email: str) -> str:
    """A stable pseudonym of an email for security logs (correlates attacks without logging addresses)."""
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def seconds_locked(failures: Failures | None, now: int) -> int:
    """How long the email stays locked (0 when it is not)."""
    settings = get_settings()
    if failures is None or failures.count < settings.lockout_max_failures:
        return 0
    return max(0, failures.last_failure_at + settings.lockout_duration_s - now)


def ensure_unlocked(email: str, *, lockouts: LockoutRepository, now: int) -> Failures | None:
    """Raise 429 with Retry-After while ``email`` is locked; otherwise return its current failure streak."""
    failures = lockouts.get(email)
    remaining = seconds_locked(failures, now)
    if remaining > 0:
        raise TooManyRequestsError("Too many failed attempts. Try again later.", retry_after_s=remaining)
    return failures


def record_failure(email: str, *, lockouts: LockoutRepository, now: int) -> None:
    """Count a failed attempt; the one that reaches the limit locks the email (metric AccountLocked)."""
    settings = get_settings()
    keep = max(settings.lockout_window_s, settings.lockout_duration_s)
    failures = lockouts.record_failure(email, now=now, window_s=settings.lockout_window_s, expires_at=now + keep)
    if failures.count == settings.lockout_max_failures:
        security_event("AccountLocked", subject=subject(email), locked_for_s=settings.lockout_duration_s)
