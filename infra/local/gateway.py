"""The local API Gateway: a Werkzeug WSGI app that behaves like the deployed REST API.

Per request, as API Gateway does: match the route table (unknown route or method -> enveloped 404), apply
stage and method throttling (429), run the REQUEST authorizer on bearer routes (401 when it says
"Unauthorized", 403 on Deny), build the REST proxy event, run the route's real Lambda handler (through the
injected invoker: in-process by default, in execution environments under ``make serve``) and
turn its proxy result into the HTTP response. Errors the gateway itself produces come from ``infra.gateway_responses``,
the table the CDK app deploys as Gateway Responses.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from infra.gateway_responses import COMMON_HEADERS, GATEWAY_RESPONSES, envelope
from infra.local import docs
from infra.local.authorizer import AuthorizerDenied, authorize
from infra.local.events import proxy_event
from infra.local.functions import Invoker, invoke, match
from infra.local.runtime.errors import Throttled
from infra.local.throttle import Throttler
from keel.config import get_settings
from keel.http import CORS_ALLOW_HEADERS, now_iso
from keel.routes import Auth

API_GATEWAY_MAX_BODY = 10 * 1024 * 1024  # API Gateway's own hard limit; Keel's 64 KiB limit is the handler's


class GatewayFailure(Exception):
    """API Gateway answers the request itself with the Gateway Response of ``response_type``."""

    def __init__(self, response_type: str) -> None:
        super().__init__(response_type)
        self.response_type = response_type


def gateway_response(response_type: str, request_id: str) -> dict[str, Any]:
    """The proxy-shaped result of a Gateway Response, from the same table the CDK app deploys."""
    error = GATEWAY_RESPONSES[response_type]
    headers = {**COMMON_HEADERS, **error.headers, "Content-Type": "application/json", "X-Request-Id": request_id}
    origins = get_settings().cors_allow_origins
    if len(origins) == 1:  # as deployed: a Gateway Response's static header can name one origin only
        headers["Access-Control-Allow-Origin"] = origins[0]
    body = envelope(error, request_id=request_id, timestamp=now_iso())
    return {"statusCode": error.status, "headers": headers, "body": body}


class LocalGateway:
    """WSGI application hosting every route of the table."""

    def __init__(self, throttler: Throttler | None = None, runtime: Invoker = invoke) -> None:
        self.throttler = throttler
        self.invoke = runtime  # make serve: each function in environments of its own (infra.local.runtime)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        request_id = str(uuid.uuid4())
        if request.path in docs.PATHS and request.method == "GET":
            return docs.serve(request.path)
        try:
            return _to_http(self._dispatch(request, request_id))
        except GatewayFailure as failure:
            return _to_http(gateway_response(failure.response_type, request_id))

    def _dispatch(self, request: Request, request_id: str) -> dict[str, Any]:
        found, path_exists = match(request.method, request.path)
        if request.method == "OPTIONS" and path_exists:
            return _preflight(request, request_id)
        if found is None:
            raise GatewayFailure("MISSING_AUTHENTICATION_TOKEN")
        if request.content_length and request.content_length > API_GATEWAY_MAX_BODY:
            raise GatewayFailure("REQUEST_TOO_LARGE")
        if self.throttler and not self.throttler.admit(found.route):
            raise GatewayFailure("THROTTLED")
        event = proxy_event(
            request.method,
            request.path,
            resource=found.route.path,
            path_params=found.path_params,
            headers={k: request.headers.getlist(k) for k in request.headers.keys()},  # noqa: SIM118
            query={k: request.args.getlist(k) for k in request.args},
            body=request.get_data(cache=False) or None,
            source_ip=request.remote_addr or "127.0.0.1",
            request_id=request_id,
        )
        if found.route.auth is Auth.BEARER:
            event["requestContext"]["authorizer"] = _authorize(event, self.invoke)
        try:
            return self.invoke(found.route.function, event)
        except Throttled as exc:  # Lambda's 429 reaches the client as API Gateway's INTEGRATION_FAILURE
            raise GatewayFailure("INTEGRATION_FAILURE") from exc
        except Exception as exc:  # a crashed Lambda: API Gateway answers with its default 5XX response
            raise GatewayFailure("DEFAULT_5XX") from exc


def _preflight(request: Request, request_id: str) -> dict[str, Any]:
    """CORS preflight, answered by the gateway (a MOCK integration on API Gateway) for allowed origins only."""
    headers = {**COMMON_HEADERS, "Content-Type": "application/json", "X-Request-Id": request_id, "Vary": "Origin"}
    origin = request.headers.get("Origin")
    if origin and origin in get_settings().cors_allow_origins:
        headers |= {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
            "Access-Control-Allow-Headers": ",".join(CORS_ALLOW_HEADERS),
            "Access-Control-Max-Age": "600",
        }
    return {"statusCode": 204, "headers": headers, "body": ""}


def _authorize(event: dict[str, Any], invoker: Invoker) -> dict[str, Any]:
    try:
        return authorize(event, invoker)
    except AuthorizerDenied:
        raise GatewayFailure("ACCESS_DENIED") from None
    except PermissionError:
        raise GatewayFailure("UNAUTHORIZED") from None
    except Exception as exc:  # the authorizer crashed or timed out
        raise GatewayFailure("AUTHORIZER_FAILURE") from exc


def _to_http(result: dict[str, Any]) -> Response:
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    response = Response(data, status=int(result.get("statusCode", 502)))
    response.headers.clear()
    for key, value in (result.get("headers") or {}).items():
        response.headers[key] = str(value)
    for key, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            response.headers.add(key, str(value))
    return response
