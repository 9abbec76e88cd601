"""Sessions and their tokens (SPEC §5): opened at login, rotated at each refresh (revocation: ``revocation``).

A refresh token that is presented after it was rotated (or after a concurrent refresh won the race) means two
parties hold it: the whole session is revoked and RefreshReuseDetected is recorded. A token that was never issued
for the session (a guessed secret for a known session id) is only invalid: it revokes nothing.
"""

from __future__ import annotations

import hmac

from ulid import ULID

from keel.auth.refresh_tokens import digest, new_refresh_token, retire, session_id_of, was_retired
from keel.auth.tokens import issue_access_token
from keel.clock import Clock, system
from keel.config import get_settings
from keel.errors import ConflictError, ServiceUnavailableError
from keel.models.auth import StoredSession, TokenPair
from keel.models.users import StoredUser
from keel.repositories.sessions import SessionsRepository
from keel.repositories.users import UsersRepository
from keel.services.revocation import invalid_refresh_token, reuse_detected


def _pair(user: StoredUser, session_id: str, refresh_token: str, now: int) -> TokenPair:
    access = issue_access_token(user_id=user.id, role=user.role, session_id=session_id, now=now)
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=get_settings().access_token_ttl_s)


def open_session(user: StoredUser, *, sessions: SessionsRepository, now: int) -> TokenPair:
    """A new session for ``user`` and its first token pair."""
    settings = get_settings()
    session_id = str(ULID())
    token = new_refresh_token(session_id)
    session = StoredSession(
        id=session_id,
        user_id=user.id,
        epoch=user.session_epoch,
        refresh_hash=digest(token),
        created_at=now,
        last_used_at=now,
        absolute_expiry=now + settings.refresh_absolute_ttl_s,
    )
    try:
        sessions.create(session, expires_at=session.expires_at(settings.refresh_idle_ttl_s))
    except ConflictError as exc:  # a fresh random id already taken: nothing the client did; it may retry
        raise ServiceUnavailableError(retry_after_s=settings.retry_after_s) from exc
    return _pair(user, session_id, token, now)


def refresh(token: str, *, sessions: SessionsRepository, users: UsersRepository, clock: Clock = system) -> TokenPair:
    """Rotate ``token``: a new pair for the same session; 401 if the token is not the session's current one."""
    now = int(clock())
    session_id = session_id_of(token)
    session = sessions.get(session_id) if session_id else None
    if session is None or session.revoked_at is not None:
        raise invalid_refresh_token()
    presented = digest(token)
    if not hmac.compare_digest(presented, session.refresh_hash):
        if was_retired(presented, session.retired_hashes):
            raise reuse_detected(session, sessions, now)
        raise invalid_refresh_token()
    user = users.get(session.user_id)
    idle = get_settings().refresh_idle_ttl_s
    if user is None or user.deleted_at or not session.usable(now=now, idle_s=idle, user_epoch=user.session_epoch):
        raise invalid_refresh_token()
    new_token = new_refresh_token(session.id)
    expires_at = min(now + idle, session.absolute_expiry)
    retired = retire(presented, session.retired_hashes)
    rotated = sessions.rotate(
        session.id, presented=presented, new_hash=digest(new_token), retired=retired, now=now, expires_at=expires_at
    )
    if not rotated:
        raise reuse_detected(session, sessions, now)  # a concurrent refresh rotated this very token first
    return _pair(user, session.id, new_token, now)
