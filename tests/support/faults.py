"""Injecting AWS faults into the shared botocore clients, at the ``before-call`` event: a fault answers instead
of the service (after the SDK's retries would have given up), so tests are fast and exact.

    with injected("dynamodb", "BatchGetItem", THROTTLED):
        ...
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

from keel.repositories import aws

Fault = Callable[[str], Any]


def _error(code: str, status: int, message: str = "injected") -> Fault:
    def answer(_operation: str) -> tuple[AWSResponse, dict[str, Any]]:
        parsed = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}
        return AWSResponse("https://aws.invalid", status, {}, None), parsed

    return answer


def _timeout(_operation: str) -> Any:
    raise ReadTimeoutError(endpoint_url="https://aws.invalid")


THROTTLED = _error("ThrottlingException", 400, "Rate exceeded")
SERVER_ERROR = _error("InternalServerError", 500, "Internal server error")
TIMEOUT = _timeout
CONDITION_FAILED = _error("ConditionalCheckFailedException", 400, "The conditional request failed")
FAULTS: dict[str, Fault] = {"throttled": THROTTLED, "5xx": SERVER_ERROR, "timeout": TIMEOUT}


@contextlib.contextmanager
def injected(service: str, operation: str, fault: Fault, *, nth: int = 1) -> Iterator[list[int]]:
    """Answer the ``nth`` call of ``operation`` on the shared ``service`` client with ``fault``; yields a list
    that holds 1 once the fault fired."""
    client = aws.client(service)
    seen, fired = [0], []

    def hook(model: Any, **_: Any) -> Any:
        if model.name != operation:
            return None
        seen[0] += 1
        if seen[0] != nth:
            return None
        fired.append(1)
        return fault(operation)

    event = f"before-call.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register_first(event, hook)
    try:
        yield fired
    finally:
        client.meta.events.unregister(event, hook)
