"""The mail worker's use case: one outbox message from the queue, sent at most once per claim.

claim (conditional write) -> render -> send -> mark sent. A message already sent is acknowledged without sending
(redelivery); one whose claim another invocation holds, or whose send failed, raises so the queue retries it, and
after ``maxReceiveCount`` attempts moves it to the dead-letter queue. A crash between sending and marking it sent
can send twice once the claim's lease lapses: at-least-once is the price of never losing a mail.
"""

from __future__ import annotations

from keel.clock import Clock, system
from keel.config import get_settings
from keel.mail.render import render
from keel.models.mail import OutboxMessage
from keel.observability import count, logger
from keel.repositories.mail_sender import Sender
from keel.repositories.outbox import Claim, OutboxRepository


class RetryLater(Exception):
    """The message cannot be handled now; the queue should deliver it again."""


def deliver(message: OutboxMessage, *, outbox: OutboxRepository, sender: Sender, clock: Clock = system) -> Claim:
    """Send ``message`` unless it was already sent; returns what the claim found."""
    now = int(clock())
    claim = outbox.claim(message.id, now=now, lease_s=get_settings().mail_claim_lease_s)
    if claim is Claim.SENT:
        logger.info("mail already sent; redelivery ignored", extra={"mail_id": message.id})
        count("MailDuplicateSkipped")
        return claim
    if claim is Claim.BUSY:
        raise RetryLater(f"mail {message.id} is being sent by another invocation")
    if claim is Claim.GONE:
        # No outbox item: expired long ago (its token too) or never written. Sending would mail a dead link.
        raise LookupError(f"no outbox item for mail {message.id}")
    if message.link_expires_at <= now:
        outbox.mark_sent(message.id, now=now, provider_id="expired")  # the link would be dead: drop it
        count("MailExpired")
        return claim
    try:
        provider_id = sender.send(render(message))
    except Exception:
        outbox.release(message.id)
        raise
    outbox.mark_sent(message.id, now=now, provider_id=provider_id)
    count("MailSent")
    logger.info("mail sent", extra={"mail_id": message.id, "kind": message.kind.value})
    return claim
