"""Forgotten passwords over the handlers (SPEC §7): enumeration safety, the reset, voided and used tokens."""

from __future__ import annotations

from typing import Any

import pytest

from keel.errors import ServiceUnavailableError
from keel.models.mail import ForgotPasswordRequest, MailKind
from keel.repositories import aws as aws_clients
from keel.repositories import factory
from keel.services import forgot_password
from tests.conftest import call
from tests.integration.accounts.test_concurrency import race
from tests.support import mail
from tests.support.auth import GOOD_PASSWORD, call_as, login, register, signed_in

NEW_PASSWORD = "a-brand-new-passphrase-42"
BAD_TOKEN = "The link is invalid, expired or already used."


def forgot(email: str) -> Any:
    return call("auth_forgot_password", body={"email": email})


def reset(token: str, password: str = NEW_PASSWORD) -> Any:
    return call("auth_reset_password", body={"token": token, "new_password": password})


def _calls(operations: list[str]):
    def hook(model: Any, **_: Any) -> None:
        operations.append(model.name)

    return hook


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(aws):
    register("known@example.com")
    known, unknown = [], []
    client = aws_clients.client("dynamodb")
    for email, seen in (("known@example.com", known), ("nobody@example.com", unknown)):
        hook = _calls(seen)
        client.meta.events.register("before-call.dynamodb", hook)
        try:
            res = forgot(email)
        finally:
            client.meta.events.unregister("before-call.dynamodb", hook)
        assert res.status == 202
        seen.append(res.json["data"])
    # Same status and body, and the same DynamoDB calls in the same order (no Argon2 on either path)
    assert known == unknown
    assert known[:-1] == ["GetItem", "GetItem", "GetItem", "TransactWriteItems"]
    # Only the known address gets a reset link
    assert [m.kind for m in mail.messages("known@example.com")] == [MailKind.VERIFY_EMAIL, MailKind.RESET_PASSWORD]
    assert mail.messages("nobody@example.com") == []


def test_forgot_password_validates_the_address(aws):
    res = forgot("not-an-email")
    assert res.status == 422 and res.json["error"]["details"][0]["field"] == "email"


def test_a_reset_changes_the_password_revokes_every_session_and_uses_the_token_up(aws):
    account = signed_in()
    assert forgot(account.email).status == 202
    token = mail.latest_token(account.email)
    # When the user resets with the mailed token
    assert reset(token).status == 204
    # Then the old password is refused and the new one signs in
    assert login(account.email, GOOD_PASSWORD).status == 401
    assert login(account.email, NEW_PASSWORD).status == 200
    # And every earlier session is gone: its access token and its refresh token
    assert call_as("users_me_get", account.access_token).status == 401
    assert call("auth_refresh", body={"refresh_token": account.refresh_token}).status == 401
    # And the link worked once
    again = reset(token, "yet-another-passphrase-7")
    assert again.status == 400 and again.json["error"]["message"] == BAD_TOKEN


def test_a_newer_reset_link_voids_the_older_one(aws):
    account = signed_in()
    forgot(account.email)
    older = mail.latest_token(account.email)
    forgot(account.email)
    newer = mail.latest_token(account.email)
    assert older != newer
    res = reset(older)
    assert res.status == 400 and res.json["error"]["message"] == BAD_TOKEN
    assert reset(newer).status == 204


def test_a_weak_password_is_422_and_keeps_the_token_good(aws):
    account = signed_in()
    forgot(account.email)
    token = mail.latest_token(account.email)
    weak = reset(token, "password1234")
    assert weak.status == 422 and weak.json["error"]["details"][0]["field"] == "new_password"
    assert reset(token).status == 204


@pytest.mark.parametrize("token", ["", "x" * 129])
def test_a_token_of_impossible_length_is_422(aws, token):
    assert reset(token).status == 422


def test_a_verification_token_cannot_reset_a_password(aws):
    register("mixed@example.com")
    res = reset(mail.latest_token("mixed@example.com"))
    assert res.status == 400 and res.json["error"]["message"] == BAD_TOKEN


def test_a_reset_clears_the_lockout_and_proves_the_address(aws):
    account = signed_in()
    for _ in range(5):
        login(account.email, "wrong-password-guess")
    assert login(account.email, GOOD_PASSWORD).status == 429
    forgot(account.email)
    assert reset(mail.latest_token(account.email)).status == 204
    res = login(account.email, NEW_PASSWORD)
    assert res.status == 200 and res.data["user"]["email_verified"] is True


def test_at_most_three_reset_mails_per_address_per_hour(aws):
    account = signed_in()
    answers = [forgot(account.email).status for _ in range(5)]
    assert answers == [202] * 5
    resets = [m for m in mail.messages(account.email) if m.kind is MailKind.RESET_PASSWORD]
    assert len(resets) == 3


def test_a_failed_registration_leaves_no_mail_behind(aws):
    register("dup@example.com")
    before = mail.outbox_images()
    # When the same address registers again (the transaction is cancelled by the email claim)
    assert register(" DUP@example.com ").status == 409
    # Then no outbox item (nor token) came with it
    assert mail.outbox_images() == before
    assert len(mail.token_items()) == 1


def test_concurrent_requests_never_exceed_the_hourly_quota(aws):
    # Given an account (the concurrent requests race for the three reset mails of the hour)
    account = signed_in()
    request = ForgotPasswordRequest(email=account.email)

    def ask(_: int) -> Any:
        return forgot_password.forgot(request, users=factory.users(), mail=factory.mail())

    # When twelve requests arrive at once
    results = race(12, ask)
    # Then none fails with anything but a retryable 503, and at most three links were queued
    assert all(r is None or isinstance(r, ServiceUnavailableError) for r in results)
    resets = [m for m in mail.messages(account.email) if m.kind is MailKind.RESET_PASSWORD]
    assert 1 <= len(resets) <= 3
