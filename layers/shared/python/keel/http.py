"""The resolver factory: every route gets the SPEC §1 conventions from here and nowhere else.

A handler module does::

    app = Endpoint("health")                      # method, path and auth come from keel.routes

    @app.handle(responses={200: HealthReport})
    def health() -> Response: ...

    lambda_handler = app.lambda_handler

``Endpoint`` applies, in order: body size (413), media type (415), strict JSON (400, via the resolver's body
deserializer), pydantic validation (422 with per-field details), typed-error mapping, the envelope, request
id and security headers, structured logging with the request id as correlation id, and metric flushing.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from pydantic import BaseModel

from keel.auth.context import Caller, caller_from
from keel.config import get_settings
from keel.errors import (
    BadRequestError,
    FieldError,
    InternalError,
    KeelError,
    NotFoundError,
    PayloadTooLargeError,
    RequestValidationFailed,
    UnsupportedMediaTypeError,
    error_body,
)
from keel.jsonbody import loads_object
from keel.observability import logger, metrics
from keel.routes import Auth, Route, route_for

T = TypeVar("T")
JSON = "application/json"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
}
CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"]
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After", "X-Request-Id", "Idempotent-Replayed"]

_request_id: ContextVar[str] = ContextVar("keel_request_id", default="-")


class Meta(BaseModel):
    request_id: str
    timestamp: str


class Envelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T
    meta: Meta


class Pagination(BaseModel):
    limit: int
    next_cursor: str | None
    has_next: bool


class Page(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    pagination: Pagination
    meta: Meta


class ErrorDetail(BaseModel):
    field: str
    message: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorInfo
    meta: Meta


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def meta() -> dict[str, str]:
    return {"request_id": _request_id.get(), "timestamp": now_iso()}


def _dump(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [_dump(d) for d in data]
    return data


def ok(data: Any, *, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A success response: ``data`` (a model, list of models or plain JSON) inside the SPEC §1 envelope."""
    body = {"success": True, "data": _dump(data), "meta": meta()}
    return Response(status, JSON, json.dumps(body, separators=(",", ":")), dict(headers or {}))


def raw(document: Any, *, status: int = 200) -> Response:
    """A JSON document served as is, without the envelope (the OpenAPI document, the JWKS)."""
    return Response(status, JSON, json.dumps(document, separators=(",", ":")))


def page(items: list[Any], *, limit: int, next_cursor: str | None) -> Response:
    """A list response with SPEC §1 pagination."""
    pagination = {"limit": limit, "next_cursor": next_cursor, "has_next": next_cursor is not None}
    body = {"success": True, "data": _dump(items), "pagination": pagination, "meta": meta()}
    return Response(200, JSON, json.dumps(body, separators=(",", ":")))


def empty(status: int = 204, headers: Mapping[str, str] | None = None) -> Response:
    """A response without a body (204, 304)."""
    return Response(status, JSON, "", dict(headers or {}))


def error_response(error: KeelError) -> Response:
    """THE mapping from a typed error to an HTTP response."""
    body = {"success": False, "error": error_body(error), "meta": meta()}
    return Response(error.status, JSON, json.dumps(body, separators=(",", ":")), dict(error.headers))


def _field_errors(exc: RequestValidationError) -> list[FieldError]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]  # where the value came from, not part of the field's name
        field = ".".join(loc) or "body"
        message = "Unknown field." if err.get("type") == "extra_forbidden" else str(err.get("msg", "Invalid."))
        if not loc and err.get("type") == "missing":
            field, message = "(body)", "A JSON object is required as the request body."
        details.append(FieldError(field, message))
    return details


@dataclass(frozen=True)
class Raw:
    """Marks a success model that is served as is, without the envelope (``raw()``): JWKS, OpenAPI."""

    model: Any


def _success_model(model: Any) -> Any:
    """``list[X]`` documents as the paginated ``Page[X]``, ``Raw(X)`` as ``X``, anything else as ``Envelope[X]``."""
    if isinstance(model, Raw):
        return model.model
    if get_origin(model) is list:
        return Page[get_args(model)[0]]  # type: ignore[misc]
    return Envelope[model]


def responses_for(success: dict[int, Any], route: Route) -> dict[int, Any]:
    """OpenAPI responses: enveloped success models plus the error envelope for the errors a route can give."""
    out: dict[int, Any] = {}
    for status, model in success.items():
        if status >= 400:  # an error a route names explicitly (404, 409, 412...): the error envelope
            continue
        content = {JSON: {"model": _success_model(model)}} if model else {}
        out[status] = {"description": "Success", "content": content}
    errors = [400, 422, 429, 500, 503] + ([401, 403] if route.auth is Auth.BEARER else [])
    errors += [413, 415] if route.method in BODY_METHODS else []
    errors += [status for status in success if status >= 400]
    for status in errors:
        out.setdefault(status, {"description": "Error", "content": {JSON: {"model": ErrorEnvelope}}})
    return out


def powertools_path(path: str) -> str:
    """The route table's ``/v1/posts/{post_id}`` in the resolver's rule syntax, ``/v1/posts/<post_id>``."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


class Endpoint:
    """One Lambda function serving the one route the table gives it."""

    def __init__(self, function: str, *, route: Route | None = None) -> None:
        self.function = function
        self.route = route or route_for(function)
        self.router = Router()

    def handle(
        self,
        *,
        responses: dict[int, Any],
        description: str | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register the route body under the method and path from the route table."""
        route = self.route
        security: list[dict[str, list[str]]] | None = [{"bearerAuth": []}] if route.auth is Auth.BEARER else None
        status = min(responses)
        return self.router.route(
            powertools_path(route.path),
            route.method,
            summary=route.summary,
            description=description,
            tags=[route.tag],
            operation_id=self.function,
            responses=responses_for(responses, route),
            security=security,
            status_code=status,
        )

    @cached_property
    def app(self) -> APIGatewayRestResolver:
        return make_resolver(self.router)

    def lambda_handler(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        """The Lambda entry point: conventions around ``resolve``."""
        request_id = str((event.get("requestContext") or {}).get("requestId") or "-")
        token = _request_id.set(request_id)
        logger.set_correlation_id(request_id)
        logger.append_keys(function=self.function)
        try:
            rejected = _precheck(event)
            response = _render(error_response(rejected), event) if rejected else self.app.resolve(event, context)
            return _finish(response, event, request_id, self.route)
        finally:
            if metrics.metric_set:
                metrics.flush_metrics()
            _request_id.reset(token)


def _body_bytes(event: Mapping[str, Any]) -> bytes:
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body)
        except ValueError:
            return b"\xff"  # undecodable: let the JSON parser reject it
    return body.encode() if isinstance(body, str) else bytes(body)


def header(event: Mapping[str, Any], name: str) -> str | None:
    """A request header, case-insensitively."""
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _precheck(event: dict[str, Any]) -> KeelError | None:
    """Body rules that hold for every route and method, before routing: 413, 415, then strict JSON (400).

    An accepted media type is rewritten to plain ``application/json`` in the event, since media types are
    case-insensitive but Powertools compares them exactly.
    """
    body = _body_bytes(event)
    if len(body) > get_settings().max_body_bytes:
        return PayloadTooLargeError(f"The request body is larger than {get_settings().max_body_bytes} bytes.")
    if not body:
        return None
    media, _, params = (header(event, "content-type") or "").partition(";")
    charset = params.strip().lower().removeprefix("charset=").strip('"') if params.strip() else "utf-8"
    if media.strip().lower() != JSON or charset not in ("utf-8", "utf8"):
        return UnsupportedMediaTypeError()
    _set_content_type(event)
    try:
        _strict_body(body.decode("utf-8"))
    except UnicodeDecodeError:
        return BadRequestError("The request body is not valid UTF-8.")
    except BadRequestError as error:
        return error
    return None


def _set_content_type(event: dict[str, Any]) -> None:
    for key in [k for k in (event.get("headers") or {}) if k.lower() == "content-type"]:
        event["headers"][key] = JSON
    for key in [k for k in (event.get("multiValueHeaders") or {}) if k.lower() == "content-type"]:
        event["multiValueHeaders"][key] = [JSON]


def _render(response: Response, event: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {k: v for k, v in response.headers.items() if isinstance(v, str)},
        "multiValueHeaders": {},
        "body": response.body or "",
        "isBase64Encoded": False,
    }


def _finish(result: dict[str, Any], event: Mapping[str, Any], request_id: str, route: Route | None) -> dict[str, Any]:
    headers: dict[str, Any] = dict(result.get("headers") or {})
    multi: dict[str, list[str]] = dict(result.get("multiValueHeaders") or {})
    for key in list(multi):
        if len(multi[key]) == 1 and key not in ("Set-Cookie",):
            headers[key] = multi.pop(key)[0]
    headers.update(SECURITY_HEADERS)
    headers["Content-Type"] = JSON
    headers["X-Request-Id"] = request_id
    public_read = (
        route is not None and route.auth is Auth.PUBLIC and route.method == "GET" and not header(event, "authorization")
    )
    headers["Cache-Control"] = "no-cache" if public_read else "no-store"
    result["headers"] = headers
    result["multiValueHeaders"] = multi
    return result


def _strict_body(text: str) -> dict[str, Any]:
    return loads_object(text, max_depth=get_settings().max_json_depth)


def make_resolver(*routers: Router) -> APIGatewayRestResolver:
    """A REST (v1 payload) resolver with validation, strict JSON, CORS from config and the error mapping."""
    origins = list(get_settings().cors_allow_origins)
    cors = (
        CORSConfig(
            allow_origin=origins[0],
            extra_origins=origins[1:],
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
            max_age=600,
        )
        if origins
        else None
    )
    app = APIGatewayRestResolver(cors=cors, enable_validation=True, json_body_deserializer=_strict_body)
    for router in routers:
        app.include_router(router)

    @app.exception_handler(KeelError)
    def _keel_error(exc: KeelError) -> Response:
        if exc.status >= 500:
            logger.warning("request failed", extra={"code": exc.code, "cause": type(exc.__cause__).__name__})
        return error_response(exc)

    @app.exception_handler(RequestUnsupportedContentType)
    def _media(_exc: RequestUnsupportedContentType) -> Response:
        return error_response(UnsupportedMediaTypeError())

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response:
        return error_response(RequestValidationFailed(details=_field_errors(exc)))

    @app.not_found
    def _not_found(_exc: Exception) -> Response:
        return error_response(NotFoundError("No route matches this method and path."))

    @app.exception_handler(Exception)
    def _bug(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return error_response(InternalError())

    return app


def current_caller(endpoint: Endpoint) -> Caller:
    """The authenticated caller of the request being handled by ``endpoint``."""
    return caller_from(endpoint.app.current_event.raw_event)
