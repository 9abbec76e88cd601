"""The local gateway as a user runs it: ``python -m infra.local.serve`` in a subprocess, called over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class HttpResult:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalServer:
    """``env`` extends the server's environment; without ``KEEL_LOCAL_DATA_DIR`` the data lives in a temporary
    folder removed by ``stop`` (never the developer's ``.local/``). ``log_path`` keeps the server's stderr (the
    environments' logs and REPORT lines); otherwise it is discarded."""

    def __init__(self, env: dict[str, str] | None = None, log_path: Path | None = None) -> None:
        self.port = free_port()
        self.log_path = log_path
        self._tmp = None if env and "KEEL_LOCAL_DATA_DIR" in env else tempfile.mkdtemp(prefix="keel-data-")
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "PYTHONPATH": "layers/shared/python:functions:.",
            "KEEL_STAGE": "local",
            **({"KEEL_LOCAL_DATA_DIR": self._tmp} if self._tmp else {}),
            **(env or {}),
        }
        for key in ("KEEL_TABLE_NAME", "KEEL_SIGNING_KEY_SECRET_ID", "KEEL_CURSOR_KEY_SECRET_ID"):
            self.env.pop(key, None)
        # Each server's mail goes to its own local outbox, not to the repository's .local/.
        self.env.setdefault("KEEL_MAIL_OUTBOX_FILE", str(Path(tempfile.mkdtemp(prefix="keel-mail-")) / "outbox.jsonl"))
        self.proc: subprocess.Popen[str] | None = None
        self.banner = ""
        self.output: deque[str] = deque(maxlen=1000)  # the server's console after the banner (mail, notices)

    def start(self, timeout: float = 60) -> LocalServer:
        stderr = self.log_path.open("a") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "infra.local.serve"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if "listening on" in line:
                self.banner = line.strip()
                # Keep reading: a full stdout pipe (64 KiB of console lines) would block the server mid-run.
                threading.Thread(target=self._drain, args=(self.proc.stdout,), daemon=True).start()
                return self
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"local server did not start: {self.banner!r}")

    def _drain(self, stdout: IO[str]) -> None:
        for line in stdout:
            self.output.append(line.rstrip("\n"))

    def stop(self, *, keep_data: bool = False) -> int:
        assert self.proc is not None
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            if self._tmp and not keep_data:
                shutil.rmtree(self._tmp, ignore_errors=True)

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs (the environments exit on their own when their pipe closes)."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=15)

    def logs(self) -> str:
        return self.log_path.read_text() if self.log_path else ""

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> HttpResult:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        hdrs = dict(headers or {})
        data: bytes | None = None
        if body is not None:
            data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            return HttpResult(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode())
        finally:
            conn.close()
