"""Building responses: success envelopes, pages, unenveloped documents, empty bodies and the ONE mapping from
a typed error to its HTTP response. The request id comes from the invocation being handled."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel

from keel.clock import iso
from keel.conventions import JSON
from keel.errors import KeelError, error_body

current_request_id: ContextVar[str] = ContextVar("keel_request_id", default="-")
_ENCODER = json.JSONEncoder(separators=(",", ":"))  # json.dumps(..., separators=...) builds one per call


def now_iso() -> str:
    return iso(time.time())


def meta() -> dict[str, str]:
    return {"request_id": current_request_id.get(), "timestamp": now_iso()}


def _dump(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [_dump(d) for d in data]
    return data


def ok(data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A success response: ``data`` (a model, list of models or plain JSON) inside the SPEC §1 envelope."""
    body = {"success": True, "data": _dump(data), "meta": meta()}
    return Response(status, JSON, encode(body), dict(headers or {}))


@dataclass(frozen=True)
class Raw:
    """Documents a success model that is served as is, without the envelope (``raw()``): JWKS, OpenAPI."""

    model: Any


def raw(document: Any, *, status: int = 200) -> Response:
    """A JSON document served as is, without the envelope (the OpenAPI document, the JWKS)."""
    return raw_text(encode(document), status=status)


def encode(document: Any) -> str:
    """``document`` as the compact JSON text every response body is written in."""
    return _ENCODER.encode(document)


def raw_text(text: str, *, status: int = 200) -> Response:
    """A document already ``encode``d, served as is: one served unchanged is encoded once, not per request."""
    return Response(status, JSON, text)


def page(items: list[Any], *, limit: int, next_cursor: str | None) -> Response:
    """A list response with SPEC §1 pagination."""
    pagination = {"limit": limit, "next_cursor": next_cursor, "has_next": next_cursor is not None}
    body = {"success": True, "data": _dump(items), "pagination": pagination, "meta": meta()}
    return Response(200, JSON, encode(body))


def empty(status: int = 204, headers: Mapping[str, str] | None = None) -> Response:
    """A response without a body (204, 304)."""
    return Response(status, JSON, "", dict(headers or {}))


def error_response(error: KeelError) -> Response:
    """THE mapping from a typed error to an HTTP response."""
    body = {"success": False, "error": error_body(error), "meta": meta()}
    return Response(error.status, JSON, encode(body), dict(error.headers))
