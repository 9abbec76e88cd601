"""AWS emulated in-process with moto: the table and secrets, built from the same definitions the CDK uses.

Used by the local gateway (``make serve``), ``make invoke`` and the integration and e2e tests. moto's
DynamoDB conditional writes are not atomic across threads, so every backend operation is serialised behind
one lock: conditions then hold under concurrent requests exactly as they do on DynamoDB.
"""

from __future__ import annotations

import functools
import os
import secrets
import threading
from collections.abc import Callable
from typing import Any

import boto3
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.responses import DynamoHandler

from keel.auth import keyset
from keel.config import get_settings
from keel.repositories import aws
from keel.repositories import secrets as secret_cache
from keel.repositories.schema import TTL_ATTRIBUTE, create_table_kwargs

REGION = "us-east-1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
_LOCKED = (
    "get_item", "put_item", "update_item", "delete_item", "query", "scan", "batch_get_item",
    "batch_write_item", "transact_get_items", "transact_write_items", "execute_statement",
)  # fmt: skip
# moto's write *requests* read the old item before the backend call and serialize the returned item after it
# (an Item that a concurrent update mutates in place): locking only the backend let two concurrent updates both
# answer the later version. Whole write requests hold the lock too.
_LOCKED_REQUESTS = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
backend_lock = threading.RLock()  # also held by the local store's journal (infra.local.runtime.journal)
_request = threading.local()
_patched = False


def defer_until_unlocked(wait: Callable[[], None]) -> bool:
    """Inside a locked write request, run ``wait`` after the lock is released, before the response; else False.

    The local store's journal waits for its fsync this way, so concurrent writes still share one fsync.
    """
    pending: list[Callable[[], None]] | None = getattr(_request, "pending", None)
    if pending is None:
        return False
    pending.append(wait)
    return True


def _locked(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def locked(self: Any, *args: Any, **kwargs: Any) -> Any:
        with backend_lock:
            return original(self, *args, **kwargs)

    return locked


def _locked_request(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def request(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_request, "pending", None) is not None:  # nested: the outer request owns the waits
            return original(self, *args, **kwargs)
        _request.pending = []
        try:
            with backend_lock:
                return original(self, *args, **kwargs)
        finally:
            pending, _request.pending = _request.pending, None
            for wait in pending:
                wait()

    return request


def serialize_dynamodb_backend() -> None:
    """Make moto's DynamoDB operations and write requests atomic under one re-entrant lock (idempotent)."""
    global _patched  # noqa: PLW0603 - one process-wide patch
    if _patched:
        return
    for name in _LOCKED:
        setattr(DynamoDBBackend, name, _locked(getattr(DynamoDBBackend, name)))
    for name in _LOCKED_REQUESTS:
        setattr(DynamoHandler, name, _locked_request(getattr(DynamoHandler, name)))
    _patched = True


def use_fake_credentials() -> None:
    """Point boto3 at the emulator with dummy credentials: nothing can reach a real account."""
    for key, value in FAKE_ENV.items():
        os.environ[key] = value
    os.environ.pop("AWS_PROFILE", None)


def provision() -> None:
    """Create the table (with TTL) and both secrets named by the current settings."""
    provision_table()
    provision_secrets()


def provision_table() -> None:
    """Create the table named by the current settings, with its TTL attribute."""
    settings = get_settings()
    ddb = boto3.client("dynamodb", region_name=REGION)
    ddb.create_table(**create_table_kwargs(settings.table_name))
    ddb.update_time_to_live(
        TableName=settings.table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )


def provision_secrets(existing: frozenset[str] = frozenset()) -> None:
    """Create the signing-key and cursor-key secrets named by the current settings, with fresh key material,
    unless their names are in ``existing`` (a kept local store)."""
    settings = get_settings()
    sm = boto3.client("secretsmanager", region_name=REGION)
    wanted = {
        settings.signing_key_secret_id: keyset.initial,
        settings.cursor_key_secret_id: lambda: secrets.token_urlsafe(48),
    }
    for name, material in wanted.items():
        if name not in existing:
            sm.create_secret(Name=name, SecretString=material())


class Emulator:
    """Start moto, provision Keel's resources, and clear Keel's cached clients; ``stop`` undoes it."""

    def __init__(self) -> None:
        self._mock = mock_aws()

    def start(self) -> Emulator:
        use_fake_credentials()
        serialize_dynamodb_backend()
        self._mock.start()
        get_settings.cache_clear()
        aws.reset()
        secret_cache.forget()
        provision()
        return self

    def stop(self) -> None:
        self._mock.stop()
        aws.reset()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
