"""The transactional outbox ``OUTBOX#<id>/OUTBOX`` (docs/data-model.md, "Email").

An outbox item is written in the same transaction as the state change that calls for a mail; the table's stream
carries its INSERT to the mail queue. The worker claims the item with a conditional write before sending and
marks it sent afterwards, so a redelivered message never sends twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from keel.models.mail import OutboxMessage
from keel.repositories.dynamo import ConditionFailed, Table, deserialize, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE

PREFIX = "OUTBOX#"  # the stream filter (EventBridge Pipes, local stream reader) selects inserts of these keys
KEEP_AFTER_EXPIRY_S = 7 * 86400  # a sent item stays a week past its token, for the record (TTL then removes it)


def outbox_key(message_id: str) -> dict[str, str]:
    return {PK: f"{PREFIX}{message_id}", SK: "OUTBOX"}


def is_outbox_key(keys: Mapping[str, Any]) -> bool:
    """Whether a stream record's ``Keys`` (typed AttributeValues) name an outbox item."""
    return str((keys.get(PK) or {}).get("S", "")).startswith(PREFIX)


def put(message: OutboxMessage) -> dict[str, Any]:
    """The outbox item as one element of the caller's TransactWriteItems."""
    item = {**outbox_key(message.id), **message.model_dump(mode="json")}
    item[TTL_ATTRIBUTE] = message.link_expires_at + KEEP_AFTER_EXPIRY_S
    # A fresh id never overwrites a pending mail.
    return {"Put": {"Item": serialize(item), "ConditionExpression": "attribute_not_exists(PK)"}}


def from_image(image: Mapping[str, Any]) -> OutboxMessage:
    """The message in a stream record's ``NewImage``; ``ValueError`` when it is not a valid outbox item."""
    return OutboxMessage.model_validate(deserialize(image))


class Claim(StrEnum):
    CLAIMED = "claimed"  # this invocation may send
    SENT = "sent"  # already sent (a redelivery): nothing to do
    BUSY = "busy"  # another invocation holds the claim right now: try again later
    GONE = "gone"  # no such item (never written, or expired)


class OutboxRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def claim(self, message_id: str, *, now: int, lease_s: int) -> Claim:
        """Take the right to send ``message_id`` for ``lease_s`` seconds (a crashed sender's lease runs out)."""
        try:
            self.table.conditional(
                "update_item",
                Key=serialize(outbox_key(message_id)),
                UpdateExpression="SET claimed_until = :until ADD attempts :one",
                # Only an existing, unsent item whose previous claim (if any) has lapsed: of two deliveries of
                # one message, exactly one sends.
                ConditionExpression="attribute_exists(PK) AND attribute_not_exists(sent_at) "
                "AND (attribute_not_exists(claimed_until) OR claimed_until < :now)",
                ExpressionAttributeValues=values({":until": now + lease_s, ":now": now, ":one": 1}),
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ConditionFailed as failed:
            if failed.old is None:
                return Claim.GONE
            return Claim.SENT if "sent_at" in failed.old else Claim.BUSY
        return Claim.CLAIMED

    def mark_sent(self, message_id: str, *, now: int, provider_id: str) -> None:
        """Record the send and drop the token: the mail has it now, the table no longer needs it in clear."""
        with contextlib.suppress(ConditionFailed):
            self.table.conditional(
                "update_item",
                Key=serialize(outbox_key(message_id)),
                UpdateExpression="SET sent_at = :now, provider_id = :pid REMOVE #token, claimed_until",
                # Never write a stub item (its INSERT would reach the queue as a message nobody can send).
                ConditionExpression="attribute_exists(PK)",
                ExpressionAttributeNames={"#token": "token"},
                ExpressionAttributeValues=values({":now": now, ":pid": provider_id}),
            )

    def release(self, message_id: str) -> None:
        """Give the claim back after a failed send, so the retry does not wait for the lease to run out."""
        with contextlib.suppress(ConditionFailed):
            self.table.conditional(
                "update_item",
                Key=serialize(outbox_key(message_id)),
                UpdateExpression="REMOVE claimed_until",
                # Never recreate an item that expired meanwhile, never un-send a sent one.
                ConditionExpression="attribute_exists(PK) AND attribute_not_exists(sent_at)",
            )

    def get(self, message_id: str) -> dict[str, Any] | None:
        """The raw item (tests and ops)."""
        return self.table.get(outbox_key(message_id), consistent=True)
