"""The local data store: every acknowledged write journalled durably in SQLite, restored when ``make serve`` starts.

One row per DynamoDB item (its latest state) and one per secret (all its versions): the journal is also the
snapshot, so it never needs replaying or compacting. Writes commit with ``synchronous=FULL`` before the emulated
AWS answers, so a write a client saw acknowledged survives Ctrl-C, SIGTERM, a crash or a power cut. One server
at a time owns a data folder (an advisory lock), and ``make reset`` refuses while it does.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import sys
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


def _lock(directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusy(f"another `make serve` is using {directory}/; stop it first") from None
    return fd


class Store:
    """The journal in ``directory``; ``is_new`` until the sample data has been seeded into it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock_fd = _lock(directory)
        self._db = sqlite3.connect(directory / DB_FILE, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # fsync each commit: acknowledged means on disk
        for statement in _SCHEMA:
            self._db.execute(statement)

    @property
    def is_new(self) -> bool:
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is None

    def mark_seeded(self) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('seeded', '1')")

    def record_items(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        """Upsert ``(table, pk, sk, item json)`` rows in one transaction; a ``None`` item deletes the row.

        Callers serialise writes (the emulated DynamoDB's backend lock), so one connection is enough."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            for table, pk, sk, item in rows:
                if item is None:
                    self._db.execute("DELETE FROM items WHERE tbl = ? AND pk = ? AND sk = ?", (table, pk, sk))
                else:
                    self._db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)", (table, pk, sk, item))

    def record_secret(self, name: str, versions: list[dict[str, Any]] | None) -> None:
        """Keep every version of secret ``name`` (``None``: it was deleted)."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if versions is None:
                self._db.execute("DELETE FROM secrets WHERE name = ?", (name,))
            else:
                self._db.execute("INSERT OR REPLACE INTO secrets VALUES (?, ?)", (name, json.dumps(versions)))

    def items(self, table: str) -> Iterator[dict[str, Any]]:
        for (item,) in self._db.execute("SELECT item FROM items WHERE tbl = ?", (table,)):
            yield json.loads(item)

    def secrets(self) -> dict[str, list[dict[str, Any]]]:
        return {name: json.loads(v) for name, v in self._db.execute("SELECT name, versions FROM secrets")}

    def close(self) -> None:
        self._db.close()
        os.close(self._lock_fd)


def reset(directory: Path) -> str:
    """Empty the data folder (refused while a server holds it); the message to print."""
    if not (directory / DB_FILE).exists():
        return f"{directory}/ holds no local data; nothing to reset."
    fd = _lock(directory)
    try:
        for suffix in ("", "-wal", "-shm"):
            (directory / f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    finally:
        os.close(fd)
    return f"Emptied {directory}/: the next `make serve` starts a new store with the sample users and posts."


def main() -> int:
    """``make reset``."""
    try:
        print(reset(data_dir()))
    except StoreBusy as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
