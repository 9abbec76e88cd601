"""The responses API Gateway and WAF produce themselves, in the SPEC §1 error envelope.

A plain data table, so the CDK app and the local gateway give the same status, code and message. API Gateway
renders ``$context.*`` in gateway response bodies by plain substitution (no VTL), so the timestamp is
``$context.requestTime`` (``25/Nov/2025:14:14:00 +0000``), the only request time it offers as text. WAF custom
responses are static: no request id or time can be substituted there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from keel.http import SECURITY_HEADERS

# One static header serves "no token" and "bad token" alike, so it names no error code (RFC 6750 §3.1).
WWW_AUTHENTICATE = 'Bearer realm="keel"'


@dataclass(frozen=True)
class GatewayError:
    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)


# API Gateway response type -> what the client gets. Types not listed fall back to DEFAULT_4XX/DEFAULT_5XX.
GATEWAY_RESPONSES: dict[str, GatewayError] = {
    # No Authorization header, or the authorizer said "Unauthorized" (bad, expired or revoked token).
    "UNAUTHORIZED": GatewayError(
        401, "UNAUTHORIZED", "Authentication is required.", {"WWW-Authenticate": WWW_AUTHENTICATE}
    ),
    # The authorizer returned a Deny policy: also a credentials problem, never a permissions one.
    "ACCESS_DENIED": GatewayError(
        401, "UNAUTHORIZED", "Authentication is required.", {"WWW-Authenticate": WWW_AUTHENTICATE}
    ),
    # REST APIs answer an unknown path or method with MISSING_AUTHENTICATION_TOKEN (403): it is a 404.
    "MISSING_AUTHENTICATION_TOKEN": GatewayError(404, "NOT_FOUND", "The resource does not exist."),
    "RESOURCE_NOT_FOUND": GatewayError(404, "NOT_FOUND", "The resource does not exist."),
    "WAF_FILTERED": GatewayError(403, "FORBIDDEN", "The request was blocked."),
    "EXPIRED_TOKEN": GatewayError(403, "FORBIDDEN", "You are not allowed to do this."),
    "INVALID_SIGNATURE": GatewayError(403, "FORBIDDEN", "You are not allowed to do this."),
    "THROTTLED": GatewayError(429, "TOO_MANY_REQUESTS", "Too many requests.", {"Retry-After": "1"}),
    "QUOTA_EXCEEDED": GatewayError(429, "TOO_MANY_REQUESTS", "Too many requests.", {"Retry-After": "60"}),
    "REQUEST_TOO_LARGE": GatewayError(413, "PAYLOAD_TOO_LARGE", "The request body is too large."),
    "UNSUPPORTED_MEDIA_TYPE": GatewayError(
        415, "UNSUPPORTED_MEDIA_TYPE", "Request bodies must be sent as application/json."
    ),
    "BAD_REQUEST_BODY": GatewayError(400, "BAD_REQUEST", "The request is malformed."),
    "BAD_REQUEST_PARAMETERS": GatewayError(400, "BAD_REQUEST", "The request is malformed."),
    # The authorizer could not run (timeout, AWS outage): the caller should retry, not re-authenticate.
    "AUTHORIZER_FAILURE": GatewayError(
        503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", {"Retry-After": "1"}
    ),
    "AUTHORIZER_CONFIGURATION_ERROR": GatewayError(500, "INTERNAL_ERROR", "An internal error occurred."),
    "INTEGRATION_FAILURE": GatewayError(
        503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", {"Retry-After": "1"}
    ),
    "INTEGRATION_TIMEOUT": GatewayError(
        503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", {"Retry-After": "1"}
    ),
    "API_CONFIGURATION_ERROR": GatewayError(500, "INTERNAL_ERROR", "An internal error occurred."),
    "DEFAULT_4XX": GatewayError(400, "BAD_REQUEST", "The request could not be processed."),
    "DEFAULT_5XX": GatewayError(500, "INTERNAL_ERROR", "An internal error occurred."),
}

# A known path asked with a method it does not serve. Not an API Gateway response type: deployed, a MOCK
# integration on the path's remaining methods answers it; locally the gateway does. ``Allow`` comes from
# ``keel.routes.allowed_methods``.
METHOD_NOT_ALLOWED = GatewayError(405, "METHOD_NOT_ALLOWED", "The method is not allowed on this resource.")

# Every gateway and WAF response carries these, like the handlers' responses (keel.http).
COMMON_HEADERS: dict[str, str] = {**SECURITY_HEADERS, "Cache-Control": "no-store"}


def envelope(error: GatewayError, *, request_id: str, timestamp: str) -> str:
    """The SPEC §1 error body, as compact JSON."""
    body = {
        "success": False,
        "error": {"code": error.code, "message": error.message, "details": []},
        "meta": {"request_id": request_id, "timestamp": timestamp},
    }
    return json.dumps(body, separators=(",", ":"))


def gateway_template(error: GatewayError) -> str:
    """The body template API Gateway fills in with the request's id and time."""
    return envelope(error, request_id="$context.requestId", timestamp="$context.requestTime")


# WAF blocks that answer themselves (custom responses win over gateway responses); others show WAF_FILTERED.
WAF_BODY_TOO_LARGE = GatewayError(413, "PAYLOAD_TOO_LARGE", "The request body is too large.")
WAF_RATE_LIMITED = GatewayError(429, "TOO_MANY_REQUESTS", "Too many requests from your address.")


def waf_body(error: GatewayError) -> str:
    """A WAF custom response body: static, so the request id is ``-`` (as in ``keel.http`` outside a request)."""
    return envelope(error, request_id="-", timestamp="-")
