"""One execution environment: a worker process running one function's handler, one invocation at a time.

Its standard output and error are its log stream, copied line by line to the server's stderr with the
function and environment id in front, beside the platform lines Lambda writes (INIT_START, START, END, REPORT).
A crash, a failed init or a timeout kills the process; the pool then discards the environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from infra.local.runtime.errors import EnvironmentFailed, FunctionError
from infra.local.runtime.logs import log

INIT_TIMEOUT_S = 10.0  # Lambda's limit for the Init phase


@dataclass(frozen=True)
class FunctionConfig:
    """What Lambda knows about a function: its name, memory size, timeout, and the code and variables it runs with."""

    name: str  # the folder under functions/
    memory_mb: int
    timeout_s: float
    env: dict[str, str]
    code_dir: Path  # holds functions/ and layers/, as the deployment package and layer do

    @property
    def lambda_name(self) -> str:
        return f"keel-local-{self.name.replace('_', '-')}"


class Environment:
    def __init__(self, config: FunctionConfig, generation: int) -> None:
        self.config = config
        self.generation = generation  # the code version it loaded (reload bumps the pool's)
        self.id = uuid.uuid4().hex
        self.prefix = f"[{config.name} {self.id[:8]}]"
        self.idle_since = time.monotonic()
        self.init_ms = 0.0
        self.max_memory_mb = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._requests: IO[str] | None = None
        self._results = -1
        self._buffer = b""

    def _env(self) -> dict[str, str]:
        stream = time.strftime("%Y/%m/%d/[$LATEST]", time.gmtime()) + self.id
        code = self.config.code_dir
        return {
            **self.config.env,
            "PYTHONPATH": os.pathsep.join(str(p) for p in (code / "layers/shared/python", code / "functions", ".")),
            "AWS_LAMBDA_FUNCTION_NAME": self.config.lambda_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.config.memory_mb),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> float:
        """Run Init (start the process, import the handler); its duration in ms. Raises ``EnvironmentFailed``."""
        log(self.prefix, "INIT_START Runtime Version: python:{}.{} (local)".format(*sys.version_info[:2]))
        started = time.monotonic()
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, a function name from the table
            [sys.executable, "-m", "infra.local.runtime.bootstrap", self.config.name, str(req_r), str(res_w)],
            env=self._env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            pass_fds=(req_r, res_w), cwd=Path.cwd(), start_new_session=True,  # Ctrl-C reaches the server only
        )  # fmt: skip
        os.close(req_r)
        os.close(res_w)
        self._requests = os.fdopen(req_w, "w", encoding="utf-8")
        self._results = res_r
        threading.Thread(target=self._copy_logs, name=f"logs {self.prefix}", daemon=True).start()
        ready = self._receive(INIT_TIMEOUT_S, "Init")
        if ready.get("type") != "ready":
            self.stop()
            raise EnvironmentFailed(f"{ready.get('errorType')}: {ready.get('errorMessage')}")
        self.init_ms = (time.monotonic() - started) * 1000
        return self.init_ms

    def invoke(self, event: dict[str, Any], request_id: str) -> dict[str, Any]:
        """Run the handler on ``event``; its result, or ``FunctionError`` / ``EnvironmentFailed``."""
        assert self._requests is not None
        request = {"event": event, "request_id": request_id, "timeout_s": self.config.timeout_s}
        try:
            self._requests.write(json.dumps(request, separators=(",", ":")) + "\n")
            self._requests.flush()
        except (BrokenPipeError, OSError):
            raise EnvironmentFailed("Runtime exited before the invocation") from None
        reply = self._receive(self.config.timeout_s, "Task")
        self.max_memory_mb = int(reply.get("max_memory_mb", 0))
        self.idle_since = time.monotonic()
        if not reply.get("ok"):
            raise FunctionError(str(reply.get("errorType")), str(reply.get("errorMessage")))
        result: dict[str, Any] = reply["result"]
        return result

    def _receive(self, timeout_s: float, phase: str) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._results], [], [], remaining)[0]:
                self.stop()
                raise EnvironmentFailed(f"{phase} timed out after {timeout_s:.2f} seconds")
            chunk = os.read(self._results, 1 << 16)
            if not chunk:
                code = self._proc.wait() if self._proc else None
                self.stop()
                raise EnvironmentFailed(f"Runtime exited with status {code} (Runtime.ExitError)")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        message: dict[str, Any] = json.loads(line)
        return message

    def _copy_logs(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for raw in self._proc.stdout:
            log(self.prefix, raw.decode("utf-8", "replace").rstrip("\n"))

    def stop(self) -> None:
        """Shut the environment down (kill: Lambda freezes then reclaims; nothing of it may linger)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        if self._requests is not None:
            with contextlib.suppress(OSError):  # the process is gone: flushing its pipe fails
                self._requests.close()
        if self._results >= 0:
            os.close(self._results)
            self._results = -1

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None
