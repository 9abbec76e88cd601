"""Posts in DynamoDB: the only code that knows post keys, index keys and write conditions (docs/data-model.md).

Item ``PK=POST#<id> SK=POST``. By author: GSI1 ``AUTHOR#<author_id>`` / ``<id>``. Global feed: GSI2
``FEED#<yyyy-mm of the id>`` / ``<id>`` (monthly time buckets). Both indexes are sparse: a soft delete removes the
index attributes, so deleted posts leave every listing without a filter and pages stay full.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from botocore.exceptions import ClientError

from keel.config import get_settings
from keel.errors import ConflictError
from keel.models.posts import StoredPost
from keel.repositories import aws
from keel.repositories import post_pages as feed
from keel.repositories.dynamo import ConditionFailed, Item, Table, deserialize, serialize, values
from keel.repositories.idempotency import Once
from keel.repositories.post_guard import Guard
from keel.repositories.post_pages import author_partition, post_key
from keel.repositories.schema import GSI1, GSI2, PK

INDEX_ATTRIBUTES = (GSI1.pk, GSI1.sk, GSI2.pk, GSI2.sk)


@dataclass(frozen=True)
class Created:
    post: StoredPost  # the post as created (on a replay: as the first request created it)
    replayed: bool


def _failure(exc: ClientError) -> dict[str, Any]:
    """The error response, with the modeled extras (``Item``, ``CancellationReasons``) DynamoDB returned."""
    return dict(exc.response)  # type: ignore[arg-type]


def post_item(post: StoredPost) -> Item:
    """The stored item; only a live post carries the index keys that put it in the listings."""
    item: Item = {**post_key(post.id), **post.model_dump(exclude_none=True)}
    if post.deleted_at is None:
        item |= {GSI1.pk: author_partition(post.author_id), GSI1.sk: post.id}
        item |= {GSI2.pk: feed.partition(feed.bucket_of(post.id)), GSI2.sk: post.id}
    return item


def new_post_put(post: StoredPost) -> dict[str, Any]:
    """The ``Put`` of a new post (for a transaction). A fresh ULID never exists: this never overwrites."""
    return {
        "Item": serialize(post_item(post)),
        "ConditionExpression": "attribute_not_exists(#pk)",
        "ExpressionAttributeNames": {"#pk": PK},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }


class PostsRepository(feed.Listings):
    def __init__(self, table: Table) -> None:
        self.table = table

    def get(self, post_id: str) -> StoredPost | None:
        """Strongly consistent, so a client can read its own write (and the version to send in If-Match)."""
        item = self.table.get(post_key(post_id), consistent=True)
        return StoredPost.model_validate(item) if item else None

    def create(self, post: StoredPost, *, once: Once | None = None) -> Created:
        """Write a new post in ONE call: a conditional PutItem, or with an Idempotency-Key one transaction."""
        if once is None:
            return Created(self._put_new(post), replayed=False)
        try:
            self.table.transact_write([{"Put": once.put(post)}, {"Put": new_post_put(post)}])
        except ClientError as exc:
            if aws.error_code(exc) != "TransactionCanceledException":
                raise
            original = once.original(_failure(exc).get("CancellationReasons") or [])
            if original is None:
                raise ConflictError("A post with this id already exists.") from exc
            # The same id means the SDK retried our own transaction after a lost response: not a replay.
            return Created(original, replayed=original.id != post.id)
        return Created(post, replayed=False)

    def _put_new(self, post: StoredPost) -> StoredPost:
        item = post_item(post)
        try:
            self.table.conditional("put_item", **new_post_put(post))
        except ConditionFailed as failed:
            # Finding exactly our item means the SDK retried our own put after a lost response: success.
            if failed.old != item:
                raise ConflictError("A post with this id already exists.") from failed
        return post

    def update(self, post_id: str, changes: dict[str, Any], *, now: str, guard: Guard) -> StoredPost:
        """One UpdateItem: set ``changes``, bump ``version``; the guard decides inside the write."""
        fields = {**changes, "updated_at": now}
        sets = [f"#f{i} = :f{i}" for i in range(len(fields))] + ["#version = #version + :one"]
        names = {f"#f{i}": name for i, name in enumerate(fields)} | {"#version": "version"}
        vals = {f":f{i}": value for i, value in enumerate(fields.values())} | {":one": 1}
        item = self._guarded_update(post_id, f"SET {', '.join(sets)}", names, vals, guard=guard, ret="ALL_NEW")
        return StoredPost.model_validate(item)

    def soft_delete(self, post_id: str, *, now: str, guard: Guard) -> None:
        """One UpdateItem: mark deleted and drop the index keys, so the post leaves both listings at once."""
        removes = [f"#i{i}" for i in range(len(INDEX_ATTRIBUTES))]
        names = {f"#i{i}": name for i, name in enumerate(INDEX_ATTRIBUTES)} | {"#version": "version"}
        names |= {"#deleted_at": "deleted_at", "#updated_at": "updated_at"}
        sets = "#deleted_at = :now, #updated_at = :now, #version = #version + :one"
        expression = f"SET {sets} REMOVE {', '.join(removes)}"
        self._guarded_update(post_id, expression, names, {":now": now, ":one": 1}, guard=guard, ret="NONE")

    def _guarded_update(
        self, post_id: str, expression: str, names: dict[str, str], vals: dict[str, Any], *, guard: Guard, ret: str
    ) -> Item:
        condition, cond_names, cond_vals = guard.condition()
        try:
            resp = self.table.conditional(
                "update_item",
                Key=serialize(post_key(post_id)),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names | cond_names,
                ExpressionAttributeValues=values(vals | cond_vals),
                ReturnValues=ret,
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ConditionFailed as failed:
            raise guard.refusal(failed.old) from failed
        return deserialize(resp.get("Attributes") or {})


@lru_cache(maxsize=4)
def _repository(table_name: str) -> PostsRepository:
    return PostsRepository(Table(table_name))


def repository() -> PostsRepository:
    """The real repository for this container's table (the composition root for post handlers)."""
    return _repository(get_settings().table_name)
