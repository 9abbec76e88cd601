"""The local data store: every acknowledged write journalled durably in SQLite, restored when ``make serve`` starts.

One row per DynamoDB item (its latest state) and one per secret (all its versions): the journal is also the
snapshot, so it never needs replaying or compacting. Writes commit with ``synchronous=FULL`` before the
emulated AWS answers (group-committed: concurrent writes share an fsync), so a write a client saw acknowledged
survives Ctrl-C, SIGTERM, a crash or a power cut. One server at a time owns a data folder (an advisory lock),
and ``make reset`` (``infra.local.reset``) refuses while it does.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_DIR = ".local"
DB_FILE = "store.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS items (tbl TEXT, pk TEXT, sk TEXT, item TEXT NOT NULL, PRIMARY KEY (tbl, pk, sk))",
    "CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, versions TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class StoreBusy(RuntimeError):
    """Another ``make serve`` holds this data folder."""


def data_dir() -> Path:
    """The data folder: ``KEEL_LOCAL_DATA_DIR``, or ``.local/`` in the working directory (git-ignored)."""
    return Path(os.environ.get("KEEL_LOCAL_DATA_DIR") or DEFAULT_DIR)


def lock(directory: Path) -> int:
    """Hold ``directory`` for this process (the descriptor to close); ``StoreBusy`` if another holds it."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusy(f"another `make serve` is using {directory}/; stop it first") from None
    return fd


class Store:
    """The journal in ``directory``; ``is_new`` until the sample data has been seeded into it.

    Writes are group-committed: ``submit`` queues a write's rows in the order the caller holds (the emulated
    DynamoDB's backend lock), one writer thread commits everything queued in one fsync'd transaction, and
    ``wait`` returns once a ticket is on disk. Concurrent writes share an fsync, and reads never wait for one.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock_fd = lock(directory)
        self._db = sqlite3.connect(directory / DB_FILE, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # fsync each commit: acknowledged means on disk
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._cond = threading.Condition()
        self._pending: list[tuple[str, tuple[Any, ...]]] = []
        self._queued = self._durable = 0
        self._failure: BaseException | None = None
        self._closing = False
        self._writer = threading.Thread(target=self._write_loop, name="store-writer", daemon=True)
        self._writer.start()

    @property
    def is_new(self) -> bool:
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is None

    def mark_seeded(self) -> None:
        self.wait(self.submit([("INSERT OR REPLACE INTO meta VALUES ('seeded', '1')", ())]))

    def submit(self, statements: list[tuple[str, tuple[Any, ...]]]) -> int:
        """Queue one write's statements (committed together, in submission order); its ticket."""
        with self._cond:
            self._pending.extend(statements)
            self._queued += 1
            self._cond.notify_all()
            return self._queued

    def wait(self, ticket: int) -> None:
        """Return once ``ticket`` is committed to disk; raise if the journal could not be written."""
        with self._cond:
            while self._durable < ticket and self._failure is None:
                self._cond.wait()
            if self._failure is not None:
                raise RuntimeError("the local store could not be written") from self._failure

    def _write_loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    return
                batch, self._pending, upto = self._pending, [], self._queued
            try:
                with self._db:
                    self._db.execute("BEGIN IMMEDIATE")
                    for sql, params in batch:
                        self._db.execute(sql, params)
            except sqlite3.Error as exc:
                self._failure = exc
            with self._cond:
                self._durable = upto
                self._cond.notify_all()

    def record_items(self, rows: list[tuple[str, str, str, str | None]]) -> int:
        """Queue upserts of ``(table, pk, sk, item json)`` rows (a ``None`` item deletes the row); the ticket."""
        statements = [
            ("DELETE FROM items WHERE tbl = ? AND pk = ? AND sk = ?", (table, pk, sk))
            if item is None
            else ("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)", (table, pk, sk, item))
            for table, pk, sk, item in rows
        ]
        return self.submit(statements)

    def record_secret(self, name: str, versions: list[dict[str, Any]] | None) -> int:
        """Queue keeping every version of secret ``name`` (``None``: it was deleted); the ticket."""
        if versions is None:
            return self.submit([("DELETE FROM secrets WHERE name = ?", (name,))])
        return self.submit([("INSERT OR REPLACE INTO secrets VALUES (?, ?)", (name, json.dumps(versions)))])

    def items(self, table: str) -> Iterator[dict[str, Any]]:
        for (item,) in self._db.execute("SELECT item FROM items WHERE tbl = ?", (table,)):
            yield json.loads(item)

    def secrets(self) -> dict[str, list[dict[str, Any]]]:
        return {name: json.loads(v) for name, v in self._db.execute("SELECT name, versions FROM secrets")}

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._writer.join()
        self._db.close()
        os.close(self._lock_fd)
