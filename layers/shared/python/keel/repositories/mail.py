"""Mail tokens, mail rate counters and the user changes they unlock (docs/data-model.md, "Email").

Token ``MAILTOKEN#<sha256>/MAILTOKEN`` (kind, user, expiry; TTL); rate counter ``MAILRATE#<email>/<kind>`` (the
send times of the last hour, with a version for optimistic concurrency). Every method that builds a write returns
one element of a TransactWriteItems, so a service commits the state change and its outbox item together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keel.models.mail import MailKind
from keel.repositories.dynamo import Table, TransactionCancelled, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE
from keel.repositories.users import LIVE, user_key


def token_key(digest: str) -> dict[str, str]:
    return {PK: f"MAILTOKEN#{digest}", SK: "MAILTOKEN"}


def rate_key(email: str, kind: MailKind) -> dict[str, str]:
    return {PK: f"MAILRATE#{email}", SK: kind.value}


@dataclass(frozen=True)
class MailToken:
    kind: MailKind
    user_id: str
    expires_at: int


@dataclass(frozen=True)
class Sends:
    """The mails of one kind sent to one address: their times (epoch seconds) and the counter's version."""

    times: tuple[int, ...] = ()
    version: int = 0

    def within(self, now: int, window_s: int) -> tuple[int, ...]:
        return tuple(t for t in self.times if t > now - window_s)


class MailRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def token(self, digest: str) -> MailToken | None:
        item = self.table.get(token_key(digest), consistent=True)
        if item is None:
            return None
        return MailToken(MailKind(item["kind"]), str(item["user_id"]), int(item["expires_at"]))

    def sends(self, email: str, kind: MailKind) -> Sends:
        item = self.table.get(rate_key(email, kind), consistent=True)
        if item is None:
            return Sends()
        return Sends(tuple(int(t) for t in item.get("sent", [])), int(item.get("version", 0)))

    def put_token(self, digest: str, kind: MailKind, user_id: str, *, expires_at: int) -> dict[str, Any]:
        item = {**token_key(digest), "kind": kind.value, "user_id": user_id, TTL_ATTRIBUTE: expires_at}
        # 256 random bits never collide; the condition says so out loud.
        return {"Put": {"Item": serialize(item), "ConditionExpression": "attribute_not_exists(PK)"}}

    def consume_token(self, digest: str, *, now: int) -> dict[str, Any]:
        """Delete the token: single use. Fails (and with it the whole transaction) if used or expired."""
        return {
            "Delete": {
                "Key": serialize(token_key(digest)),
                "ConditionExpression": "attribute_exists(PK) AND expires_at > :now",
                "ExpressionAttributeValues": values({":now": now}),
            }
        }

    def record_send(self, email: str, kind: MailKind, seen: Sends, *, now: int, window_s: int) -> dict[str, Any]:
        """Count one more send on top of ``seen``; fails if another request counted one meanwhile."""
        times = [*seen.within(now, window_s), now]
        item = {**rate_key(email, kind), "sent": times, "version": seen.version + 1, TTL_ATTRIBUTE: now + window_s}
        return {
            "Put": {
                "Item": serialize(item),
                # Optimistic concurrency: of two concurrent requests near the limit only one counts (and sends).
                "ConditionExpression": "attribute_not_exists(PK) OR version = :seen",
                "ExpressionAttributeValues": values({":seen": seen.version}),
            }
        }

    def record_first_send(self, email: str, kind: MailKind, *, now: int, window_s: int) -> dict[str, Any]:
        """Count a send without reading first (registration's welcome mail: registration is ONE request)."""
        return {
            "Update": {
                "Key": serialize(rate_key(email, kind)),
                "UpdateExpression": "SET sent = list_append(if_not_exists(sent, :none), :now), "
                "version = if_not_exists(version, :zero) + :one, expires_at = :exp",
                "ExpressionAttributeValues": values(
                    {":none": [], ":now": [now], ":zero": 0, ":one": 1, ":exp": now + window_s}
                ),
            }
        }

    def mark_verified(self, user_id: str, *, stamp: str) -> dict[str, Any]:
        return _user_update(user_id, "SET email_verified = :yes, updated_at = :stamp", {":yes": True, ":stamp": stamp})

    def hold_reset_token(self, user_id: str, digest: str) -> dict[str, Any]:
        """Make ``digest`` the user's one good reset token: every older one stops working."""
        return _user_update(user_id, "SET reset_token = :digest", {":digest": digest})

    def reset_password(self, user_id: str, digest: str, password_hash: str, *, stamp: str) -> dict[str, Any]:
        """New password, every session revoked (epoch + 1), address proven; only with the user's current token."""
        element = _user_update(
            user_id,
            "SET password_hash = :hash, updated_at = :stamp, email_verified = :yes, "
            "session_epoch = session_epoch + :one REMOVE reset_token",
            {":hash": password_hash, ":stamp": stamp, ":yes": True, ":one": 1, ":digest": digest},
        )
        # A newer reset token (or a completed reset) voids this one.
        element["Update"]["ConditionExpression"] += " AND reset_token = :digest"
        return element

    def commit(self, elements: list[dict[str, Any]]) -> bool:
        """Write ``elements`` in ONE transaction; False when a condition failed (nothing was written)."""
        try:
            self.table.transact_conditional(elements)
        except TransactionCancelled:
            return False
        return True


def _user_update(user_id: str, expression: str, vals: dict[str, Any]) -> dict[str, Any]:
    return {
        "Update": {
            "Key": serialize(user_key(user_id)),
            "UpdateExpression": expression,
            # Only a live user: never an upsert, never a deleted account.
            "ConditionExpression": LIVE,
            "ExpressionAttributeValues": values(vals),
        }
    }
