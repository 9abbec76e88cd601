"""Sample mail state for ``make invoke`` (events/auth_verify_email, auth_reset_password, mail_worker).

A verification token and a reset token for the sample user (``user@example.com``), with fixed values that the
sample events present, and one pending outbox item (the message the sample SQS batch carries). The SES identity
of ``mail_from`` is created in the emulator, so the worker's real SES v2 sender runs against it. Local only:
these tokens open nothing anywhere else. Idempotent.
"""

from __future__ import annotations

import contextlib
import time
from email.utils import parseaddr

import boto3

from keel.auth import mail_tokens
from keel.clock import iso
from keel.config import get_settings
from keel.models.mail import MailKind, OutboxMessage, Template
from keel.repositories import factory, outbox
from keel.repositories.dynamo import ConditionFailed

SAMPLE_USER = "01J0000000000000000000MEMB"
SAMPLE_EMAIL = "user@example.com"
VERIFY_TOKEN = "sample-verify-token-for-make-invoke-0000000"  # noqa: S105 - a local sample, 43 characters
RESET_TOKEN = "sample-reset-token-for-make-invoke-00000000"  # noqa: S105 - a local sample, 43 characters
OUTBOX_ID = "01M8SAMPLE0000000000000001"
YEAR_S = 365 * 86400  # the samples stay valid for as long as anyone runs them


def sample_outbox_message(now: float) -> OutboxMessage:
    return OutboxMessage(
        id=OUTBOX_ID, kind=MailKind.VERIFY_EMAIL, template=Template.VERIFY_EMAIL, to=SAMPLE_EMAIL, name="Sample User",
        token=VERIFY_TOKEN, created_at=iso(now), link_expires_at=int(now) + YEAR_S,
    )  # fmt: skip


def seed_sample_mail() -> None:
    now = time.time()
    repo = factory.mail()
    expires = int(now) + YEAR_S
    elements = [
        repo.put_token(mail_tokens.digest(VERIFY_TOKEN), MailKind.VERIFY_EMAIL, SAMPLE_USER, expires_at=expires),
        repo.put_token(mail_tokens.digest(RESET_TOKEN), MailKind.RESET_PASSWORD, SAMPLE_USER, expires_at=expires),
        repo.hold_reset_token(SAMPLE_USER, mail_tokens.digest(RESET_TOKEN)),
        outbox.put(sample_outbox_message(now)),
    ]
    with contextlib.suppress(ConditionFailed):
        repo.commit(elements)  # False (already seeded, or no sample user): nothing to do
    _, address = parseaddr(get_settings().mail_from)
    with contextlib.suppress(Exception):  # already there
        boto3.client("sesv2").create_email_identity(EmailIdentity=address.rpartition("@")[2])
