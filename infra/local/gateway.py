"""The local API Gateway: a Werkzeug WSGI app that behaves like the deployed REST API.

Per request, as API Gateway does: match the route table (unknown path -> enveloped 404, known path with another
method -> 405 with ``Allow``), answer CORS preflights, bound the body (10 MB, chunked included), apply stage and
method throttling (429), run the REQUEST authorizer on bearer routes (401), build the REST proxy event, run the
route's real Lambda handler (through the injected invoker: in-process by default, in execution environments under
``make serve``) and turn its proxy result into the HTTP response. Errors the gateway itself produces
come from ``infra.gateway_responses``, the table the CDK app deploys as Gateway Responses. What happens before a
request reaches this app (request line and header limits) is ``infra.local.httpd``'s.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from infra.gateway_responses import COMMON_HEADERS, METHOD_NOT_ALLOWED
from infra.local import cors, docs
from infra.local.authorizer import AuthorizerDenied, authorize
from infra.local.body import read_body
from infra.local.events import proxy_event
from infra.local.failures import GatewayFailure, gateway_response
from infra.local.functions import Invoker, invoke
from infra.local.routing import resolve
from infra.local.runtime.errors import Throttled
from infra.local.throttle import Throttler
from keel.routes import Auth, allowed_methods

__all__ = ["GatewayFailure", "LocalGateway", "gateway_response"]


class LocalGateway:
    """WSGI application hosting every route of the table."""

    def __init__(self, throttler: Throttler | None = None, runtime: Invoker = invoke) -> None:
        self.throttler = throttler
        self.invoke = runtime  # make serve: each function in environments of its own (infra.local.runtime)
        cors.apply_local_default()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        request_id = str(uuid.uuid4())
        origin = request.headers.get("Origin")
        try:
            if docs.owns(request.path):
                return docs.serve(request, request_id)
            return _to_http(self._dispatch(request, request_id))
        except GatewayFailure as failure:
            return _to_http(gateway_response(failure.error, request_id, origin, failure.headers))

    def _dispatch(self, request: Request, request_id: str) -> dict[str, Any]:
        method = request.environ["REQUEST_METHOD"]  # as sent: methods are case-sensitive, Werkzeug upper-cases
        found, template = resolve(method, request.path)
        if template is None:
            raise GatewayFailure("MISSING_AUTHENTICATION_TOKEN")
        if method == "OPTIONS" and cors.allowed_origins():
            return _preflight(request, request_id)
        if found is None:
            raise GatewayFailure(METHOD_NOT_ALLOWED, {"Allow": ", ".join(allowed_methods(template))})
        body = read_body(request.environ)
        if self.throttler and not self.throttler.admit(found.route):
            raise GatewayFailure("THROTTLED")
        event = proxy_event(
            request.method,
            request.path,
            resource=found.route.path,
            path_params=found.path_params,
            headers={k: request.headers.getlist(k) for k in request.headers.keys()},  # noqa: SIM118
            query={k: request.args.getlist(k) for k in request.args},
            body=body or None,
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
    headers = {**COMMON_HEADERS, "Content-Type": "application/json", "X-Request-Id": request_id}
    headers |= cors.preflight_headers(request.headers.get("Origin"))
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
