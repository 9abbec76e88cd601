"""The runtime inside one execution environment: ``python -m infra.local.runtime.bootstrap <function> <in> <out>``.

Like Lambda's runtime interface client: Init imports ``functions/<function>/handler.py`` once, then each
invocation request read from file descriptor ``<in>`` runs the handler and its result goes back on ``<out>``,
one JSON line each way. Standard output and error are the environment's logs only, so nothing a handler prints
can corrupt a result.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
import traceback
from typing import IO, Any

from infra.local.functions import LambdaContext


def _send(channel: IO[str], message: dict[str, Any]) -> None:
    channel.write(json.dumps(message, separators=(",", ":")) + "\n")
    channel.flush()


def _max_memory_mb() -> int:
    """This process's peak resident memory. Linux's ru_maxrss survives execve (it would report the server's
    peak), so read VmHWM, which starts afresh with the new address space."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _error(exc: BaseException) -> dict[str, Any]:
    """Lambda's error shape, logged as the Python runtime logs an unhandled exception."""
    print(f"[ERROR] {type(exc).__name__}: {exc}", file=sys.stderr)
    traceback.print_exception(exc, file=sys.stderr)
    return {"ok": False, "errorType": type(exc).__name__, "errorMessage": str(exc)}


def _invoke(handler: Any, function: str, request: dict[str, Any]) -> dict[str, Any]:
    context = LambdaContext(
        function_name=os.environ.get("AWS_LAMBDA_FUNCTION_NAME", function),
        aws_request_id=request["request_id"],
        memory_limit_in_mb=int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")),
        deadline=time.monotonic() + request["timeout_s"],
        log_stream_name=os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "local"),
    )
    try:
        reply = {"ok": True, "result": handler(request["event"], context)}
    except Exception as exc:
        reply = _error(exc)
    sys.stdout.flush()
    return {**reply, "max_memory_mb": _max_memory_mb()}


def main(argv: list[str]) -> int:
    function, fd_in, fd_out = argv[0], int(argv[1]), int(argv[2])
    requests = os.fdopen(fd_in, "r", encoding="utf-8")
    results = os.fdopen(fd_out, "w", encoding="utf-8")
    try:
        handler = importlib.import_module(f"{function}.handler").lambda_handler
    except Exception as exc:  # Lambda's Runtime.ImportModuleError / init error: the environment is unusable
        _send(results, {"type": "init_error", **_error(exc)})
        return 1
    _send(results, {"type": "ready", "max_memory_mb": _max_memory_mb()})
    for line in requests:  # EOF: the runtime retired this environment
        _send(results, {"type": "result", **_invoke(handler, function, json.loads(line))})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
