"""Setting passwords: registration and password change (the only services that hash new passwords)."""

from __future__ import annotations

from ulid import ULID

from keel.auth import password_policy, passwords
from keel.auth.context import Caller
from keel.auth.permissions import Action, Role
from keel.clock import Clock, iso, system
from keel.errors import ConflictError, ForbiddenError, UnauthorizedError
from keel.models.users import ChangePasswordRequest, RegisterRequest, StoredUser, User
from keel.observability import logger, security_event
from keel.repositories.lockout import LockoutRepository
from keel.repositories.users import UsersRepository
from keel.services import lockout


def new_user(email: str, name: str, password_hash: str, *, role: Role, now: float) -> StoredUser:
    """A user item ready to be created (shared with local seeding)."""
    stamp = iso(now)
    return StoredUser(
        id=str(ULID()),
        email=email,
        name=name,
        role=role,
        password_hash=password_hash,
        created_at=stamp,
        updated_at=stamp,
    )


def register(request: RegisterRequest, *, users: UsersRepository, clock: Clock = system) -> User:
    """Create a user (role "user"); 409 when the email is taken, 422 for a refused password."""
    password_policy.check(request.password, email=request.email, name=request.name)
    user = new_user(request.email, request.name, passwords.hash_password(request.password), role=Role.USER, now=clock())
    users.create(user)
    logger.info("user registered", extra={"user_id": user.id})
    return user.public()


def change_password(
    caller: Caller,
    request: ChangePasswordRequest,
    *,
    users: UsersRepository,
    lockouts: LockoutRepository,
    clock: Clock = system,
) -> None:
    """Replace the caller's password and revoke all their sessions; 403 if the current password is wrong."""
    caller.require(Action.MANAGE_SELF)
    user = users.get(caller.user_id)
    if user is None or user.deleted_at:
        raise UnauthorizedError()
    now = int(clock())
    password_policy.check(request.new_password, email=user.email, name=user.name, field="new_password")
    # Guessing the current password through this route counts toward the same lockout as login.
    reservation = lockout.reserve_check(user.email, lockouts=lockouts, now=now)
    if not passwords.verify_password(user.password_hash, request.current_password):
        lockout.failed(user.email, reservation)
        security_event("PasswordChangeRejected", user_id=user.id)
        raise ForbiddenError("The current password is wrong.")
    new_hash = passwords.hash_password(request.new_password)
    changes = {"password_hash": new_hash, "updated_at": iso(now)}
    if users.update(user.id, changes, revoke_sessions=True, expected_hash=user.password_hash) is None:
        raise ConflictError("The account changed while the password was being replaced. Try again.")
    lockout.succeeded(user.email, lockouts=lockouts)
    security_event("AllSessionsRevoked", user_id=user.id, reason="password-change")
