"""Rendering mails from the templates: links from the app URL setting, escaping, both bodies."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from keel.config import get_settings
from keel.mail.render import render
from keel.models.mail import MailKind, OutboxMessage, Template

TOKEN = "A" * 43


def message(template: Template, kind: MailKind, name: str = "Ada") -> OutboxMessage:
    return OutboxMessage(id="01M8TEST000000000000000001", kind=kind, template=template, to="ada@example.com",
                         name=name, token=TOKEN, created_at="2026-11-28T09:00:00Z", link_expires_at=1)  # fmt: skip


@pytest.fixture
def app_url(monkeypatch):
    monkeypatch.setenv("KEEL_APP_URL", "https://app.example.org/")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("template", "kind", "page", "valid_for"),
    [
        (Template.WELCOME, MailKind.VERIFY_EMAIL, "/verify-email", "24 hours"),
        (Template.VERIFY_EMAIL, MailKind.VERIFY_EMAIL, "/verify-email", "24 hours"),
        (Template.RESET_PASSWORD, MailKind.RESET_PASSWORD, "/reset-password", "30 minutes"),
    ],
)
def test_each_mail_links_to_the_web_app_with_the_token(app_url, template, kind, page, valid_for):
    mail = render(message(template, kind))
    url = urlparse(mail.action_url)
    assert (url.scheme, url.netloc, url.path) == ("https", "app.example.org", page)
    assert parse_qs(url.query) == {"token": [TOKEN]}
    assert mail.action_url in mail.text and mail.action_url in mail.html
    assert valid_for in mail.text and valid_for in mail.html
    assert mail.subject and mail.to == "ada@example.com" and mail.kind is kind


def test_the_html_body_escapes_the_users_name_and_the_text_body_keeps_it():
    mail = render(message(Template.WELCOME, MailKind.VERIFY_EMAIL, name='<b onclick="x">Eve</b>'))
    assert "<b onclick" not in mail.html and "&lt;b onclick=&quot;x&quot;&gt;Eve&lt;/b&gt;" in mail.html
    assert '<b onclick="x">Eve</b>' in mail.text
