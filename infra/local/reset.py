"""``make reset``: empty the local data folder (``.local/``, or ``KEEL_LOCAL_DATA_DIR``); refused while a
``make serve`` holds it. The next ``make serve`` starts a new store with the sample users and posts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from infra.local.runtime.store import DB_FILE, StoreBusy, data_dir, lock


def reset(directory: Path) -> str:
    """Empty the data folder (refused while a server holds it); the message to print."""
    if not (directory / DB_FILE).exists():
        return f"{directory}/ holds no local data; nothing to reset."
    fd = lock(directory)
    try:
        for suffix in ("", "-wal", "-shm"):
            (directory / f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    finally:
        os.close(fd)
    return f"Emptied {directory}/: the next `make serve` starts a new store with the sample users and posts."


def main() -> int:
    try:
        print(reset(data_dir()))
    except StoreBusy as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
