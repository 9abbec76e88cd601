"""SPEC §1 rules that hold for every route, whatever it does: body limits and media type (413, 415), strict
JSON (400), headers that must appear once (400), no body where a route takes none (400), and the headers every
response carries (request id, security headers, caching, ``Vary: Origin`` with CORS)."""

from __future__ import annotations

import base64
import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.config import get_settings
from keel.errors import BadRequestError, KeelError, PayloadTooLargeError, UnsupportedMediaTypeError
from keel.jsonbody import loads_object
from keel.routes import Auth, Route

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
# Headers whose meaning breaks if repeated; API Gateway passes every copy in ``multiValueHeaders`` (and the last
# one in ``headers``), and list-minded parsers would join them ("k1,k2"): a repeat is refused instead.
SINGLETON_HEADERS = ("Authorization", "Idempotency-Key", "If-Match", "If-None-Match")
_SINGLETONS = frozenset(name.lower() for name in SINGLETON_HEADERS)


_parsed: ContextVar[tuple[str, dict[str, Any]] | None] = ContextVar("keel_parsed_body", default=None)


def _raw_body(event: Mapping[str, Any]) -> str | bytes:
    """The body as sent: text as API Gateway passed it, or bytes when it came base64-encoded."""
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body)
        except ValueError:
            return b"\xff"  # undecodable: let the UTF-8 check reject it
    return body if isinstance(body, str) else bytes(body)


def _byte_length(body: str | bytes) -> int:
    # isascii() is O(1) on CPython's str; only non-ASCII text needs encoding to count its UTF-8 bytes.
    if isinstance(body, bytes) or body.isascii():
        return len(body)
    return len(body.encode("utf-8", "surrogatepass"))


def header(event: Mapping[str, Any], name: str) -> str | None:
    """A request header, case-insensitively."""
    wanted = name.lower()
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == wanted:
            return str(value)
    return None


def takes_body(route_body: Callable[..., Any]) -> bool:
    """Whether a route body declares a request body parameter (``Annotated[Model, Body()]``)."""
    hints = typing.get_type_hints(route_body, include_extras=True)
    return any(isinstance(extra, Body) for hint in hints.values() for extra in getattr(hint, "__metadata__", ()))


def repeated_singleton(event: Mapping[str, Any]) -> str | None:
    """The first header of ``SINGLETON_HEADERS`` the request carries more than once (in any spelling), if any."""
    counts: dict[str, int] = {}
    for key, values in (event.get("multiValueHeaders") or {}).items():
        lower = key.lower()
        if lower in _SINGLETONS:
            counts[lower] = counts.get(lower, 0) + len(values or ())
    return next((name for name in SINGLETON_HEADERS if counts.get(name.lower(), 0) > 1), None)


def precheck(event: dict[str, Any], *, takes_body: bool = True) -> KeelError | None:
    """Rules that hold for every route, before routing: 413, a repeated singleton header (400), a body on a route
    that takes none (400), 415, then strict JSON (400).

    An accepted media type is rewritten to plain ``application/json`` in the event, since media types are
    case-insensitive but Powertools compares them exactly.
    """
    _parsed.set(None)  # a new invocation: nothing parsed yet
    body = _raw_body(event)
    limit = get_settings().max_body_bytes
    if _byte_length(body) > limit:
        return PayloadTooLargeError(f"The request body is larger than {limit} bytes.")
    repeated = repeated_singleton(event)
    if repeated:
        return BadRequestError(f"The {repeated} header must appear only once.")
    if not body:
        return None
    if not takes_body:
        return BadRequestError("This route takes no request body.")
    media, _, params = (header(event, "content-type") or "").partition(";")
    charset = params.strip().lower().removeprefix("charset=").strip('"') if params.strip() else "utf-8"
    if media.strip().lower() != JSON or charset not in ("utf-8", "utf8"):
        return UnsupportedMediaTypeError()
    _set_content_type(event)
    try:
        strict_body(_text(body))
    except UnicodeError:
        return BadRequestError("The request body is not valid UTF-8.")
    except BadRequestError as error:
        return error
    return None


def _text(body: str | bytes) -> str:
    """The body as text, ``UnicodeError`` unless it is UTF-8. Text is passed on as the very object the resolver's
    deserializer gets next, so ``strict_body`` finds it parsed by an identity check."""
    if isinstance(body, bytes):
        return body.decode("utf-8")
    if not body.isascii():
        body.encode("utf-8")  # text holding a lone surrogate cannot have come as UTF-8
    return body


def _set_content_type(event: dict[str, Any]) -> None:
    for key in [k for k in (event.get("headers") or {}) if k.lower() == "content-type"]:
        event["headers"][key] = JSON
    for key in [k for k in (event.get("multiValueHeaders") or {}) if k.lower() == "content-type"]:
        event["multiValueHeaders"][key] = [JSON]


def finish(result: dict[str, Any], event: Mapping[str, Any], request_id: str, route: Route | None) -> dict[str, Any]:
    headers: dict[str, Any] = dict(result.get("headers") or {})
    multi: dict[str, list[str]] = dict(result.get("multiValueHeaders") or {})
    for key in list(multi):
        if len(multi[key]) == 1 and key not in ("Set-Cookie",):
            headers[key] = multi.pop(key)[0]
    headers.update(SECURITY_HEADERS)
    headers.update(_cors(event, headers))
    headers["Content-Type"] = JSON
    headers["X-Request-Id"] = request_id
    public_read = (
        route is not None and route.auth is Auth.PUBLIC and route.method == "GET" and not header(event, "authorization")
    )
    headers["Cache-Control"] = "no-cache" if public_read else "no-store"
    result["headers"] = headers
    result["multiValueHeaders"] = multi
    return result


def _cors(event: Mapping[str, Any], headers: Mapping[str, Any]) -> dict[str, str]:
    """``Vary: Origin`` whenever CORS is on (the answer depends on the caller's origin), and the allow headers on
    the answers the resolver does not build itself (413, 415 and 400 from ``precheck``)."""
    origins = get_settings().cors_allow_origins
    if not origins:
        return {}
    cors = {"Vary": "Origin"}
    origin = header(event, "origin")
    if origin in origins and "Access-Control-Allow-Origin" not in headers:
        cors |= {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": ",".join(CORS_EXPOSE_HEADERS)}
    return cors


def strict_body(text: str) -> dict[str, Any]:
    """The body as one strict JSON object. The check before routing parses it; the resolver's deserializer
    then gets the same text and reuses that result instead of parsing it twice."""
    cached = _parsed.get()
    if cached is not None and cached[0] == text:
        return cached[1]
    value = loads_object(text, max_depth=get_settings().max_json_depth)
    _parsed.set((text, value))
    return value
