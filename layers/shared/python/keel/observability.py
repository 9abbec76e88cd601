"""The logger (Powertools) and business metrics (CloudWatch EMF). Tracing comes from Lambda/API Gateway active
tracing, not the X-Ray SDK, which would add 160-280 ms to every cold start (see docs/observability.md).

Log with structured keys (``logger.info("login failed", extra={"reason": ...})``), never f-strings carrying
user input, and never passwords, tokens, hashes or secrets.

Metrics are counts of business events. ``count`` records one; ``flush_metrics`` prints what the invocation
recorded as ONE line of CloudWatch Embedded Metric Format (namespace ``Keel``, dimension ``service=keel``), which
CloudWatch turns into metrics without an API call. It is the line Powertools ``Metrics`` prints, written here
directly: Powertools spent ~6x as much per event (eager debug strings, per-flush dimension checks), on every
write request.
"""

from __future__ import annotations

import json
import threading
import time

from aws_lambda_powertools import Logger

SERVICE = "keel"
NAMESPACE = "Keel"
MAX_VALUES = 100  # EMF: at most 100 values per metric in one line, and at most 100 metrics

logger = Logger(service=SERVICE)

_pending: dict[str, list[float]] = {}  # metric name -> values recorded since the last flush
_lock = threading.Lock()
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def count(metric: str, value: int = 1) -> None:
    """Record one business event (``LoginSucceeded``...), printed as EMF at the end of the request."""
    with _lock:
        values = _pending.setdefault(metric, [])
        values.append(float(value))
        full = len(values) == MAX_VALUES or len(_pending) == MAX_VALUES
    if full:
        flush_metrics()


def flush_metrics() -> None:
    """Print the recorded events as one EMF line on stdout (Lambda's log stream), then forget them."""
    with _lock:
        if not _pending:
            return
        line = _ENCODER.encode(_emf(_pending, int(time.time() * 1000)))
        _pending.clear()
    print(line)


def clear_metrics() -> None:
    """Forget recorded events without printing them (tests)."""
    with _lock:
        _pending.clear()


def _emf(values: dict[str, list[float]], timestamp_ms: int) -> dict[str, object]:
    definitions = [{"Name": name, "Unit": "Count"} for name in values]
    directive = {"Namespace": NAMESPACE, "Dimensions": [["service"]], "Metrics": definitions}
    return {"_aws": {"Timestamp": timestamp_ms, "CloudWatchMetrics": [directive]}, "service": SERVICE, **values}


def security_event(event: str, **fields: object) -> None:
    """A security log line plus its metric. ``fields`` must never hold credentials or key material."""
    count(event)
    logger.warning(event, extra={"security_event": event, **fields})
