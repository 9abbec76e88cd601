"""API Gateway REST (payload v1) proxy events, shaped like the ones API Gateway sends to Lambda.

The local gateway, ``make invoke`` fixtures and the tests all build events here, so a handler sees the same
shape everywhere.
"""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

STAGE = "local"  # the API Gateway stage name; routes themselves carry the /v1 version prefix


def _single(multi: Mapping[str, Sequence[str]]) -> dict[str, str] | None:
    return {k: v[-1] for k, v in multi.items() if v} or None


def proxy_event(
    method: str,
    path: str,
    *,
    resource: str | None = None,
    path_params: Mapping[str, str] | None = None,
    headers: Mapping[str, Sequence[str]] | None = None,
    query: Mapping[str, Sequence[str]] | None = None,
    body: bytes | str | None = None,
    source_ip: str = "127.0.0.1",
    authorizer: Mapping[str, Any] | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """One REST proxy event. ``headers`` and ``query`` are multi-valued, as API Gateway delivers them."""
    multi_headers = {k: list(v) for k, v in (headers or {}).items()}
    multi_query = {k: list(v) for k, v in (query or {}).items()}
    is_b64 = False
    text: str | None
    if isinstance(body, bytes):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text, is_b64 = base64.b64encode(body).decode(), True
    else:
        text = body
    now = time.time()
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method.upper(),
        "headers": _single(multi_headers),
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": _single(multi_query),
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": dict(path_params) if path_params else None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource or path,
            "httpMethod": method.upper(),
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "requestId": request_id or str(uuid.uuid4()),
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "requestTimeEpoch": int(now * 1000),
            "protocol": "HTTP/1.1",
            "identity": {"sourceIp": source_ip},
            "authorizer": dict(authorizer) if authorizer else None,
            "accountId": "000000000000",
            "apiId": "local",
        },
        "body": text if text else None,
        "isBase64Encoded": is_b64,
    }
