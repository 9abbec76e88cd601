"""The mail side of the table, for tests: outbox items as the worker will see them, and their tokens."""

from __future__ import annotations

import json
from typing import Any

import boto3

from keel.config import get_settings
from keel.models.mail import OutboxMessage, SentMail
from keel.repositories import outbox
from keel.repositories.dynamo import deserialize


def _items(prefix: str) -> list[dict[str, Any]]:
    table = get_settings().table_name
    items = boto3.client("dynamodb").scan(TableName=table)["Items"]  # tests only: no request path scans
    return [i for i in items if i["PK"]["S"].startswith(prefix)]


def outbox_images(to: str | None = None) -> list[dict[str, Any]]:
    """Raw outbox items (typed AttributeValues, as a stream's NewImage carries them), oldest first."""
    found = [i for i in _items(outbox.PREFIX) if to is None or i["to"]["S"] == to]
    return sorted(found, key=lambda i: i["id"]["S"])


def messages(to: str | None = None) -> list[OutboxMessage]:
    return [OutboxMessage.model_validate(deserialize(i)) for i in outbox_images(to)]


def latest_token(to: str) -> str:
    """The token of the newest mail queued for ``to``."""
    return messages(to)[-1].token


def token_items() -> list[dict[str, Any]]:
    return [deserialize(i) for i in _items("MAILTOKEN#")]


def sqs_record(image: dict[str, Any], message_id: str = "m-1", receive_count: int = 1) -> dict[str, Any]:
    """An SQS record whose body is the DynamoDB stream record of an outbox INSERT (what the pipe delivers)."""
    body = {
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "dynamodb": {"Keys": {"PK": image["PK"]}, "NewImage": image},
    }
    return raw_sqs_record(json.dumps(body), message_id, receive_count)


def raw_sqs_record(body: str, message_id: str, receive_count: int = 1) -> dict[str, Any]:
    return {
        "messageId": message_id,
        "receiptHandle": f"rh-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": str(receive_count), "SentTimestamp": "0"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:keel-test-mail",
        "awsRegion": "us-east-1",
    }


class Recorder:
    """A sender that keeps what it was asked to send (and can be told to fail)."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[SentMail] = []
        self.fail = fail

    def send(self, mail: SentMail) -> str:
        if self.fail:
            raise ConnectionError("mail provider unreachable")
        self.sent.append(mail)
        return f"rec-{len(self.sent)}"
