"""Email pseudonyms in security logs are keyed (SPEC §6, issue 9 item 12): someone who can guess an email but
does not hold the key cannot find it in the logs."""

from __future__ import annotations

import hashlib

import boto3

from keel.config import get_settings
from keel.repositories import secrets
from keel.services.lockout import subject
from tests.support.auth import login
from tests.support.logs import captured_logs


def test_the_pseudonym_is_not_an_unkeyed_hash_of_the_email(aws):
    email = "ann@example.com"
    assert subject(email) == subject(email)  # stable: it still correlates one email's events
    assert subject(email) != subject("bob@example.com")
    for unkeyed in (hashlib.sha256(email.encode()).hexdigest(), hashlib.sha1(email.encode()).hexdigest()):
        assert subject(email) not in unkeyed


def test_the_pseudonym_changes_with_the_key(aws):
    before = subject("ann@example.com")
    secret_id = get_settings().cursor_key_secret_id
    boto3.client("secretsmanager").put_secret_value(SecretId=secret_id, SecretString="another-key-" * 4)
    secrets.forget()
    assert subject("ann@example.com") != before


def test_a_failed_login_logs_the_keyed_pseudonym_and_never_the_email(aws):
    with captured_logs() as logs:
        assert login("ann@example.com", "not-the-password-at-all").status == 401
    (event,) = logs.events("LoginFailed")
    assert event["subject"] == subject("ann@example.com")
    assert "ann@example.com" not in logs.text
