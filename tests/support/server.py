"""The local gateway as a user runs it: ``python -m infra.local.serve`` in a subprocess, called over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "PYTHONPATH": "layers/shared/python:functions:.",
            "KEEL_STAGE": "local",
            **(env or {}),
        }
        for key in ("KEEL_TABLE_NAME", "KEEL_SIGNING_KEY_SECRET_ID", "KEEL_CURSOR_KEY_SECRET_ID"):
            self.env.pop(key, None)
        # Each server's mail goes to its own local outbox, not to the repository's .local/.
        self.env.setdefault("KEEL_MAIL_OUTBOX_FILE", str(Path(tempfile.mkdtemp(prefix="keel-mail-")) / "outbox.jsonl"))
        self.proc: subprocess.Popen[str] | None = None
        self.banner = ""

    def start(self, timeout: float = 60) -> LocalServer:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "infra.local.serve"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if "listening on" in line:
                self.banner = line.strip()
                return self
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"local server did not start: {self.banner!r}")

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=15)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()

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
