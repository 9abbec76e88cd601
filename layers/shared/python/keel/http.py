"""The resolver factory: every route gets the SPEC §1 conventions from here and nowhere else.

A handler module does::

    app = Endpoint("health")                      # method, path and auth come from keel.routes

    @app.handle(responses={200: HealthReport})
    def health() -> Response: ...

    lambda_handler = app.lambda_handler

``Endpoint`` applies, in order: the body rules of ``keel.conventions`` (413, 415, strict JSON 400), pydantic
validation (422 with per-field details), the typed-error mapping and envelopes of ``keel.responses``, request
id and security headers, structured logging with the request id as correlation id, and metric flushing.
OpenAPI response documentation comes from ``keel.api_docs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from keel.auth.context import Caller, caller_from
from keel.config import get_settings
from keel.conventions import (
    CORS_ALLOW_HEADERS,
    CORS_EXPOSE_HEADERS,
    SECURITY_HEADERS,
    finish,
    header,
    precheck,
    strict_body,
    takes_body,
)
from keel.errors import (
    FieldError,
    InternalError,
    KeelError,
    NotFoundError,
    RequestValidationFailed,
    UnsupportedMediaTypeError,
)
from keel.observability import logger, metrics
from keel.repositories import aws
from keel.responses import Raw, current_request_id, empty, encode, error_response, now_iso, ok, page, raw, raw_text
from keel.routes import Auth, Route, route_for

__all__ = [  # what handlers and the local gateway import from here
    "CORS_ALLOW_HEADERS", "CORS_EXPOSE_HEADERS", "SECURITY_HEADERS", "Endpoint", "Raw", "current_caller", "empty",
    "encode", "error_response", "header", "make_resolver", "now_iso", "ok", "page", "raw", "raw_text",
]  # fmt: skip


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


def powertools_path(path: str) -> str:
    """The route table's ``/v1/posts/{post_id}`` in the resolver's rule syntax, ``/v1/posts/<post_id>``."""
    return re.sub(r"\{(\w+)\}", r"<\1>", path)


class Endpoint:
    """One Lambda function serving the one route the table gives it."""

    def __init__(self, function: str, *, route: Route | None = None) -> None:
        self.function = function
        self.route = route or route_for(function)
        self.router = Router()
        self.takes_body = False  # set by ``handle`` from the route body's parameters
        self._documentation: tuple[Callable[..., Any], dict[int, Any], str | None, Any] | None = None
        aws.prepare(self.route.access)  # the AWS clients this route always uses, made in the init phase

    def handle(
        self,
        *,
        responses: dict[int, Any],
        description: str | None = None,
        headers: Mapping[int, Sequence[str]] | None = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register the route body under the method and path from the route table.

        ``responses`` (status -> model), ``headers`` (per success status, the response headers the route sends)
        and ``description`` (default: the handler module's docstring) document the route in OpenAPI: they are
        kept for ``documented_router`` and cost the running function nothing.
        """

        def decorator(body: Callable[..., Any]) -> Callable[..., Any]:
            self.takes_body = takes_body(body)
            self._documentation = (body, responses, description, headers)
            path, status = powertools_path(self.route.path), min(responses)
            registered = self.router.route(path, self.route.method, status_code=status)(body)
            self.__dict__.pop("app", None)
            _ = self.app  # the resolver is built now, in the init phase, not in the first request
            return registered

        return decorator

    def documented_router(self) -> Router:
        """The route again, with everything OpenAPI says of it: summary, description, tag, operation id,
        responses with their models and headers, security. Only the document's generator builds this: the
        function serves ``router``, so no cold start builds the documentation's error models."""
        from keel.api_docs import operation_description, responses_for  # noqa: PLC0415 (documentation only)

        if self._documentation is None:
            raise LookupError(f"{self.function}: no route body registered with handle()")
        body, responses, description, headers = self._documentation
        route, router = self.route, Router()
        router.route(
            powertools_path(route.path),
            route.method,
            summary=route.summary,
            description=description or operation_description(body),
            tags=[route.tag],
            operation_id=self.function,
            responses=responses_for(responses, route, headers),
            security=[{"bearerAuth": []}] if route.auth is Auth.BEARER else None,
            status_code=min(responses),
        )(body)
        return router

    @cached_property
    def app(self) -> APIGatewayRestResolver:
        return make_resolver(self.router)

    def lambda_handler(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        """The Lambda entry point: conventions around ``resolve``."""
        request_id = str((event.get("requestContext") or {}).get("requestId") or "-")
        token = current_request_id.set(request_id)
        logger.append_keys(correlation_id=request_id, function=self.function)  # set_correlation_id, in one call
        try:
            rejected = precheck(event, takes_body=self.takes_body)
            response = _render(error_response(rejected), event) if rejected else self.app.resolve(event, context)
            return finish(response, event, request_id, self.route)
        finally:
            if metrics.metric_set:
                metrics.flush_metrics()
            current_request_id.reset(token)


def _render(response: Response, event: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {k: v for k, v in response.headers.items() if isinstance(v, str)},
        "multiValueHeaders": {},
        "body": response.body or "",
        "isBase64Encoded": False,
    }


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
    app = APIGatewayRestResolver(cors=cors, enable_validation=True, json_body_deserializer=strict_body)
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
