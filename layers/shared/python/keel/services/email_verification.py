"""Email verification (SPEC §7): the welcome mail at registration, resending a link, and verifying a token."""

from __future__ import annotations

from typing import Any

from keel.auth import mail_tokens
from keel.auth.context import Caller
from keel.auth.permissions import Action
from keel.clock import Clock, iso, system
from keel.errors import BadRequestError, UnauthorizedError
from keel.models.mail import MailKind, Template, VerifyEmailRequest
from keel.models.users import StoredUser, User
from keel.observability import count, logger
from keel.repositories.mail import MailRepository
from keel.repositories.users import UsersRepository
from keel.services import mail_intents

BAD_TOKEN = "The link is invalid, expired or already used."  # noqa: S105 - a message, one for every bad token
KIND = MailKind.VERIFY_EMAIL


def bad_token() -> BadRequestError:
    return BadRequestError(BAD_TOKEN)


def welcome_elements(user: StoredUser, *, mail: MailRepository, now: int) -> list[dict[str, Any]]:
    """What registration writes with the user, in the same transaction: the welcome mail and its token."""
    elements, _ = mail_intents.mail_elements(user, Template.WELCOME, KIND, mail=mail, now=now)
    return [*elements, mail_intents.count_first_send(user.email, KIND, mail=mail, now=now)]


def resend(caller: Caller, *, users: UsersRepository, mail: MailRepository, clock: Clock = system) -> None:
    """Send a new verification link unless the address is verified or its hourly quota is used up."""
    caller.require(Action.MANAGE_SELF)
    now = int(clock())
    user = users.get(caller.user_id)
    if user is None or user.deleted_at:
        raise UnauthorizedError()
    if user.email_verified:
        return
    sends = mail_intents.quota(user.email, KIND, mail=mail, now=now)
    if sends is None:
        return mail_intents.rate_limited(KIND)
    elements, _ = mail_intents.mail_elements(user, Template.VERIFY_EMAIL, KIND, mail=mail, now=now)
    if not mail.commit([mail_intents.count_send(user.email, KIND, sends, mail=mail, now=now), *elements]):
        mail_intents.rate_limited(KIND)  # a concurrent resend counted first; it sends the link
        return
    logger.info("verification link queued", extra={"user_id": user.id})
    return


def verify(request: VerifyEmailRequest, *, users: UsersRepository, mail: MailRepository, clock: Clock = system) -> User:
    """Mark the token's account verified and use the token up; one 400 for an unknown, used or expired token."""
    now = int(clock())
    if not mail_tokens.well_formed(request.token):
        raise bad_token()
    digest = mail_tokens.digest(request.token)
    token = mail.token(digest)
    if token is None or token.kind is not KIND or token.expires_at <= now:
        raise bad_token()
    user = users.get(token.user_id)
    if user is None or user.deleted_at:
        raise bad_token()
    stamp = iso(now)
    if not mail.commit([mail.consume_token(digest, now=now), mail.mark_verified(user.id, stamp=stamp)]):
        raise bad_token()  # used concurrently, expired meanwhile, or the account was deleted
    count("EmailVerified")
    return user.model_copy(update={"email_verified": True, "updated_at": stamp}).public()
