"""Answers the local gateway gives itself, before or instead of a handler: API Gateway's Gateway Responses.

Status, code and message come from ``infra.gateway_responses``, the table the CDK app deploys, so a request
refused locally and on AWS gets the same envelope, security headers and ``X-Request-Id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from infra.gateway_responses import COMMON_HEADERS, GATEWAY_RESPONSES, GatewayError, envelope
from infra.local import cors
from keel.http import now_iso


class GatewayFailure(Exception):
    """API Gateway answers the request itself with ``error`` (a response type of the table, or an entry)."""

    def __init__(self, error: str | GatewayError, headers: Mapping[str, str] | None = None) -> None:
        self.error = GATEWAY_RESPONSES[error] if isinstance(error, str) else error
        super().__init__(self.error.code)
        self.headers = dict(headers or {})


def gateway_response(
    error: str | GatewayError,
    request_id: str,
    origin: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The proxy-shaped result of a Gateway Response, with the CORS headers ``origin`` is entitled to."""
    entry = GATEWAY_RESPONSES[error] if isinstance(error, str) else error
    all_headers = {
        **COMMON_HEADERS,
        **entry.headers,
        **cors.response_headers(origin),
        **(headers or {}),
        "Content-Type": "application/json",
        "X-Request-Id": request_id,
    }
    body = envelope(entry, request_id=request_id, timestamp=now_iso())
    return {"statusCode": entry.status, "headers": all_headers, "body": body}
