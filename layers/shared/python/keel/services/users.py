"""Profiles and user administration (SPEC §3, §4). Role, deletion and sessions changes revoke sessions."""

from __future__ import annotations

from keel.auth.context import Caller
from keel.auth.permissions import Action
from keel.clock import Clock, iso, system
from keel.errors import ForbiddenError, NotFoundError, UnauthorizedError
from keel.models.users import RoleChangeRequest, StoredUser, UpdateMeRequest, User
from keel.observability import security_event
from keel.pagination import decode_cursor, encode_cursor
from keel.repositories.users import UsersRepository

CURSOR_SCOPE = "users"


def _live(user_id: str, users: UsersRepository) -> StoredUser | None:
    user = users.get(user_id)
    return user if user and not user.deleted_at else None


def _me(caller: Caller, users: UsersRepository) -> StoredUser:
    caller.require(Action.MANAGE_SELF)
    user = _live(caller.user_id, users)
    if user is None:  # deleted since the authorizer looked: the credentials are no longer good
        raise UnauthorizedError()
    return user


def get_me(caller: Caller, *, users: UsersRepository) -> User:
    return _me(caller, users).public()


def update_me(caller: Caller, request: UpdateMeRequest, *, users: UsersRepository, clock: Clock = system) -> User:
    caller.require(Action.MANAGE_SELF)
    updated = users.update(caller.user_id, {"name": request.name, "updated_at": iso(clock())})
    if updated is None:
        raise UnauthorizedError()
    return updated.public()


def delete_me(caller: Caller, *, users: UsersRepository, clock: Clock = system) -> None:
    """Soft-delete the caller; every session dies with the account."""
    user = _me(caller, users)
    if not users.soft_delete(user, iso(clock())):
        raise UnauthorizedError()
    security_event("UserDeleted", user_id=user.id, by=caller.user_id)


def list_users(
    caller: Caller, *, limit: int, cursor: str | None, users: UsersRepository
) -> tuple[list[User], str | None]:
    """One page of live users, newest first (admin only); 400 for a cursor that is not ours."""
    caller.require(Action.READ_USERS)
    found, last = users.list_page(limit, decode_cursor(cursor, CURSOR_SCOPE))
    return [u.public() for u in found], encode_cursor(last, CURSOR_SCOPE)


def get_user(caller: Caller, user_id: str, *, users: UsersRepository) -> User:
    """A user, for an admin or for the user themself; 403 before 404 so ids cannot be probed."""
    if user_id != caller.user_id:
        caller.require(Action.READ_USERS)
    user = _live(user_id, users)
    if user is None:
        raise NotFoundError("No such user.")
    return user.public()


def change_role(
    caller: Caller, user_id: str, request: RoleChangeRequest, *, users: UsersRepository, clock: Clock = system
) -> User:
    """Set another user's role (admin only, never one's own); the user's sessions are revoked at once."""
    caller.require(Action.MANAGE_USERS)
    if user_id == caller.user_id:
        raise ForbiddenError("You cannot change your own role.")
    updated = users.update(user_id, {"role": request.role.value, "updated_at": iso(clock())}, revoke_sessions=True)
    if updated is None:
        raise NotFoundError("No such user.")
    security_event("RoleChanged", user_id=user_id, role=updated.role.value, by=caller.user_id)
    return updated.public()


def delete_user(caller: Caller, user_id: str, *, users: UsersRepository, clock: Clock = system) -> None:
    """Soft-delete another user (admin only) and revoke its sessions; one's own account goes through /me."""
    caller.require(Action.MANAGE_USERS)
    if user_id == caller.user_id:
        raise ForbiddenError("Delete your own account with DELETE /v1/users/me.")
    user = _live(user_id, users)
    if user is None or not users.soft_delete(user, iso(clock())):
        raise NotFoundError("No such user.")
    security_event("UserDeleted", user_id=user_id, by=caller.user_id)
