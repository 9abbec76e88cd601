"""Email verification over the handlers (SPEC §7): the welcome mail, verify, resend, the rate limit, read-only."""

from __future__ import annotations

import boto3
import pytest

from keel.auth import mail_tokens
from keel.config import get_settings
from keel.models.mail import MailKind, Template
from keel.repositories.dynamo import serialize
from keel.repositories.mail import token_key
from tests.conftest import call
from tests.support import mail
from tests.support.auth import call_as, login, register, signed_in

BAD_TOKEN = "The link is invalid, expired or already used."


def test_registration_queues_one_welcome_mail_whose_token_is_stored_only_as_a_digest(aws):
    # Given a new registration
    res = register("ada@example.com")
    assert res.status == 201 and res.data["email_verified"] is False
    # Then exactly one mail is queued: the welcome, carrying a verification token
    (message,) = mail.messages("ada@example.com")
    assert (message.kind, message.template, message.name) == (MailKind.VERIFY_EMAIL, Template.WELCOME, "Test User")
    # And the token item is keyed by the token's digest and holds no clear token anywhere
    (token_item,) = mail.token_items()
    assert token_item["PK"] == f"MAILTOKEN#{mail_tokens.digest(message.token)}"
    assert message.token not in str(token_item)
    assert len(message.token) == 43  # 256 bits, base64url


def test_a_verification_token_verifies_once(aws):
    register("bob@example.com")
    token = mail.latest_token("bob@example.com")
    # When the token is presented
    res = call("auth_verify_email", body={"token": token})
    # Then the user comes back verified, and /users/me says so too
    assert res.status == 200 and res.data["email_verified"] is True and res.data["email"] == "bob@example.com"
    account = login("bob@example.com")
    assert call_as("users_me_get", account.data["access_token"]).data["email_verified"] is True
    # And the token is used up
    again = call("auth_verify_email", body={"token": token})
    assert again.status == 400 and again.json["error"]["message"] == BAD_TOKEN


def _expire(token: str) -> None:
    key = serialize(token_key(mail_tokens.digest(token)))
    boto3.client("dynamodb").update_item(
        TableName=get_settings().table_name,
        Key=key,
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": {"N": "1"}},
    )


def test_used_expired_and_unknown_tokens_get_one_and_the_same_400(aws):
    register("cy@example.com")
    register("di@example.com")
    used = mail.latest_token("cy@example.com")
    assert call("auth_verify_email", body={"token": used}).status == 200
    expired = mail.latest_token("di@example.com")
    _expire(expired)
    unknown = mail_tokens.new_token()[0]
    bodies = []
    for token in (used, expired, unknown, "not-a-token"):
        res = call("auth_verify_email", body={"token": token})
        assert res.status == 400 and res.error_code == "BAD_REQUEST"
        bodies.append(res.json["error"])
    assert all(body == bodies[0] for body in bodies) and bodies[0]["message"] == BAD_TOKEN
    # The expired token did not verify anyone
    assert call_as("users_me_get", login("di@example.com").data["access_token"]).data["email_verified"] is False


def test_a_body_without_a_token_or_with_unknown_fields_is_422(aws):
    assert call("auth_verify_email", body={}).status == 422
    assert call("auth_verify_email", body={"token": "x", "extra": 1}).status == 422


def test_resend_mails_a_new_link_until_verified(aws):
    account = signed_in()
    before = len(mail.messages(account.email))
    # When an unverified user asks again
    res = call_as("auth_verify_email_resend", account.access_token)
    # Then 202, and one more verification mail (the plain template, not the welcome)
    assert res.status == 202
    queued = mail.messages(account.email)
    assert len(queued) == before + 1 and queued[-1].template is Template.VERIFY_EMAIL
    # And once verified, resend answers 202 and sends nothing
    assert call("auth_verify_email", body={"token": queued[-1].token}).status == 200
    assert call_as("auth_verify_email_resend", account.access_token).status == 202
    assert len(mail.messages(account.email)) == before + 1


def test_resend_needs_a_bearer_token(aws):
    assert call_as("auth_verify_email_resend", None).status == 401


def test_at_most_three_verification_mails_per_address_per_hour(aws):
    # Given a registration (the welcome is the first mail of the hour)
    account = signed_in()
    # When the user asks four more times
    answers = [call_as("auth_verify_email_resend", account.access_token).status for _ in range(4)]
    # Then every answer is 202, but only two more mails were queued: three in all
    assert answers == [202] * 4
    assert len(mail.messages(account.email)) == 3


@pytest.fixture
def read_only_unverified(monkeypatch):
    monkeypatch.setenv("KEEL_UNVERIFIED_READ_ONLY", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


POST = {"title": "Hello", "body": "First post"}


def test_unverified_accounts_write_by_default(aws):
    account = signed_in()
    assert call_as("posts_create", account.access_token, body=POST).status == 201


def test_the_read_only_setting_refuses_writes_until_the_address_is_verified(aws, read_only_unverified):
    account = signed_in()
    # An unverified account can read, and manage itself, but not write content
    refused = call_as("posts_create", account.access_token, body=POST)
    assert refused.status == 403 and "Verify your email" in refused.json["error"]["message"]
    assert call_as("posts_list", account.access_token).status == 200
    assert call_as("auth_verify_email_resend", account.access_token).status == 202
    # Once verified, the same token writes
    assert call("auth_verify_email", body={"token": mail.latest_token(account.email)}).status == 200
    assert call_as("posts_create", account.access_token, body=POST).status == 201
