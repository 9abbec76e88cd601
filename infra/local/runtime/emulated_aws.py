"""The AWS every execution environment shares: moto in server mode on a free 127.0.0.1 port, kept in the store.

Environments (and the server process itself, for seeding) reach it through ``AWS_ENDPOINT_URL`` with fake
credentials, so nothing can touch a real account. On start the table is created from the same schema the CDK
deploys, then the journalled items and secrets are put back before anything can write; from then on every
successful write is journalled (``infra.local.runtime.journal``).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import boto3
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from infra.local import emulator
from infra.local.runtime import journal
from infra.local.runtime.store import Store
from keel.config import get_settings
from keel.repositories import aws
from keel.repositories import secrets as secret_cache


class _QuietHandler(MotoRequestHandler):
    """No access-log line per AWS call: the gateway's own log is the one a user reads."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return


def point_boto_at(endpoint: str) -> dict[str, str]:
    """Send this process's AWS calls to ``endpoint`` with fake credentials; the variables, for environments."""
    emulator.use_fake_credentials()
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    get_settings.cache_clear()
    aws.reset()
    secret_cache.forget()
    return {**emulator.FAKE_ENV, "AWS_ENDPOINT_URL": endpoint}


def _restore_secret(sm: Any, name: str, versions: list[dict[str, Any]]) -> None:
    """Recreate a secret's staged versions oldest first (moving AWSCURRENT makes the old one AWSPREVIOUS)."""
    live = sorted((v for v in versions if v["stages"] and v["string"] is not None), key=lambda v: v["created"])
    for index, version in enumerate(live):
        if index == 0:
            sm.create_secret(Name=name, ClientRequestToken=version["id"], SecretString=version["string"])
            continue
        stages = [s for s in version["stages"] if s != "AWSPREVIOUS"] or ["AWSCURRENT"]
        sm.put_secret_value(
            SecretId=name, ClientRequestToken=version["id"], SecretString=version["string"], VersionStages=stages
        )


class EmulatedAws:
    """Start with ``start()`` (returns the environment variables that point at it), stop with ``stop()``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> dict[str, str]:
        journal.install(None)  # the restore below must not journal what it reads from the journal
        emulator.serialize_dynamodb_backend()
        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="emulated-aws", daemon=True)
        self._thread.start()
        env = point_boto_at(f"http://127.0.0.1:{self._server.server_port}")
        self._restore()
        journal.install(self.store)
        # A new store (or another stage's): fresh key material, journalled like any write.
        emulator.provision_secrets(existing=frozenset(self.store.secrets()))
        return env

    def _restore(self) -> None:
        emulator.provision_table()
        table = get_settings().table_name
        backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][emulator.REGION]
        journal.restore_items(backend, table, self.store.items(table))
        sm = boto3.client("secretsmanager", region_name=emulator.REGION)
        for name, versions in self.store.secrets().items():
            _restore_secret(sm, name, versions)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
