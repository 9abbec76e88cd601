"""The platform's log lines, as Lambda writes them to an environment's log stream, prefixed with the function
and environment id because every environment shares the server's stderr."""

from __future__ import annotations

import math
import sys


def log(prefix: str, line: str) -> None:
    """One line on the server's stderr (whole lines: environments log from several threads)."""
    sys.stderr.write(f"{prefix} {line}\n")
    sys.stderr.flush()


def report(request_id: str, duration_ms: float, memory_mb: int, max_memory_mb: int, init_ms: float | None) -> str:
    """Lambda's REPORT line; ``Init Duration`` only on a cold start."""
    line = (
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms"
        f"\tBilled Duration: {max(1, math.ceil(duration_ms))} ms"
        f"\tMemory Size: {memory_mb} MB\tMax Memory Used: {max_memory_mb} MB"
    )
    return line + (f"\tInit Duration: {init_ms:.2f} ms" if init_ms is not None else "")
