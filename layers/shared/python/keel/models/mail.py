"""Email (SPEC §7): request bodies, the outbox item the worker sends from, and the local outbox's entries."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from keel.models.users import Email, NewPassword

# A token is 256 random bits as unpadded base64url (43 characters); anything longer is refused by the schema,
# anything else of a plausible length is simply an unknown token (one 400 for all of them).
Token = Annotated[str, Field(min_length=1, max_length=128)]


class MailKind(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a mail kind, not a password


class Template(StrEnum):
    """Which text + HTML pair renders a mail (``keel/mail/templates/<name>.{txt,html}``)."""

    WELCOME = "welcome"  # registration: a welcome carrying the verification link
    VERIFY_EMAIL = "verify_email"  # a resent verification link
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a template name, not a password


class VerifyEmailRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: Token


class ForgotPasswordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Email


class ResetPasswordRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: Token
    new_password: NewPassword


class OutboxMessage(BaseModel):
    """The intent to send one mail, written in the same transaction as the state change that calls for it.

    It carries the token in clear because the mail must: the item lives only until the worker has sent it (the
    worker then removes the token) and never longer than the token itself (TTL). What the API checks a
    presented token against is its digest, in a separate item.
    """

    model_config = ConfigDict(extra="ignore")
    id: str
    kind: MailKind
    template: Template
    to: str
    name: str
    token: str
    created_at: str  # RFC 3339
    link_expires_at: int  # epoch seconds: when the token in the link expires (the item lives a week longer)


class SentMail(BaseModel):
    """A rendered mail, as the local outbox keeps it (SPEC §7)."""

    id: str
    kind: MailKind
    to: str
    subject: str
    text: str
    html: str
    action_url: str
    created_at: str


class Accepted(BaseModel):
    """The body of a 202: the same for every request to the route, whatever happens behind it."""

    message: str


RESET_ACCEPTED = Accepted(message="If an account uses this address, a password reset link is on its way.")
RESEND_ACCEPTED = Accepted(message="Unless the address is already verified, a new verification link is on its way.")
