"""Refresh-token sessions ``SESSION#<sid>/SESSION`` (docs/data-model.md, "Accounts").

``expires_at`` (TTL) lets DynamoDB delete dead sessions; code never relies on it (TTL deletion lags), it
checks the times itself.
"""

from __future__ import annotations

import contextlib

from keel.config import get_settings
from keel.errors import ConflictError, ServiceUnavailableError
from keel.models.auth import SessionStanding, StoredSession
from keel.models.users import UserStanding
from keel.repositories import aws
from keel.repositories.dynamo import ConditionFailed, Item, Table, deserialize, serialize, values
from keel.repositories.schema import PK, SK, TTL_ATTRIBUTE
from keel.repositories.users import user_key

_FIELDS = frozenset(StoredSession.model_fields)
# The attributes the authorizer reads of a session and its user: a projection, so a password hash or a refresh
# digest never reaches it, and a session's 64 retired digests are not read on every request.
_STANDING = (PK, *SessionStanding.model_fields, *UserStanding.model_fields)
_PROJECTION = {
    "ProjectionExpression": ", ".join(f"#a{i}" for i in range(len(_STANDING))),
    "ExpressionAttributeNames": {f"#a{i}": name for i, name in enumerate(_STANDING)},
}


def session_key(session_id: str) -> dict[str, str]:
    return {PK: f"SESSION#{session_id}", SK: "SESSION"}


def to_session(item: Item) -> StoredSession:
    return StoredSession.model_validate({k: v for k, v in item.items() if k in _FIELDS})


class SessionsRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def create(self, session: StoredSession, *, expires_at: int) -> None:
        """Write a new session; ``ConflictError`` in the never-seen case that its random id is taken."""
        item = {**session_key(session.id), **session.model_dump(), TTL_ATTRIBUTE: expires_at}
        try:
            # A fresh random id never replaces an existing session.
            self.table.conditional(
                "put_item",
                Item=serialize(item),
                ConditionExpression="attribute_not_exists(PK)",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ConditionFailed as failed:
            # Exactly our item: the SDK retried our own put after a lost response, which is success.
            if failed.old != deserialize(serialize(item)):
                raise ConflictError("A session with this id already exists.") from failed

    def get(self, session_id: str) -> StoredSession | None:
        item = self.table.get(session_key(session_id), consistent=True)
        return to_session(item) if item else None

    def rotate(
        self, session_id: str, *, presented: str, new_hash: str, retired: list[str], now: int, expires_at: int
    ) -> bool:
        """Replace the refresh hash and the retired list (computed from the state in which ``presented`` was
        current); False when ``presented`` is no longer current (someone rotated first)."""
        try:
            self.table.conditional(
                "update_item",
                Key=serialize(session_key(session_id)),
                UpdateExpression="SET refresh_hash = :new, retired_hashes = :retired, last_used_at = :now, #ttl = :exp",
                # Only the holder of the current token rotates, and only once: of N concurrent refreshes of
                # one token exactly one passes this condition. The retired list only changes with the hash, so
                # the one computed from the state we read is the one to keep.
                ConditionExpression="refresh_hash = :presented AND attribute_not_exists(revoked_at)",
                ExpressionAttributeNames={"#ttl": TTL_ATTRIBUTE},
                ExpressionAttributeValues=values(
                    {":new": new_hash, ":retired": retired, ":now": now, ":exp": expires_at, ":presented": presented}
                ),
            )
        except ConditionFailed:
            return False
        return True

    def revoke(self, session_id: str, *, now: int, reason: str) -> None:
        """Revoke one session (idempotent); the item stays until its TTL, for the record."""
        with contextlib.suppress(ConditionFailed):  # already revoked, or gone: revocation holds either way
            self.table.conditional(
                "update_item",
                Key=serialize(session_key(session_id)),
                UpdateExpression="SET revoked_at = :now, revoked_reason = :reason",
                # Revocation is final: never resurrect a deleted item, never overwrite the first reason.
                ConditionExpression="attribute_exists(PK) AND attribute_not_exists(revoked_at)",
                ExpressionAttributeValues=values({":now": now, ":reason": reason}),
            )

    def get_with_user(self, session_id: str, user_id: str) -> tuple[SessionStanding | None, UserStanding | None]:
        """The standing of the session and of the user in ONE round trip (the authorizer's budget, SPEC §5)."""
        keys = [serialize(session_key(session_id)), serialize(user_key(user_id))]
        request = {self.table.name: {"Keys": keys, "ConsistentRead": True, **_PROJECTION}}
        with aws.unavailable_as_503():
            resp = self.table.client.batch_get_item(RequestItems=request)
        if resp.get("UnprocessedKeys"):
            # Throttled: a second round trip would break the budget; fail as unavailable, not as a bad token.
            raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s)
        session = user = None
        for raw in resp.get("Responses", {}).get(self.table.name, []):
            item = deserialize(raw)
            if item.pop(PK).startswith("SESSION#"):
                session = SessionStanding.model_validate(item)
            else:
                user = UserStanding.model_validate(item)
        return session, user
