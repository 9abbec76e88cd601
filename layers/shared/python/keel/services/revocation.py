"""Ending sessions (SPEC §5): logout, logout-all and reuse detection. No token signing here, so the logout
functions do not load PyJWT."""

from __future__ import annotations

import hmac

from keel.auth.context import Caller
from keel.auth.permissions import Action
from keel.auth.refresh_tokens import digest, session_id_of, was_retired
from keel.clock import Clock, system
from keel.errors import UnauthorizedError
from keel.models.auth import StoredSession
from keel.observability import security_event
from keel.repositories.sessions import SessionsRepository
from keel.repositories.users import UsersRepository


def invalid_refresh_token() -> UnauthorizedError:
    return UnauthorizedError("The refresh token is invalid, expired or revoked.")


def reuse_detected(session: StoredSession, sessions: SessionsRepository, now: int) -> UnauthorizedError:
    """Revoke a session whose superseded refresh token was presented (metric RefreshReuseDetected)."""
    sessions.revoke(session.id, now=now, reason="refresh-reuse")
    security_event("RefreshReuseDetected", session_id=session.id, user_id=session.user_id)
    return invalid_refresh_token()


def logout(token: str, *, sessions: SessionsRepository, clock: Clock = system) -> None:
    """Revoke the session ``token`` belongs to; silently nothing for unknown, never-issued or malformed tokens."""
    now = int(clock())
    session_id = session_id_of(token)
    session = sessions.get(session_id) if session_id else None
    if session is None or session.revoked_at is not None:
        return
    presented = digest(token)
    if hmac.compare_digest(presented, session.refresh_hash):
        sessions.revoke(session.id, now=now, reason="logout")
    elif was_retired(presented, session.retired_hashes):
        reuse_detected(session, sessions, now)  # a rotated-out token: someone else rotated it first
    # else: never issued for this session (a guess): nothing to do, and nothing to tell


def logout_all(caller: Caller, *, users: UsersRepository) -> None:
    """Revoke every session of the caller with one write (the user's session epoch moves on)."""
    caller.require(Action.MANAGE_SELF)
    if users.update(caller.user_id, {}, revoke_sessions=True) is None:
        raise UnauthorizedError()
    security_event("AllSessionsRevoked", user_id=caller.user_id, reason="logout-all")
