"""Logger and metrics singletons (Powertools). Tracing comes from Lambda/API Gateway active tracing, not the
X-Ray SDK, which would add 160-280 ms to every cold start (see docs/observability.md).

Log with structured keys (``logger.info("login failed", extra={"reason": ...})``), never f-strings carrying
user input, and never passwords, tokens, hashes or secrets.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

SERVICE = "keel"
NAMESPACE = "Keel"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


def count(metric: str, value: int = 1) -> None:
    """Record one business event (``LoginSucceeded``...) as an EMF metric flushed at the end of the request."""
    metrics.add_metric(name=metric, unit=MetricUnit.Count, value=value)


def security_event(event: str, **fields: object) -> None:
    """A security log line plus its metric. ``fields`` must never hold credentials or key material."""
    count(event)
    logger.warning(event, extra={"security_event": event, **fields})
