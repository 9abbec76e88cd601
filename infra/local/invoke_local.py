"""``make invoke``'s local runner: real handlers in this process, against emulated AWS seeded once.

Every event sees the same freshly seeded data, as if it ran alone: the table is put back to its seeded state
before each one (cheap, unlike re-seeding, which hashes the sample users' passwords). Secrets are kept, so the
four key-rotation steps of a folder build on one another.
"""

from __future__ import annotations

import time
from typing import Any

import boto3
from moto.core import DEFAULT_ACCOUNT_ID
from moto.secretsmanager.models import secretsmanager_backends

from infra.local import seeding
from infra.local.emulator import REGION, Emulator
from infra.local.event_files import ROTATOR, InvokeError, fill_tokens
from infra.local.functions import LambdaContext, handler_of
from infra.local.seed import SAMPLE_USERS, sample_access_token
from keel.config import get_settings

Item = dict[str, Any]


class LocalRunner:
    """Start the emulator and seed it once; ``run`` one event at a time against the seeded state."""

    def __enter__(self) -> LocalRunner:
        self._emulator = Emulator().start()
        seeding.seed_samples()
        self._ddb = boto3.client("dynamodb", region_name=REGION)
        self._seeded = self._items()
        return self

    def __exit__(self, *exc: object) -> None:
        self._emulator.stop()

    def run(self, function: str, event: dict[str, Any]) -> Any:
        """What the function returns for ``event``; whatever the handler raises propagates."""
        self._restore()
        event = fill_tokens(event, _token)
        if function == ROTATOR and event.get("Step") == "createSecret":
            _begin_rotation(str(event["SecretId"]), str(event["ClientRequestToken"]))
        request_id = str((event.get("requestContext") or {}).get("requestId") or "invoke")
        return handler_of(function)(event, LambdaContext(function, request_id))

    def _items(self) -> list[Item]:
        table = get_settings().table_name
        pages = self._ddb.get_paginator("scan").paginate(TableName=table)
        return [item for page in pages for item in page["Items"]]

    def _restore(self) -> None:
        table = get_settings().table_name
        keys = {a["AttributeName"] for a in self._ddb.describe_table(TableName=table)["Table"]["KeySchema"]}
        deletes: list[Any] = [{"DeleteRequest": {"Key": {k: item[k] for k in keys}}} for item in self._items()]
        puts: list[Any] = [{"PutRequest": {"Item": item}} for item in self._seeded]
        for requests in (deletes, puts):
            for start in range(0, len(requests), 25):  # BatchWriteItem takes 25 requests at most
                self._ddb.batch_write_item(RequestItems={table: requests[start : start + 25]})


def _token(role: str) -> str:
    for sample in SAMPLE_USERS:
        if sample.role.value == role:
            return sample_access_token(sample)
    roles = ", ".join(s.role.value for s in SAMPLE_USERS)
    raise InvokeError(f"no sample user with role {role!r} for {{{{access_token:{role}}}}}; the roles are {roles}")


def _begin_rotation(secret_id: str, token: str) -> None:
    """What RotateSecret does before it calls the function: a new, empty version labelled AWSPENDING."""
    backend = secretsmanager_backends[DEFAULT_ACCOUNT_ID][REGION]
    try:
        secret: Any = backend.secrets[secret_id]
    except KeyError:
        expected = get_settings().signing_key_secret_id
        raise InvokeError(f"no emulated secret {secret_id!r}: the signing keys are {expected!r}") from None
    if token not in secret.versions:
        secret.versions[token] = {"createdate": int(time.time()), "version_id": token, "version_stages": ["AWSPENDING"]}
    secret.rotation_enabled = secret.rotation_requested = True
