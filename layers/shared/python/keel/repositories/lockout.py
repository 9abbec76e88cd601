"""Failed-login counters ``LOGIN#<normalized email>/LOCK``, kept for any email, existing or not.

Each item counts consecutive failures inside the window opened by the first one; TTL removes it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from keel.repositories.dynamo import ConditionFailed, Table, deserialize, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE


def lock_key(email: str) -> dict[str, str]:
    return {PK: f"LOGIN#{email}", SK: "LOCK"}


@dataclass(frozen=True)
class Failures:
    count: int
    window_start: int
    last_failure_at: int


def _failures(item: dict[str, object]) -> Failures:
    return Failures(int(item["failures"]), int(item["window_start"]), int(item["last_failure_at"]))  # type: ignore[call-overload]


class LockoutRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, email: str) -> Failures | None:
        item = self.table.get(lock_key(email), consistent=True)
        return _failures(item) if item else None

    def record_failure(self, email: str, *, now: int, window_s: int, expires_at: int) -> Failures:
        """Count one failure, in the current window or in a new one opened now."""
        for _ in range(2):
            counted = self._count_in_window(email, now=now, cutoff=now - window_s, expires_at=expires_at)
            if counted or self._open_window(email, now=now, cutoff=now - window_s, expires_at=expires_at):
                return counted or Failures(1, now, now)
        # Two lost races in a row: another request is counting this email right now; its count stands.
        return self.get(email) or Failures(1, now, now)

    def _count_in_window(self, email: str, *, now: int, cutoff: int, expires_at: int) -> Failures | None:
        try:
            resp = self.table.conditional(
                "update_item",
                Key=serialize(lock_key(email)),
                UpdateExpression="SET failures = failures + :one, last_failure_at = :now, #ttl = :exp",
                # Count only inside the window the first failure opened; an older streak starts over.
                ConditionExpression="window_start > :cutoff",
                ExpressionAttributeNames={"#ttl": TTL_ATTRIBUTE},
                ExpressionAttributeValues=values({":one": 1, ":now": now, ":exp": expires_at, ":cutoff": cutoff}),
                ReturnValues="ALL_NEW",
            )
        except ConditionFailed:
            return None
        return _failures(deserialize(resp["Attributes"]))

    def _open_window(self, email: str, *, now: int, cutoff: int, expires_at: int) -> bool:
        item = {
            **lock_key(email),
            "failures": 1,
            "window_start": now,
            "last_failure_at": now,
            TTL_ATTRIBUTE: expires_at,
        }
        try:
            self.table.conditional(
                "put_item",
                Item=serialize(item),
                # Start a new window only if none is open: a concurrent failure may have just opened one.
                ConditionExpression="attribute_not_exists(PK) OR window_start <= :cutoff",
                ExpressionAttributeValues=values({":cutoff": cutoff}),
            )
        except ConditionFailed:
            return False
        return True

    def clear(self, email: str) -> None:
        """A successful login ends the streak (unconditional: whatever the count, it is no longer consecutive)."""
        self.table.call("delete_item", Key=serialize(lock_key(email)))
