"""Idempotency-Key records for post creation: the record and the post are written in ONE TransactWriteItems.

Record ``PK=IDEMPOTENCY#<user_id>#<sha256(key)> SK=IDEMPOTENCY``: the request's hash, the post as created (the
original 201) and ``expires_at`` (TTL). Keys are scoped per user by the partition key. The transaction is atomic,
so there is no "half-done" state to recover from: a replay finds the record and the post together. A request
still in flight is visible only as DynamoDB's ``TransactionConflict`` cancellation, which becomes 409.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from keel.config import get_settings
from keel.errors import ConflictError, FieldError, RequestValidationFailed, ServiceUnavailableError
from keel.models.posts import StoredPost
from keel.repositories.dynamo import deserialize, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE

RECORD_SK = "IDEMPOTENCY"
THROTTLED = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"})


@dataclass(frozen=True)
class Once:
    """One Idempotency-Key use: who sent it, the key, a hash of the request body, and the clock."""

    user_id: str
    key: str
    request_hash: str
    now: int  # epoch seconds
    ttl_s: int

    def record_key(self) -> dict[str, str]:
        digest = hashlib.sha256(self.key.encode()).hexdigest()  # bounded key size whatever the client sends
        return {PK: f"IDEMPOTENCY#{self.user_id}#{digest}", SK: RECORD_SK}

    def put(self, post: StoredPost) -> dict[str, Any]:
        """The record's ``Put``; it fails (returning the record) when the key is already taken."""
        record = {
            **self.record_key(),
            "request_hash": self.request_hash,
            "post": post.model_dump(exclude_none=True),
            TTL_ATTRIBUTE: self.now + self.ttl_s,
        }
        return {
            "Item": serialize(record),
            # One use per user and key until it expires. TTL deletion can lag by days, so an expired record
            # that still exists is treated as absent.
            "ConditionExpression": "attribute_not_exists(#pk) OR #exp < :now",
            "ExpressionAttributeNames": {"#pk": PK, "#exp": TTL_ATTRIBUTE},
            "ExpressionAttributeValues": values({":now": self.now}),
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }

    def original(self, reasons: list[dict[str, Any]]) -> StoredPost | None:
        """The post an earlier use of the key created, from the cancellation reasons of the transaction.

        409 while that use is in flight, 422 when it carried another body, 503 when DynamoDB throttled; ``None``
        when the record was not the reason (the caller decides).
        """
        codes = [str(r.get("Code", "None")) for r in reasons]
        if "TransactionConflict" in codes:
            raise ConflictError("A request with this Idempotency-Key is still in progress.")
        if THROTTLED.intersection(codes):
            raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s)
        if not codes or codes[0] != "ConditionalCheckFailed":
            return None
        record = deserialize(reasons[0].get("Item") or {})
        if record.get("request_hash") != self.request_hash:
            raise RequestValidationFailed(
                "This Idempotency-Key was already used with a different request.",
                details=[FieldError("Idempotency-Key", "Already used with a different body.")],
            )
        return StoredPost.model_validate(record["post"])
