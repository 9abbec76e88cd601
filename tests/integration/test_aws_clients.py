"""Every AWS call Keel makes names Keel: what CloudTrail shows ops as the caller's ``userAgent``."""

from __future__ import annotations

from typing import Any

import botocore

from keel.config import get_settings
from keel.repositories import aws as aws_clients
from keel.repositories import factory


def _user_agents_of_a_read() -> list[str]:
    sent: list[str] = []

    def record(request: Any, **_: Any) -> None:
        agent = request.headers["User-Agent"]
        sent.append(agent.decode() if isinstance(agent, bytes) else agent)

    client = aws_clients.client("dynamodb")
    client.meta.events.register_first("before-send.dynamodb.GetItem", record)
    try:
        factory.users().get("nobody")
    finally:
        client.meta.events.unregister("before-send.dynamodb.GetItem", record)
    return sent


def test_aws_calls_carry_keels_name_version_sdk_and_runtime(aws, monkeypatch):
    # Given a function running on Lambda's Python runtime
    monkeypatch.setenv("AWS_EXECUTION_ENV", "AWS_Lambda_python3.14")
    aws_clients.reset()
    # When it reads the table
    sent = _user_agents_of_a_read()
    # Then the call says it is Keel at this version, on this SDK and runtime (Powertools appends its own part)
    assert sent and sent[0].startswith(f"keel/{get_settings().version} Botocore/{botocore.__version__} lang/python#")
    assert " exec-env/AWS_Lambda_python3.14" in sent[0]
