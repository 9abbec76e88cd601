"""Reload: a change under ``functions/`` or ``layers/`` retires the environments running the old code.

A change in ``functions/<name>/`` retires that function's environments; anything else under ``functions/`` or
``layers/`` (the shared layer) retires them all. The next request is a cold start on the new code; the data and
the server stay. watchfiles (inotify, debounced) does the watching; its default filter skips caches and
editor swap files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import watch

Retire = Callable[[Iterable[str] | None, str], None]


def affected(changed: Iterable[str], code_dir: Path) -> set[str] | None:
    """The functions whose code changed, or ``None`` when every function's did."""
    names: set[str] = set()
    for path in changed:
        try:
            parts = Path(path).resolve().relative_to(code_dir).parts
        except ValueError:
            continue
        if len(parts) >= 3 and parts[0] == "functions":  # functions/<name>/...
            names.add(parts[1])
        elif parts and parts[0] in ("functions", "layers"):
            return None
    return names


class CodeWatcher:
    """Watches ``code_dir/functions`` and ``code_dir/layers`` in a thread until ``stop``."""

    def __init__(self, code_dir: Path, retire: Retire) -> None:
        self.code_dir = code_dir.resolve()
        self._retire = retire
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="code-watcher", daemon=True)

    def start(self) -> CodeWatcher:
        self._thread.start()
        self._ready.wait(timeout=5)  # watching before the banner: an edit right after start is not missed
        return self

    def _run(self) -> None:
        roots = [p for p in (self.code_dir / "functions", self.code_dir / "layers") if p.is_dir()]
        for changes in watch(*roots, stop_event=self._stop, yield_on_timeout=True, rust_timeout=100, debounce=400):
            self._ready.set()
            if not changes:
                continue
            paths = sorted({path for _change, path in changes})
            names = affected(paths, self.code_dir)
            shown = ", ".join(str(Path(p).relative_to(self.code_dir)) for p in paths[:3])
            self._retire(None if names is None else sorted(names), f"code changed: {shown}")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
