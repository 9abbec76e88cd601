"""Login (SPEC §5): same status, body and Argon2 work for an unknown email and a wrong password; lockout
of five password checks per rolling window; re-hash when the Argon2 parameters changed."""

from __future__ import annotations

from keel.auth import passwords
from keel.clock import Clock, system
from keel.errors import UnauthorizedError
from keel.models.auth import LoginRequest, LoginResult
from keel.models.users import StoredUser, normalize_email
from keel.observability import logger, security_event
from keel.repositories.lockout import LockoutRepository
from keel.repositories.sessions import SessionsRepository
from keel.repositories.users import UsersRepository
from keel.services import lockout
from keel.services.sessions import open_session


def login(
    request: LoginRequest,
    *,
    users: UsersRepository,
    sessions: SessionsRepository,
    lockouts: LockoutRepository,
    clock: Clock = system,
) -> LoginResult:
    """A new session and token pair for valid credentials; 401 (one body for every reason) or 429 otherwise."""
    now = int(clock())
    email = normalize_email(request.email)
    # Counted before the password is checked: of any number of simultaneous guesses, at most five are checked.
    reservation = lockout.reserve_check(email, lockouts=lockouts, now=now)
    user = users.find_by_email(email)
    if user is None or not passwords.verify_password(user.password_hash, request.password):
        if user is None:
            passwords.verify_password(None, request.password)  # the same Argon2 work as a wrong password
        lockout.failed(email, reservation)
        security_event("LoginFailed", subject=lockout.subject(email))
        raise UnauthorizedError("The email or password is incorrect.")
    lockout.succeeded(email, lockouts=lockouts)
    _rehash_if_needed(user, request.password, users)
    pair = open_session(user, sessions=sessions, now=now)
    security_event("LoginSucceeded", user_id=user.id)
    return LoginResult(**pair.model_dump(), user=user.public())


def _rehash_if_needed(user: StoredUser, password: str, users: UsersRepository) -> None:
    if not passwords.needs_rehash(user.password_hash):
        return
    # Conditional on the old hash: a password changed meanwhile is never overwritten with the old one.
    updated = users.update(
        user.id, {"password_hash": passwords.hash_password(password)}, expected_hash=user.password_hash
    )
    logger.info("password re-hashed with current parameters", extra={"user_id": user.id, "done": updated is not None})
