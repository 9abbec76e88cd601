"""Injecting AWS faults into Keel's shared botocore clients at the ``before-call`` event: the fault answers instead
of the service, as it would after the SDK's bounded retries gave up, so tests are fast and exact.

    with injected("dynamodb", "BatchGetItem", THROTTLED):
        ...
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ReadTimeoutError

from keel.repositories import aws

Fault = Callable[[str, dict[str, Any]], Any]  # (operation, request dict) -> (http, parsed) or raise
SERVICES = ("dynamodb", "secretsmanager")


def _answer(code: str, status: int, **extra: Any) -> tuple[AWSResponse, dict[str, Any]]:
    parsed = {"Error": {"Code": code, "Message": "injected"}, "ResponseMetadata": {"HTTPStatusCode": status}, **extra}
    return AWSResponse("https://aws.invalid", status, {}, None), parsed


def _error(code: str, status: int) -> Fault:
    return lambda _operation, _request: _answer(code, status)


def _timeout(_operation: str, _request: dict[str, Any]) -> Any:
    raise ReadTimeoutError(endpoint_url="https://aws.invalid")


def _condition_failed(operation: str, request: dict[str, Any]) -> Any:
    if operation != "TransactWriteItems":
        return _answer("ConditionalCheckFailedException", 400)
    items = json.loads(request.get("body") or b"{}").get("TransactItems", [])
    reasons = [{"Code": "ConditionalCheckFailed", "Message": "injected"} for _ in items]
    return _answer("TransactionCanceledException", 400, CancellationReasons=reasons)


THROTTLED = _error("ThrottlingException", 400)
SERVER_ERROR = _error("InternalServerError", 500)
TIMEOUT: Fault = _timeout
CONDITION_FAILED: Fault = _condition_failed
FAULTS: dict[str, Fault] = {"throttled": THROTTLED, "5xx": SERVER_ERROR, "timeout": TIMEOUT}


def clients() -> list[Any]:
    """Every client Keel's code may use: the shared ones and the health probes' (distinct objects)."""
    found: dict[int, Any] = {}
    for service in SERVICES:
        for client in (aws.client(service), aws.probe_client(service)):
            found[id(client)] = client
    return list(found.values())


@contextlib.contextmanager
def hooked(event: str, hook: Callable[..., Any]) -> Iterator[None]:
    """``hook`` registered first for ``event`` ("before-call", "before-parameter-build") on every client."""
    registered = []
    for client in clients():
        name = f"{event}.{client.meta.service_model.service_id.hyphenize()}"
        client.meta.events.register_first(name, hook)
        registered.append((client, name))
    try:
        yield
    finally:
        for client, name in registered:
            client.meta.events.unregister(name, hook)


@contextlib.contextmanager
def injected(service: str, operation: str, fault: Fault, *, nth: int = 1) -> Iterator[list[int]]:
    """Answer the ``nth`` call of ``operation`` (on any of ``service``'s clients) with ``fault``; yields a list
    that holds 1 once the fault fired."""
    seen, fired = [0], []

    def hook(model: Any, params: dict[str, Any], **_: Any) -> Any:
        if model.name != operation or model.service_model.service_name != service:
            return None
        seen[0] += 1
        if seen[0] != nth:
            return None
        fired.append(1)
        return fault(operation, params)

    with hooked("before-call", hook):
        yield fired
