"""Local mail, the way it runs on AWS: the table's stream -> a queue (with a DLQ) -> the mail worker's handler.

Two threads of the local server stand in for the managed pieces: ``StreamToQueue`` for the EventBridge Pipe
(outbox INSERTs only, the same filter) and ``QueueToWorker`` for Lambda's SQS event source mapping (batches of up
to 10, partial batch failures, redelivery after the visibility timeout, dead-lettering after ``MAX_RECEIVES``).
The worker's sender writes to the local outbox, a JSON-lines file (``KEEL_MAIL_OUTBOX_FILE``, under ``.local/``),
and prints each mail once; ``infra.local.outbox`` serves that file.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import boto3

from infra.local.functions import invoke
from keel.config import get_settings
from keel.observability import logger
from keel.repositories.outbox import is_outbox_key

WORKER = "mail_worker"
MAX_RECEIVES = 5  # as deployed (infra/constructs/mail.py)
VISIBILITY_TIMEOUT_S = 2  # short locally, so a retried mail goes out within seconds
POLL_S = 0.2


def invoke_worker(event: dict[str, Any]) -> dict[str, Any]:
    """THE way the local server runs the mail worker: one Lambda invocation with an SQS batch event."""
    return invoke(WORKER, event)


def _epoch(value: Any) -> Any:
    return value.timestamp() if isinstance(value, datetime) else str(value)


def outbox_inserts(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pipe's filter: INSERTs of outbox items only."""
    return [r for r in records if r.get("eventName") == "INSERT" and is_outbox_key(r["dynamodb"].get("Keys", {}))]


class Queues:
    """The mail queue and its dead-letter queue (created if missing; a persisted emulator already has them)."""

    def __init__(
        self, prefix: str, *, max_receives: int = MAX_RECEIVES, visibility_s: int = VISIBILITY_TIMEOUT_S
    ) -> None:
        self.sqs = boto3.client("sqs")
        self.dlq_url = self.sqs.create_queue(QueueName=f"{prefix}-mail-dlq")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=self.dlq_url, AttributeNames=["QueueArn"])["Attributes"]
        redrive = {"deadLetterTargetArn": dlq_arn["QueueArn"], "maxReceiveCount": str(max_receives)}
        attributes = {"VisibilityTimeout": str(visibility_s), "RedrivePolicy": json.dumps(redrive)}
        self.url = self.sqs.create_queue(QueueName=f"{prefix}-mail-queue", Attributes=attributes)["QueueUrl"]
        self.arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]


def enable_stream(table: str) -> str:
    """Turn on the table's NEW_IMAGE stream (as the data stack does) and return its ARN."""
    ddb: Any = boto3.client("dynamodb")
    described = ddb.describe_table(TableName=table)["Table"]
    if not (described.get("StreamSpecification") or {}).get("StreamEnabled"):
        spec = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
        described = ddb.update_table(TableName=table, StreamSpecification=spec)["TableDescription"]
    return str(described["LatestStreamArn"])


class _Loop(threading.Thread):
    def __init__(self, name: str, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.stop = stop

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                busy = self.step()
            except Exception:  # keep the local server's mail flowing; the next step retries
                logger.exception("local mail loop failed", extra={"loop": self.name})
                busy = False
            if not busy:
                self.stop.wait(POLL_S)

    def step(self) -> bool:
        raise NotImplementedError


class StreamToQueue(_Loop):
    """The pipe: reads every shard of the stream from its start and forwards outbox inserts to the queue."""

    def __init__(self, stream_arn: str, queues: Queues, stop: threading.Event) -> None:
        super().__init__("mail-pipe", stop)
        self.streams = boto3.client("dynamodbstreams")
        self.stream_arn, self.queues = stream_arn, queues
        self.iterators: dict[str, str | None] = {}
        self.steps = 0

    def step(self) -> bool:
        self.steps += 1
        if self.steps % 25 == 1:  # look for new shards now and then, not on every poll
            self._discover()
        moved = False
        for shard_id, iterator in list(self.iterators.items()):
            if iterator is None:
                continue
            resp = self.streams.get_records(ShardIterator=iterator, Limit=100)
            self.iterators[shard_id] = resp.get("NextShardIterator")
            for record in outbox_inserts(resp.get("Records", [])):
                body = json.dumps({**record, "eventSourceARN": self.stream_arn}, default=_epoch)
                self.queues.sqs.send_message(QueueUrl=self.queues.url, MessageBody=body)
                moved = True
        return moved

    def _discover(self) -> None:
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            if shard["ShardId"] not in self.iterators:
                self.iterators[shard["ShardId"]] = self.streams.get_shard_iterator(
                    StreamArn=self.stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
                )["ShardIterator"]


Invoke = Callable[[dict[str, Any]], dict[str, Any]]


class QueueToWorker(_Loop):
    """The event source mapping: batches from the queue to the worker; only what succeeded is deleted."""

    def __init__(self, queues: Queues, stop: threading.Event, invoke: Invoke = invoke_worker) -> None:
        super().__init__("mail-worker", stop)
        self.queues, self.invoke = queues, invoke

    def step(self) -> bool:
        sqs, url = self.queues.sqs, self.queues.url
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages")
        if not messages:
            return False
        failed: set[str] = set()
        try:
            result = self.invoke({"Records": [self._record(m) for m in messages]})
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception:  # the whole batch failed: every message comes back after the visibility timeout
            failed = {m["MessageId"] for m in messages}
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return True

    def _record(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": {},
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queues.arn,
            "awsRegion": boto3.session.Session().region_name or "us-east-1",
        }


class LocalMail:
    """Start the pipe and the event source mapping of the local mail path; ``stop`` ends both."""

    def __init__(self, invoke: Invoke = invoke_worker) -> None:
        """``invoke`` runs one worker invocation (in-process by default; the local runtime may pass its own)."""
        self._stop = threading.Event()
        self._threads: list[_Loop] = []
        self._invoke = invoke

    def start(self) -> LocalMail:
        settings = get_settings()
        queues = Queues(settings.table_name)
        stream = enable_stream(settings.table_name)
        self._threads = [StreamToQueue(stream, queues, self._stop), QueueToWorker(queues, self._stop, self._invoke)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
