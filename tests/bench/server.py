"""The emulator for ``make bench`` as a moto server on a free port, so that each measured function can start
in its own fresh interpreter (a cold environment) and still reach the same seeded table and secrets."""

from __future__ import annotations

import copy
import logging
import os
import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.server import ThreadedMotoServer

from infra.local import emulator, seeding
from keel.config import get_settings
from keel.repositories import aws
from keel.repositories import secrets as secret_cache


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running() -> Iterator[str]:
    """Start moto, point this process (and its children, via the environment) at it, provision and seed."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per DynamoDB call otherwise
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its state per process, not per server: start each round from an empty emulator.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
    emulator.use_fake_credentials()
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    get_settings.cache_clear()
    aws.reset()
    secret_cache.forget()  # a previous round's signing key belonged to a previous server
    try:
        emulator.provision()
        seeding.seed_samples()
        yield endpoint
    finally:
        server.stop()
        aws.reset()


class Baseline:
    """The table as it is now, put back before each cold environment (the server runs in this process).

    Every function then runs against the same data, however much the functions before it wrote; and moto's
    transactions, which copy the whole table once per element, cost the same from a round's start to its end
    instead of slowing down (and timing out) as the table grows.
    """

    def __init__(self) -> None:
        name = get_settings().table_name
        backends: list[Any] = [backend for _, _, backend in dynamodb_backends.iter_backends()]
        self.tables: dict[str, Any] = next(backend.tables for backend in backends if name in backend.tables)
        self.name, self.saved = name, copy.deepcopy(self.tables[name])

    def restore(self) -> None:
        self.tables[self.name] = copy.deepcopy(self.saved)
