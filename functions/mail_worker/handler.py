"""The mail worker: SQS batches of outbox INSERTs (stream -> EventBridge Pipes -> queue), sent through SES v2.

Each record's body is a DynamoDB stream record (``dynamodb.NewImage`` is the outbox item). Records are handled
one by one with Powertools' batch utility: the ones that fail are reported as ``batchItemFailures``, so only they
are delivered again (and, after the queue's ``maxReceiveCount``, dead-lettered); a poison message fails alone.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from keel.observability import count, logger, metrics
from keel.repositories import aws, factory, outbox
from keel.routes import MAIL_WORKER
from keel.services import mail_delivery

aws.prepare(MAIL_WORKER.access)  # the table client in the init phase (SES's is made on the first send)


class MailBatch(BatchProcessor):
    def failure_handler(self, record: Any, exception: Any) -> Any:
        # The error type and message id only: a record's body holds an address and a token.
        logger.warning("mail record failed", extra={"message_id": record.message_id, "error": exception[0].__name__})
        count("MailRecordFailed")
        return super().failure_handler(record, exception)


processor = MailBatch(event_type=EventType.SQS)


def handle_record(record: SQSRecord) -> None:
    stream_record = json.loads(record.body)
    message = outbox.from_image(stream_record["dynamodb"]["NewImage"])
    mail_delivery.deliver(message, outbox=factory.outbox(), sender=factory.mail_sender())


@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    logger.append_keys(function="mail_worker")
    return dict(
        process_partial_response(event=event, record_handler=handle_record, processor=processor, context=context)
    )
