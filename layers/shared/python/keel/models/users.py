"""Users: request bodies, the public shape and the stored item are kept apart (SPEC §2).

Request models forbid unknown fields, so ``PATCH /v1/users/me {"role": "admin"}`` is a 422, never a mass
assignment. Password length is checked here (12..128 characters, any Unicode); the common-password and
email checks need the email too and live in ``keel.auth.password_policy``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from keel.auth.permissions import Role
from keel.models.text import breaks_line

PASSWORD_MIN, PASSWORD_MAX = 12, 128
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


def normalize_email(email: str) -> str:
    """The form used for uniqueness, login and storage: trimmed and lower-cased (SPEC §5)."""
    return email.strip().lower()


def _email(value: str) -> str:
    email = normalize_email(value)
    if len(email) > 254 or not _EMAIL.match(email) or any(unicodedata.category(c)[0] == "C" for c in email):
        raise ValueError("Enter a valid email address.")
    return email


def _name(value: str) -> str:
    name = value.strip()
    if not name:
        raise ValueError("The name must not be blank.")
    if breaks_line(name):
        raise ValueError("The name contains control characters.")
    return name


Email = Annotated[str, Field(max_length=320), AfterValidator(_email)]
Name = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_name)]
NewPassword = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
AnyPassword = Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Email
    password: NewPassword
    name: Name


class UpdateMeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name


class ChangePasswordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: AnyPassword
    new_password: NewPassword


class RoleChangeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role


class User(BaseModel):
    """The public shape of a user: never the hash, counters or session state."""

    id: str
    email: str
    email_verified: bool = False
    name: str
    role: Role
    created_at: str
    updated_at: str


class UserStanding(BaseModel):
    """Whether a user may act, and as what: all the authorizer reads of the user item (never its password hash)."""

    id: str
    role: Role
    session_epoch: int = 0
    email_verified: bool = False
    deleted_at: str | None = None


class StoredUser(BaseModel):
    """The user item's attributes (keys and index attributes are the repository's business)."""

    id: str
    email: str
    name: str
    role: Role
    password_hash: str
    session_epoch: int = 0  # sessions are valid only while their epoch equals this
    email_verified: bool = False  # set by a verification link (or a reset link: it proves the address too)
    reset_token: str | None = None  # digest of the one reset token that is still good (a newer one voids it)
    created_at: str
    updated_at: str
    deleted_at: str | None = None

    def public(self) -> User:
        return User.model_validate(self.model_dump(include=set(User.model_fields)))
