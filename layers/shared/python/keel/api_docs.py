"""How a route's responses are documented in OpenAPI: enveloped success models, pages, unenveloped documents,
the headers each response carries, and, for every error status a route can give, an error envelope whose
``code`` is an enum of the codes that status carries (SPEC §1's table, read from ``keel.errors``)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from http import HTTPStatus
from typing import Any, get_args, get_origin

from pydantic import BaseModel, Field, create_model

from keel.api_links import links_for
from keel.conventions import JSON
from keel.errors import KeelError
from keel.models.envelope import Envelope, ErrorDetail, Meta, Page
from keel.responses import Raw
from keel.routes import Auth, Route

HEADER_REF = "#/components/headers/"
MAX_ERROR_DETAILS = 20

# A known path asked with a method it does not serve. The gateway answers it (infra.gateway_responses, which
# keel may not import); a test checks the two agree.
METHOD_NOT_ALLOWED = ("METHOD_NOT_ALLOWED", "The method is not allowed on this resource.")

# What each error status means to a client (SPEC §1's "when" column).
ERROR_WHEN = {
    400: "Malformed JSON, an invalid cursor or an unusable header.",
    401: "No, bad, expired or revoked credentials.",
    403: "Authenticated, but not allowed to do this; or blocked by the WAF (deployed stages).",
    404: "Unknown or deleted resource, or unknown route.",
    405: "A known path asked with a method it does not serve; `Allow` lists the methods it serves.",
    409: "A duplicate (email), or the same Idempotency-Key still in flight.",
    412: "`If-Match` does not match the current version.",
    413: "The request body is over the limit (64 KiB).",
    415: "A request body sent without `Content-Type: application/json`.",
    422: "Body, query or path values that break the schema; `details` names each field.",
    429: "Throttled or locked out; retry after `Retry-After` seconds.",
    500: "A bug; the message is generic, the detail is only in the logs.",
    503: "AWS throttled, timed out or was unavailable; retry after `Retry-After` seconds.",
}
ERROR_HEADERS = {401: ("WWW-Authenticate",), 405: ("Allow",), 429: ("Retry-After",), 503: ("Retry-After",)}
SUCCESS_WHEN = {
    200: "OK.",
    201: "Created; `Location` names the new resource.",
    202: "Accepted.",
    204: "Done; no content.",
    304: "Not modified: `If-None-Match` names the current version; no content.",
}


_DETAILS = {422: [{"field": "title", "message": "String should have at most 200 characters"}]}


def error_codes() -> dict[int, tuple[tuple[str, str], ...]]:
    """Every error status with its ``(code, default message)`` pairs, from the typed errors of ``keel.errors``."""
    found: dict[int, dict[str, str]] = {405: dict([METHOD_NOT_ALLOWED])}
    pending: list[type[KeelError]] = [KeelError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.status, {}).setdefault(cls.code, cls.default_message)
        pending.extend(cls.__subclasses__())
    return {status: tuple(sorted(codes.items())) for status, codes in sorted(found.items())}


def _model_name(codes: Sequence[str]) -> str:
    # NOT_FOUND -> NotFound: NotFoundEnvelope, NotFoundInfo (never clashing with the resolver's own models)
    return "".join(part.capitalize() for part in "_".join(codes).split("_"))


@cache
def error_model(status: int) -> type[BaseModel]:
    """The error envelope of ``status``: its ``code`` is an enum of exactly the codes that status carries."""
    pairs = error_codes()[status]
    codes: list[Any] = [c for c, _ in pairs]
    messages = [m for _, m in pairs]
    name = _model_name(codes)
    details = Field(max_length=MAX_ERROR_DETAILS, examples=[_DETAILS.get(status, [])])
    info = create_model(
        f"{name}Info",
        code=(str, Field(json_schema_extra={"enum": codes})),
        message=(str, Field(description="For humans; never parse it.", examples=messages)),
        details=(list[ErrorDetail], details),
    )
    success = (bool, Field(json_schema_extra={"const": False}))
    return create_model(f"{name}Envelope", success=success, error=(info, ...), meta=(Meta, ...))


def operation_description(func: Callable[..., Any]) -> str | None:
    """The handler module's docstring without its ``METHOD /path:`` prefix, as the operation's description."""
    doc = inspect.getdoc(inspect.getmodule(func))
    if not doc:
        return None
    text = re.sub(r"^[A-Z]+ \S+: ", "", doc, count=1)
    return text[:1].upper() + text[1:]


def _success_model(model: Any) -> Any:
    """``list[X]`` documents as the paginated ``Page[X]``, ``Raw(X)`` as ``X``, anything else as ``Envelope[X]``."""
    if isinstance(model, Raw):
        return model.model
    if get_origin(model) is list:
        return Page[get_args(model)[0]]  # type: ignore[misc]
    return Envelope[model]


def _headers(names: Sequence[str], status: int) -> dict[str, Any]:
    refs = {name: {"$ref": HEADER_REF + name} for name in ("X-Request-Id", *names)}
    if status == 403:  # WAF's own 403 cannot carry a request id; every other response does
        refs["X-Request-Id"] = {"$ref": HEADER_REF + "X-Request-Id-Unless-WAF"}
    if status < 400:
        refs["Cache-Control"] = {"$ref": HEADER_REF + "Cache-Control"}
    return refs


def error_response(status: int) -> dict[str, Any]:
    """The documented response of an error status: its meaning, headers and error envelope."""
    return {
        "description": ERROR_WHEN.get(status, HTTPStatus(status).phrase),
        "headers": _headers(ERROR_HEADERS.get(status, ()), status),
        "content": {JSON: {"model": error_model(status)}},
    }


def responses_for(
    success: dict[int, Any], route: Route, headers: Mapping[int, Sequence[str]] | None = None
) -> dict[int, Any]:
    """OpenAPI responses: success models with the headers the route sends and the links they open, plus the
    error envelope for every error the route can give."""
    out: dict[int, Any] = {}
    for status, model in success.items():
        if status >= 400:  # an error a route names explicitly (404, 409, 412...): the error envelope
            continue
        out[status] = {
            "description": SUCCESS_WHEN.get(status, HTTPStatus(status).phrase),
            "headers": _headers((headers or {}).get(status, ()), status),
            "content": {JSON: {"model": _success_model(model)}} if model else {},
        }
        if links := links_for(route.function, status):
            out[status]["links"] = links
    errors = [400, 403, 422, 429, 500, 503] + ([401] if route.auth is Auth.BEARER else [])
    errors += [413, 415]  # the body rules hold on every method (keel.conventions)
    errors += [status for status in success if status >= 400]
    for status in sorted(set(errors)):
        out[status] = error_response(status)
    return out
