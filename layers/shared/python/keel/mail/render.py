"""Rendering a mail from the outbox: subject, text and HTML from the templates beside this module.

Templates use ``string.Template`` placeholders (``$name``, ``$action_url``, ``$valid_for``); values are HTML-escaped
in the HTML body. Links point at the web app (``Settings.app_url``) and carry the token as ``token``.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template as Text
from urllib.parse import urlencode

from keel.config import get_settings
from keel.models.mail import MailKind, OutboxMessage, SentMail, Template

TEMPLATES = Path(__file__).parent / "templates"
SUBJECTS = {
    Template.WELCOME: "Welcome to Keel: confirm your email address",
    Template.VERIFY_EMAIL: "Confirm your email address",
    Template.RESET_PASSWORD: "Reset your Keel password",
}
PAGES = {MailKind.VERIFY_EMAIL: "verify-email", MailKind.RESET_PASSWORD: "reset-password"}


@cache
def _template(name: str) -> Text:
    return Text((TEMPLATES / name).read_text(encoding="utf-8"))


def action_url(kind: MailKind, token: str) -> str:
    """The web app's page for ``kind``, with the token as its ``token`` query parameter."""
    base = get_settings().app_url.rstrip("/")
    return f"{base}/{PAGES[kind]}?{urlencode({'token': token})}"


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour" + ("s" if hours != 1 else "")
    minutes = max(1, seconds // 60)
    return f"{minutes} minute" + ("s" if minutes != 1 else "")


def render(message: OutboxMessage) -> SentMail:
    settings = get_settings()
    ttl = settings.verify_token_ttl_s if message.kind is MailKind.VERIFY_EMAIL else settings.reset_token_ttl_s
    url = action_url(message.kind, message.token)
    fields = {"name": message.name, "action_url": url, "valid_for": _duration(ttl)}
    escaped = {k: html.escape(v, quote=True) for k, v in fields.items()}
    return SentMail(
        id=message.id,
        kind=message.kind,
        to=message.to,
        subject=SUBJECTS[message.template],
        text=_template(f"{message.template.value}.txt").substitute(fields),
        html=_template(f"{message.template.value}.html").substitute(escaped),
        action_url=url,
        created_at=message.created_at,
    )
