"""The sample events of the email functions run against the seeded local data, as ``make invoke`` runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.local import seeding
from infra.local.functions import LambdaContext, handler_of
from keel.repositories import factory

EVENTS = Path(__file__).resolve().parents[3] / "events"
EXPECTED = {
    "auth_verify_email/ok.json": 200,
    "auth_verify_email/unknown_token.json": 400,
    "auth_verify_email/missing_token.json": 422,
    "auth_verify_email_resend/ok.json": 202,
    "auth_forgot_password/known_email.json": 202,
    "auth_forgot_password/unknown_email.json": 202,
    "auth_forgot_password/invalid_email.json": 422,
    "auth_reset_password/ok.json": 204,
    "auth_reset_password/bad_token.json": 400,
    "auth_reset_password/weak_password.json": 422,
}
FUNCTIONS = {"auth_verify_email", "auth_verify_email_resend", "auth_forgot_password", "auth_reset_password"}


def _run(name: str) -> dict:
    function = name.split("/", maxsplit=1)[0]
    event = json.loads((EVENTS / name).read_text())
    return handler_of(function)(event, LambdaContext(function, "test"))


def test_every_email_event_has_an_expectation():
    on_disk = {str(p.relative_to(EVENTS)) for f in FUNCTIONS for p in (EVENTS / f).glob("*.json")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_event(aws, name):
    seeding.seed_samples()
    assert _run(name)["statusCode"] == EXPECTED[name]


def test_the_sample_batch_sends_its_mail_through_ses_and_reports_only_the_poison_message(aws):
    seeding.seed_samples()
    # The real SES v2 sender, against the emulator's SES (the seed created the sender identity)
    result = _run("mail_worker/batch_with_poison.json")
    assert result == {"batchItemFailures": [{"itemIdentifier": "22222222-2222-4222-8222-222222222222"}]}
    item = factory.outbox().get("01M8SAMPLE0000000000000001")
    assert item is not None and item["provider_id"] and "token" not in item
    # Delivered again: acknowledged, not sent twice
    assert _run("mail_worker/one_mail.json") == {"batchItemFailures": []}
    assert factory.outbox().get("01M8SAMPLE0000000000000001")["provider_id"] == item["provider_id"]
