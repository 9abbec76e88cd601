"""The REQUEST authorizer guarding every bearer route (SPEC §5).

Allow: the policy covers the whole stage (API Gateway caches it per token across routes) and the context
carries ``sub``, ``role`` (current, from the table) and ``sid``. Any bad credential raises
``Exception("Unauthorized")``, the one message API Gateway turns into a 401. An AWS outage is not a bad
credential: it propagates, and the gateway answers with its authorizer-failure response.
"""

from typing import Any

from keel.auth.bearer import bearer_token
from keel.observability import logger
from keel.repositories import aws, factory
from keel.routes import AUTHORIZER
from keel.services.authorization import Denied, authorize

aws.prepare(AUTHORIZER.access)  # in the init phase, not in the first request


def _stage_arn(method_arn: Any) -> str:
    parts = method_arn.split("/") if isinstance(method_arn, str) else []
    if len(parts) < 2 or not parts[0].startswith("arn:"):
        raise Denied("no methodArn")
    return f"{parts[0]}/{parts[1]}/*"


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request_id = (event.get("requestContext") or {}).get("requestId") or "-"
    logger.set_correlation_id(str(request_id))
    try:
        resource = _stage_arn(event.get("methodArn"))
        ctx = authorize(bearer_token(event), sessions=factory.sessions())
    except Denied as denied:
        logger.info("authorization denied", extra={"reason": str(denied)})
        raise Exception("Unauthorized") from None  # the exact message API Gateway maps to 401
    statement = {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}
    return {
        "principalId": ctx["sub"],
        "policyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        "context": ctx,
    }
