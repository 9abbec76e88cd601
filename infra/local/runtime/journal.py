"""Journalling moto's writes into the local store, inside the serialised backend call that made them.

Each successful DynamoDB write (PutItem, UpdateItem, DeleteItem; BatchWriteItem goes through the first and the
last; TransactWriteItems) records the new state of every item it touched, and each Secrets Manager write the
secret's versions, while still holding the backend lock: the journal's order is the backend's order, and the
HTTP response leaves only after the row is on disk.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterable
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.utilities import dynamo_json_dump
from moto.secretsmanager.models import SecretsManagerBackend

from infra.local.emulator import backend_lock, defer_until_unlocked, serialize_dynamodb_backend
from infra.local.runtime.store import Store

_TABLE_WRITES = ("put_item", "update_item", "delete_item", "transact_write_items")
_SECRET_WRITES = (
    "create_secret", "put_secret_value", "update_secret", "update_secret_version_stage", "delete_secret",
    "restore_secret", "rotate_secret",
)  # fmt: skip
_store: Store | None = None
_originals: dict[tuple[type, str], Callable[..., Any]] = {}


def _touched_keys(name: str, args: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """``(table, key or whole item)`` for every item a write names (DynamoDB's request shapes)."""
    if name == "put_item":
        yield args["table_name"], args["item_attrs"]
    elif name in ("update_item", "delete_item"):
        yield args["table_name"], args["key"]
    else:
        for entry in args["transact_items"]:
            for kind, op in entry.items():
                if kind in ("Put", "Update", "Delete"):
                    yield op["TableName"], op.get("Item") or op["Key"]


def _item_row(backend: DynamoDBBackend, table_name: str, attrs: dict[str, Any]) -> tuple[str, str, str, str | None]:
    table = backend.get_table(table_name)
    names = [a for a in (table.hash_key_attr, table.range_key_attr) if a]
    key = {a: attrs[a] for a in names}
    item = backend.get_item(table.name, key)
    pk, sk = (json.dumps(key[a], sort_keys=True) if a else "" for a in (table.hash_key_attr, table.range_key_attr))
    return table.name, pk, sk, dynamo_json_dump(item.to_json()["Attributes"]) if item else None


def _record_table_write(store: Store, backend: DynamoDBBackend, name: str, args: dict[str, Any]) -> int:
    return store.record_items([_item_row(backend, table, attrs) for table, attrs in _touched_keys(name, args)])


def secret_versions(backend: SecretsManagerBackend, secret_id: str) -> tuple[str, list[dict[str, Any]] | None]:
    """``(name, versions)`` of a secret as stored (``None`` once it is deleted)."""
    secret = backend.secrets.get(secret_id)
    if secret is None:
        return secret_id, None
    if getattr(secret, "is_deleted", lambda: False)():
        return secret.name, None
    versions = [
        {"id": vid, "string": v.get("secret_string"), "stages": list(v.get("version_stages", [])),
         "created": v.get("createdate", 0)}
        for vid, v in secret.versions.items()
    ]  # fmt: skip
    return secret.name, versions


def _record_secret_write(store: Store, backend: SecretsManagerBackend, _name: str, args: dict[str, Any]) -> int:
    return store.record_secret(*secret_versions(backend, args.get("secret_id") or args["name"]))


Recorder = Callable[[Store, Any, str, dict[str, Any]], int]


def _journalled(cls: type, name: str, record: Recorder) -> None:
    original = _originals.setdefault((cls, name), getattr(cls, name))
    signature = inspect.signature(original)

    @functools.wraps(original)
    def write(self: Any, *args: Any, **kwargs: Any) -> Any:
        store, ticket = _store, 0
        with backend_lock:  # queued in the backend's order...
            result = original(self, *args, **kwargs)
            if store is not None:  # a raised write (a failed condition) records nothing
                ticket = record(store, self, name, signature.bind(self, *args, **kwargs).arguments)
        if store is not None and not defer_until_unlocked(functools.partial(store.wait, ticket)):
            store.wait(ticket)  # ...and on disk before moto answers, without holding other requests up
        return result

    setattr(cls, name, write)


def install(store: Store | None) -> None:
    """Journal every successful write into ``store`` from now on (``None`` pauses it, e.g. while restoring)."""
    global _store  # noqa: PLW0603 - one journal per server process
    _store = store
    if _originals:
        return
    serialize_dynamodb_backend()
    for name in _TABLE_WRITES:
        _journalled(DynamoDBBackend, name, _record_table_write)
    for name in _SECRET_WRITES:
        _journalled(SecretsManagerBackend, name, _record_secret_write)


def restore_items(backend: DynamoDBBackend, table_name: str, items: Iterable[dict[str, Any]]) -> int:
    """Put journalled items back through the unjournalled backend call; how many."""
    put = _originals.get((DynamoDBBackend, "put_item"), DynamoDBBackend.put_item)
    count = 0
    with backend_lock:
        for item in items:
            put(backend, table_name, item)
            count += 1
    return count
