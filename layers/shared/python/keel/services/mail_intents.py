"""The intent to mail, as transaction elements: a fresh token (digest only), its outbox item, and the rate limit
(SPEC §7: at most ``mail_rate_limit`` mails of each kind per address per window; past that, nothing is sent)."""

from __future__ import annotations

from typing import Any

from ulid import ULID

from keel.auth import mail_tokens
from keel.clock import iso
from keel.config import get_settings
from keel.models.mail import MailKind, OutboxMessage, Template
from keel.models.users import StoredUser
from keel.observability import count, logger
from keel.repositories import outbox
from keel.repositories.mail import MailRepository, Sends


def token_ttl_s(kind: MailKind) -> int:
    settings = get_settings()
    return settings.verify_token_ttl_s if kind is MailKind.VERIFY_EMAIL else settings.reset_token_ttl_s


def mail_elements(
    user: StoredUser, template: Template, kind: MailKind, *, mail: MailRepository, now: int
) -> tuple[list[dict[str, Any]], str]:
    """The token item and the outbox item for one mail to ``user``, and the token's digest."""
    token, digest = mail_tokens.new_token()
    expires_at = now + token_ttl_s(kind)
    message = OutboxMessage(
        id=str(ULID()),
        kind=kind,
        template=template,
        to=user.email,
        name=user.name,
        token=token,
        created_at=iso(now),
        link_expires_at=expires_at,
    )
    return [mail.put_token(digest, kind, user.id, expires_at=expires_at), outbox.put(message)], digest


def quota(email: str, kind: MailKind, *, mail: MailRepository, now: int) -> Sends | None:
    """The address's recent sends of ``kind`` when another one is allowed; None at the limit."""
    settings = get_settings()
    sends = mail.sends(email, kind)
    if len(sends.within(now, settings.mail_rate_window_s)) >= settings.mail_rate_limit:
        return None
    return sends


def rate_limited(kind: MailKind) -> None:
    """Log and count a mail not sent because of the rate limit (the API still answers 202)."""
    count("MailRateLimited")
    logger.info("mail rate limit reached; nothing sent", extra={"kind": kind.value})


def count_send(email: str, kind: MailKind, sends: Sends, *, mail: MailRepository, now: int) -> dict[str, Any]:
    return mail.record_send(email, kind, sends, now=now, window_s=get_settings().mail_rate_window_s)


def count_first_send(email: str, kind: MailKind, *, mail: MailRepository, now: int) -> dict[str, Any]:
    return mail.record_first_send(email, kind, now=now, window_s=get_settings().mail_rate_window_s)
