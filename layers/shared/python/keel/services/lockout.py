"""Login lockout (SPEC §5): at most five password checks per email in any rolling 15-minute window; the fifth
failure locks the email for 15 minutes, whether or not an account exists for it, so the answer never tells
which emails are registered. Each check is reserved by one conditional write BEFORE the password is checked
(``keel.repositories.lockout``), so the limit holds however many guesses arrive at once."""

from __future__ import annotations

from keel.config import get_settings
from keel.errors import TooManyRequestsError
from keel.observability import security_event
from keel.pseudonyms import pseudonym
from keel.repositories.lockout import LockoutRepository, Policy, Reservation


def subject(email: str) -> str:
    """A keyed pseudonym of an email for security logs (correlates attacks without logging addresses)."""
    return pseudonym("email", email)


def _policy() -> Policy:
    s = get_settings()
    return Policy(limit=s.lockout_max_failures, window_s=s.lockout_window_s, duration_s=s.lockout_duration_s)


def reserve_check(email: str, *, lockouts: LockoutRepository, now: int) -> Reservation:
    """Count one password check for ``email``; 429 with Retry-After when no check is allowed now."""
    reservation = lockouts.reserve(email, now=now, policy=_policy())
    if not reservation.granted:
        message = "Too many failed attempts. Try again later."
        raise TooManyRequestsError(message, retry_after_s=reservation.retry_after_s)
    return reservation


def failed(email: str, reservation: Reservation) -> None:
    """The reserved check failed: it stays counted; the one that reached the limit locked (AccountLocked)."""
    if reservation.locks:
        security_event("AccountLocked", subject=subject(email), locked_for_s=get_settings().lockout_duration_s)


def succeeded(email: str, *, lockouts: LockoutRepository) -> None:
    """A right password ends the count, its own reservation included."""
    lockouts.clear(email)
