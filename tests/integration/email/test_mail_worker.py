"""The mail worker (SPEC §7): claim before send, one send per mail however often it is delivered, partial batch
failures, and the SES v2 request it makes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from botocore.stub import Stubber

from infra.local.functions import LambdaContext, handler_of
from keel.models.mail import MailKind, SentMail
from keel.repositories import aws as aws_clients
from keel.repositories import factory
from keel.repositories.mail_sender import SesSender
from keel.repositories.outbox import Claim
from tests.support import mail
from tests.support.auth import register

WORKER = "mail_worker"


@pytest.fixture
def recorder(monkeypatch) -> mail.Recorder:
    sender = mail.Recorder()
    monkeypatch.setattr(factory, "mail_sender", lambda: sender)
    return sender


def run_worker(*records: dict[str, Any]) -> dict[str, Any]:
    return handler_of(WORKER)({"Records": list(records)}, LambdaContext(WORKER, "test"))


def test_the_worker_sends_the_welcome_mail_with_text_html_and_the_link(aws, recorder):
    register("eve@example.com")
    (image,) = mail.outbox_images("eve@example.com")
    token = mail.latest_token("eve@example.com")
    # When the queue delivers the outbox item
    result = run_worker(mail.sqs_record(image))
    # Then it is sent once, rendered from the templates, with the token in the link
    assert result == {"batchItemFailures": []}
    (sent,) = recorder.sent
    assert sent.to == "eve@example.com" and sent.kind is MailKind.VERIFY_EMAIL
    assert sent.action_url == f"http://localhost:5173/verify-email?token={token}"
    assert sent.action_url in sent.text and sent.action_url in sent.html
    assert "Welcome" in sent.subject and "<a href=" in sent.html
    # And the outbox item records the send and no longer holds the token
    item = factory.outbox().get(image["id"]["S"])
    assert item is not None and "sent_at" in item and "token" not in item


def test_a_redelivered_message_is_sent_once(aws, recorder):
    register("fay@example.com")
    (image,) = mail.outbox_images("fay@example.com")
    run_worker(mail.sqs_record(image, "m-1"))
    # When SQS delivers the same message again (at-least-once), even in the same batch twice
    result = run_worker(mail.sqs_record(image, "m-1", receive_count=2), mail.sqs_record(image, "m-2"))
    # Then nothing fails and nothing more is sent
    assert result == {"batchItemFailures": []}
    assert len(recorder.sent) == 1


def test_a_poison_message_fails_alone(aws, recorder):
    register("gil@example.com")
    (image,) = mail.outbox_images("gil@example.com")
    broken = {**image, "kind": {"S": "carrier_pigeon"}}
    result = run_worker(
        mail.raw_sqs_record("{not json", "poison-1"),
        mail.sqs_record(broken, "poison-2"),
        mail.sqs_record(image, "good"),
    )
    # Then only the poison messages are reported (the queue redelivers them, then dead-letters them)
    assert result == {"batchItemFailures": [{"itemIdentifier": "poison-1"}, {"itemIdentifier": "poison-2"}]}
    assert [m.to for m in recorder.sent] == ["gil@example.com"]


def test_a_failed_send_releases_the_claim_so_the_retry_sends(aws, monkeypatch):
    register("hal@example.com")
    (image,) = mail.outbox_images("hal@example.com")
    failing = mail.Recorder(fail=True)
    monkeypatch.setattr(factory, "mail_sender", lambda: failing)
    # A batch whose every record failed fails the invocation (the Errors alarm sees a provider outage)
    with pytest.raises(BatchProcessingError):
        run_worker(mail.sqs_record(image, "m-1"))
    # When the queue retries after the provider is back
    working = mail.Recorder()
    monkeypatch.setattr(factory, "mail_sender", lambda: working)
    assert run_worker(mail.sqs_record(image, "m-1", receive_count=2)) == {"batchItemFailures": []}
    assert len(working.sent) == 1


def test_a_message_another_invocation_is_sending_is_retried_not_dropped(aws, recorder):
    register("ivy@example.com")
    (image,) = mail.outbox_images("ivy@example.com")
    other = factory.outbox().claim(image["id"]["S"], now=int(time.time()), lease_s=60)
    assert other is Claim.CLAIMED
    # When the queue delivers it beside another mail while the claim holds
    register("jay@example.com")
    (second,) = mail.outbox_images("jay@example.com")
    result = run_worker(mail.sqs_record(image, "m-1"), mail.sqs_record(second, "m-2"))
    # Then it is retried later (not acknowledged), and the other mail goes out
    assert result == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert [m.to for m in recorder.sent] == ["jay@example.com"]


def test_the_ses_sender_uses_sesv2_with_the_configuration_set_and_both_bodies(aws):
    client = aws_clients.client("sesv2")
    sender = SesSender("Keel <no-reply@mail.example.org>", "keel-prod", client=client)
    sent = SentMail(
        id="01TEST", kind=MailKind.RESET_PASSWORD, to="jo@example.com", subject="Reset", text="t", html="<p>h</p>",
        action_url="https://app/reset-password?token=x", created_at="2026-11-28T00:00:00Z",
    )  # fmt: skip
    expected = {
        "FromEmailAddress": "Keel <no-reply@mail.example.org>",
        "Destination": {"ToAddresses": ["jo@example.com"]},
        "Content": {
            "Simple": {
                "Subject": {"Data": "Reset", "Charset": "UTF-8"},
                "Body": {"Text": {"Data": "t", "Charset": "UTF-8"}, "Html": {"Data": "<p>h</p>", "Charset": "UTF-8"}},
            }
        },
        "ConfigurationSetName": "keel-prod",
        "EmailTags": [{"Name": "kind", "Value": "reset_password"}],
    }
    with Stubber(client) as stub:
        stub.add_response("send_email", {"MessageId": "ses-1"}, expected)
        assert sender.send(sent) == "ses-1"
        stub.assert_no_pending_responses()


def test_a_mail_whose_link_has_expired_is_dropped_not_sent(aws, recorder):
    register("kay@example.com")
    (image,) = mail.outbox_images("kay@example.com")
    stale = {**image, "link_expires_at": {"N": str(int(time.time()) - 1)}}  # e.g. a DLQ redrive days later
    assert run_worker(mail.sqs_record(stale)) == {"batchItemFailures": []}
    assert recorder.sent == []
    item = factory.outbox().get(image["id"]["S"])
    assert item is not None and item["provider_id"] == "expired" and "token" not in item
