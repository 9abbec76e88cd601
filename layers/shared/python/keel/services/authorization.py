"""The authorizer's decision (SPEC §5): a valid access token, a live session and a live user, read in ONE
DynamoDB round trip; the context carries the user's CURRENT role from the table."""

from __future__ import annotations

from keel.auth.context import authorizer_context
from keel.auth.tokens import InvalidToken, verify_access_token
from keel.clock import Clock, system
from keel.config import get_settings
from keel.repositories.sessions import SessionsRepository


class Denied(Exception):
    """The credentials are missing, invalid, expired or revoked (the reason is for logs only)."""


def authorize(token: str | None, *, sessions: SessionsRepository, clock: Clock = system) -> dict[str, str]:
    """The context for the handlers (``sub``, ``role``, ``sid``), or ``Denied``."""
    if not token:
        raise Denied("no bearer token")
    try:
        claims = verify_access_token(token)
    except InvalidToken as exc:
        raise Denied(f"token: {exc}") from None
    session, user = sessions.get_with_user(claims.sid, claims.sub)
    if user is None or user.deleted_at:
        raise Denied("user deleted or unknown")
    idle = get_settings().refresh_idle_ttl_s
    if session is None or session.user_id != user.id:
        raise Denied("session unknown")
    if not session.usable(now=int(clock()), idle_s=idle, user_epoch=user.session_epoch):
        raise Denied("session revoked or expired")
    return authorizer_context(user.id, user.role, claims.sid, email_verified=user.email_verified)
