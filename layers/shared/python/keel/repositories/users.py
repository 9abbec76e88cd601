"""Users and their email claims in the single table (docs/data-model.md, "Accounts").

User ``USER#<id>/PROFILE`` (in GSI1 under ``USERS`` while live); email claim ``EMAIL#<normalized>/EMAIL``
holding the user id. ``session_epoch`` on the user revokes every session at once when incremented.
"""

from __future__ import annotations

from typing import Any

from keel.errors import ConflictError
from keel.models.users import StoredUser
from keel.repositories.dynamo import ConditionFailed, Item, Table, TransactionCancelled, deserialize, serialize, values
from keel.repositories.schema import GSI1, PK, SK

USERS_LIST = "USERS"
LIVE = "attribute_exists(PK) AND attribute_not_exists(deleted_at)"
_FIELDS = frozenset(StoredUser.model_fields)


def user_key(user_id: str) -> dict[str, str]:
    return {PK: f"USER#{user_id}", SK: "PROFILE"}


def email_key(email: str) -> dict[str, str]:
    return {PK: f"EMAIL#{email}", SK: "EMAIL"}


def to_user(item: Item) -> StoredUser:
    return StoredUser.model_validate({k: v for k, v in item.items() if k in _FIELDS})


class UsersRepository:
    def __init__(self, table: Table) -> None:
        self.table = table

    def create(self, user: StoredUser, *, also: list[dict[str, Any]] | None = None) -> None:
        """Write the user and claim its email in one transaction; ``ConflictError`` if the email is taken.

        ``also``: more elements of the same transaction (the welcome mail's token and outbox item), written with
        the user or not at all."""
        user_item = {**user_key(user.id), GSI1.pk: USERS_LIST, GSI1.sk: user.id, **user.model_dump(mode="json")}
        claim = {**email_key(user.email), "user_id": user.id, "created_at": user.created_at}
        new_item = "attribute_not_exists(PK)"
        try:
            self.table.transact_conditional(
                [
                    # A fresh id never overwrites anyone.
                    {"Put": {"Item": serialize(user_item), "ConditionExpression": new_item}},
                    # THE uniqueness rule: one claim per normalized email, written with the user or not at all.
                    {"Put": {"Item": serialize(claim), "ConditionExpression": new_item}},
                    *(also or []),
                ]
            )
        except TransactionCancelled as exc:
            raise ConflictError("An account with this email already exists.") from exc

    def get(self, user_id: str) -> StoredUser | None:
        """The user item, deleted or not (strongly consistent: it may have just been written)."""
        item = self.table.get(user_key(user_id), consistent=True)
        return to_user(item) if item else None

    def find_by_email(self, email: str) -> StoredUser | None:
        """The live user owning ``email`` (already normalized), or None."""
        claim = self.table.get(email_key(email), consistent=True)
        # Always a second read, so an unknown email costs the same round trips as a known one (login timing).
        user = self.get(str(claim["user_id"]) if claim else "-")
        return user if user and not user.deleted_at else None

    def update(
        self, user_id: str, changes: dict[str, Any], *, revoke_sessions: bool = False, expected_hash: str | None = None
    ) -> StoredUser | None:
        """Apply ``changes`` to a live user, optionally revoking every session; None if no live user matched
        (or, with ``expected_hash``, if the password changed meanwhile)."""
        names = {f"#{k}": k for k in changes} | {"#epoch": "session_epoch", "#hash": "password_hash"}
        sets = [f"#{k} = :{k}" for k in changes]
        vals: dict[str, Any] = {f":{k}": v for k, v in changes.items()}
        if revoke_sessions:
            sets.append("#epoch = #epoch + :one")
            vals[":one"] = 1
        # Only a live user changes; a password replacement also requires the hash it was computed against.
        condition = LIVE
        if expected_hash is not None:
            condition += " AND #hash = :expected"
            vals[":expected"] = expected_hash
        return self._update(user_id, "SET " + ", ".join(sets), condition, names, vals)

    def _update(
        self, user_id: str, expression: str, condition: str, names: dict[str, str], vals: dict[str, Any]
    ) -> StoredUser | None:
        used = {k: v for k, v in names.items() if k in expression or k in condition}
        try:
            resp = self.table.conditional(
                "update_item",
                Key=serialize(user_key(user_id)),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=used,
                ExpressionAttributeValues=values(vals),
                ReturnValues="ALL_NEW",
            )
        except ConditionFailed:
            return None
        return to_user(deserialize(resp["Attributes"]))

    def soft_delete(self, user: StoredUser, now: str) -> bool:
        """Mark the user deleted, revoke its sessions, drop it from the admin list and free its email; False if
        it was not live."""
        update = {
            "Key": serialize(user_key(user.id)),
            "UpdateExpression": "SET deleted_at = :now, updated_at = :now, session_epoch = session_epoch + :one "
            "REMOVE GSI1PK, GSI1SK",
            # A user is deleted once: a second delete is a 404, not another epoch.
            "ConditionExpression": LIVE,
            "ExpressionAttributeValues": values({":now": now, ":one": 1}),
        }
        release = {
            "Key": serialize(email_key(user.email)),
            # Free the email only while the claim is still this user's (never another account's).
            "ConditionExpression": "attribute_not_exists(PK) OR user_id = :id",
            "ExpressionAttributeValues": values({":id": user.id}),
        }
        try:
            self.table.transact_conditional([{"Update": update}, {"Delete": release}])
        except TransactionCancelled:
            return False
        return True

    def list_page(self, limit: int, start: dict[str, str] | None) -> tuple[list[StoredUser], dict[str, str] | None]:
        """One page of live users, newest first, and the key to continue from: None unless a further user exists
        (one item more than the page is read to know)."""
        kwargs: dict[str, Any] = {"ExclusiveStartKey": serialize(start)} if start else {}
        resp = self.table.call(
            "query",
            IndexName=GSI1.name,
            KeyConditionExpression=f"{GSI1.pk} = :users",
            ExpressionAttributeValues=values({":users": USERS_LIST}),
            ScanIndexForward=False,
            Limit=limit + 1,
            **kwargs,
        )
        users = [to_user(deserialize(item)) for item in resp.get("Items", [])]
        if len(users) <= limit:
            return users, None
        last = users[limit - 1]
        return users[:limit], {**user_key(last.id), GSI1.pk: USERS_LIST, GSI1.sk: last.id}
