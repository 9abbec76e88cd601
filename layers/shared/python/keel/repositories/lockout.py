"""Password-check reservations ``LOGIN#<normalized email>/LOCK``, kept for any email, existing or not.

The item holds the times of the most recent password checks (at most ``limit``, each a failure or a check in
flight), ``locked_until`` and a ``version``. Reserving a check is ONE conditional write on that version: the
decision "may this guess be checked?" and the count are the same write, so concurrent guesses cannot all pass a
read-then-write gap. A lost race re-reads (from the failed write's ``ALL_OLD``) and tries again, a bounded
number of times. docs/data-model.md ("Lockout") has the whole design.
"""

from __future__ import annotations

from dataclasses import dataclass

from keel.repositories.dynamo import ConditionFailed, Item, Table, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE

MAX_TRIES = 8  # conditional writes per reservation; each lost race means another guess was counted


def lock_key(email: str) -> dict[str, str]:
    return {PK: f"LOGIN#{email}", SK: "LOCK"}


@dataclass(frozen=True)
class Policy:
    limit: int  # checks allowed per rolling window
    window_s: int
    duration_s: int  # how long the email stays locked once the limit is reached


@dataclass(frozen=True)
class Reservation:
    """The outcome of asking to check one guess: granted (``locks`` when it is the last one allowed), or refused
    for ``retry_after_s`` seconds."""

    granted: bool
    locks: bool = False
    retry_after_s: int = 0


def _decide(item: Item | None, now: int, policy: Policy) -> tuple[Reservation, Item | None]:
    """What reserving a check at ``now`` means for the stored state: the answer and the item to write."""
    locked_until = int((item or {}).get("locked_until", 0))
    if locked_until > now:
        return Reservation(False, retry_after_s=locked_until - now), None
    # Rolling window: only checks in (now - window, now] count, wherever the first failure fell.
    recent = sorted(int(t) for t in (item or {}).get("attempts", []) if int(t) > now - policy.window_s)
    attempts = [*recent, now][-policy.limit :]
    locks = len(attempts) >= policy.limit
    until = now + policy.duration_s if locks else 0
    new = {
        **lock_key(""),
        "attempts": attempts,
        "locked_until": until,
        "version": int((item or {}).get("version", 0)) + 1,
        TTL_ATTRIBUTE: max(until, now + policy.window_s),
    }
    return Reservation(True, locks=locks), new


class LockoutRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, email: str) -> Item | None:
        return self.table.get(lock_key(email), consistent=True)

    def reserve(self, email: str, *, now: int, policy: Policy) -> Reservation:
        """Count one password check for ``email`` if the policy allows it, atomically."""
        current: Item | None = None  # first guess: no item (the happy path is one write, no read)
        for _ in range(MAX_TRIES):
            decision, new = _decide(current, now, policy)
            if new is None:
                return decision
            try:
                self._write(email, new, expected=current)
            except ConditionFailed as failed:
                current = failed.old  # someone else counted first: decide again on what they wrote
                continue
            return decision
        # Still losing races: many guesses for this email are arriving at once. Check none of them.
        return Reservation(False, retry_after_s=1)

    def _write(self, email: str, item: Item, *, expected: Item | None) -> None:
        item = {**item, **lock_key(email)}
        if expected is None:
            condition, vals = "attribute_not_exists(PK)", {}
        else:
            # Optimistic concurrency: nobody counted a check since we read the item.
            condition, vals = "version = :v", {":v": expected.get("version", 0)}
        self.table.conditional(
            "put_item",
            Item=serialize(item),
            ConditionExpression=condition,
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            **({"ExpressionAttributeValues": values(vals)} if vals else {}),
        )

    def clear(self, email: str) -> None:
        """A right password ends the count (unconditional: its own reservation included)."""
        self.table.call("delete_item", Key=serialize(lock_key(email)))
