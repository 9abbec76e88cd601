"""Running the REQUEST authorizer locally, as API Gateway does (without its result cache).

API Gateway answers 401 when the authorizer raises "Unauthorized" or the identity source (the Authorization
header) is missing, 403 when the policy denies, and 500 when the authorizer fails otherwise.
"""

from __future__ import annotations

from typing import Any

from infra.local.functions import Invoker, invoke
from keel.routes import AUTHORIZER


class AuthorizerDenied(Exception):
    """The authorizer returned a Deny policy."""


def request_authorizer_event(event: dict[str, Any]) -> dict[str, Any]:
    ctx = event["requestContext"]
    method_arn = f"arn:aws:execute-api:us-east-1:000000000000:local/{ctx['stage']}/{event['httpMethod']}{event['path']}"
    keys = ("resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
            "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext")  # fmt: skip
    return {"type": "REQUEST", "methodArn": method_arn, **{k: event.get(k) for k in keys}}


def authorize(event: dict[str, Any], invoker: Invoker = invoke) -> dict[str, Any]:
    """The authorizer context for ``event``; ``PermissionError`` for 401, ``AuthorizerDenied`` for 403.

    ``invoker`` runs the authorizer function: in-process by default, in its own environments under make serve."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    if not headers.get("authorization"):
        raise PermissionError("identity source missing")
    try:
        result = invoker(AUTHORIZER.name, request_authorizer_event(event))
    except Exception as exc:
        if str(exc) == "Unauthorized":
            raise PermissionError("unauthorized") from None
        raise
    statements = (result.get("policyDocument") or {}).get("Statement") or []
    if not statements or any(s.get("Effect") != "Allow" for s in statements):
        raise AuthorizerDenied()
    return {**(result.get("context") or {}), "principalId": result.get("principalId")}
