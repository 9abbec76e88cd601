"""THE permission table (SPEC §4). Handlers and services ask ``allowed(role, action)``; nothing else decides.

Ownership ("own post") is not a role question: services combine ``allowed(role, EDIT_ANY_POST)`` with the
owner check inside the conditional write.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Action(StrEnum):
    CREATE_POST = "post:create"
    EDIT_OWN_POST = "post:edit-own"  # edit or delete one's own post
    EDIT_ANY_POST = "post:edit-any"  # edit or delete another's post
    MANAGE_SELF = "self:manage"  # own profile, password, sessions
    READ_USERS = "users:read"  # list users, read another user
    MANAGE_USERS = "users:manage"  # change a role, delete another user


_ALL_SIGNED_IN = frozenset({Action.CREATE_POST, Action.EDIT_OWN_POST, Action.MANAGE_SELF})

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.USER: _ALL_SIGNED_IN,
    Role.MODERATOR: _ALL_SIGNED_IN | {Action.EDIT_ANY_POST},
    Role.ADMIN: _ALL_SIGNED_IN | {Action.EDIT_ANY_POST, Action.READ_USERS, Action.MANAGE_USERS},
}


def allowed(role: Role | str, action: Action) -> bool:
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False
