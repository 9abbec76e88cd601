"""The mail capability in the templates: stream -> pipe -> queue (+ DLQ) -> worker -> SES, least privilege, alarms."""

from __future__ import annotations

import json

from infra.stages import sender_address
from tests.infra.conftest import SYNTH, ref_name

pytestmark = SYNTH


def _one(synth, cfn_type: str) -> tuple[str, dict]:
    (found,) = synth.resources(cfn_type).items()
    return found


def _queues(synth) -> dict[str, dict]:
    return {q["Properties"]["QueueName"]: q["Properties"] for q in synth.resources("AWS::SQS::Queue").values()}


def test_the_table_streams_new_images(stage):
    (table,) = stage.resources("AWS::DynamoDB::Table", stack="data").values()
    assert table["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}


def test_the_queue_dead_letters_after_bounded_receives_and_both_are_encrypted(prod):
    queues = _queues(prod)
    queue, dlq = queues["keel-prod-mail-queue"], queues["keel-prod-mail-dlq"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
    assert dlq["MessageRetentionPeriod"] == 14 * 86400
    assert queue["SqsManagedSseEnabled"] and dlq["SqsManagedSseEnabled"]
    # Longer than six worker timeouts, so a slow batch is not handed to a second worker meanwhile
    assert queue["VisibilityTimeout"] >= 6 * 15


def test_the_pipe_carries_only_outbox_inserts_from_the_stream_to_the_queue(prod):
    _, pipe = _one(prod, "AWS::Pipes::Pipe")
    props = pipe["Properties"]
    # The source is the table's stream, handed over by the data stack through SSM (the stacks stay decoupled)
    name = prod.config.parameter("table-stream-arn")
    assert prod.api_json["Parameters"][ref_name(props["Source"])]["Default"] == name
    (handed,) = [
        p for p in prod.resources("AWS::SSM::Parameter", stack="data").values() if p["Properties"]["Name"] == name
    ]
    assert "StreamArn" in json.dumps(handed["Properties"]["Value"])
    assert ref_name(props["Target"]) == next(k for k, v in prod.resources("AWS::SQS::Queue").items()
                                             if v["Properties"]["QueueName"] == "keel-prod-mail-queue")  # fmt: skip
    (pattern,) = props["SourceParameters"]["FilterCriteria"]["Filters"]
    assert json.loads(pattern["Pattern"]) == {
        "eventName": ["INSERT"],
        "dynamodb": {"Keys": {"PK": {"S": [{"prefix": "OUTBOX#"}]}}},
    }
    assert "DeadLetterConfig" in props["SourceParameters"]["DynamoDBStreamParameters"]


def test_the_worker_reports_partial_batch_failures(prod):
    _, mapping = _one(prod, "AWS::Lambda::EventSourceMapping")
    assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["Properties"]["ScalingConfig"]["MaximumConcurrency"] >= 2


def _worker_statements(synth) -> list[dict]:
    policies = [p for k, p in synth.resources("AWS::IAM::Policy").items() if k.startswith("MailWorkerRole")]
    return [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]


def test_the_worker_may_send_only_as_the_configured_identity_with_the_configuration_set(prod):
    (send,) = [s for s in _worker_statements(prod) if "ses:SendEmail" in json.dumps(s["Action"])]
    resources = json.dumps(send["Resource"])
    address, domain = sender_address(prod.config.mail_from)
    assert f":identity/{domain}" in resources and f":identity/{address}" in resources
    assert ":configuration-set/keel-prod" in resources
    assert '"*"' not in resources and "identity/*" not in resources
    # Its table access is the claim (UpdateItem), not reads of the whole table or deletes of other items' keys
    actions = {
        a for s in _worker_statements(prod) for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert not any(a.startswith(("dynamodb:Scan", "dynamodb:Query", "ses:*", "sqs:SendMessage")) for a in actions)


def test_the_worker_is_configured_for_ses(prod):
    fns = [f["Properties"] for f in prod.resources("AWS::Lambda::Function").values()]
    (worker,) = [f for f in fns if f["FunctionName"] == "keel-prod-mail-worker"]
    env = worker["Environment"]["Variables"]
    assert env["KEEL_MAIL_FROM"] == prod.config.mail_from
    assert env["KEEL_MAIL_CONFIGURATION_SET"] == "keel-prod"
    assert env["KEEL_APP_URL"] == prod.config.mail_app_url == prod.config.cors_origins[0]
    assert "KEEL_MAIL_OUTBOX_FILE" not in env  # the local outbox is never deployed


def test_the_configuration_set_sends_bounces_and_complaints_to_cloudwatch(prod):
    _, config_set = _one(prod, "AWS::SES::ConfigurationSet")
    assert config_set["Properties"]["Name"] == "keel-prod"
    assert config_set["Properties"]["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    _, destination = _one(prod, "AWS::SES::ConfigurationSetEventDestination")
    events = destination["Properties"]["EventDestination"]["MatchingEventTypes"]
    assert {"bounce", "complaint", "send", "delivery"} <= set(events)


def test_the_mail_alarms_watch_the_dlq_the_worker_and_ses_reputation(prod):
    by_name = {a["Properties"]["AlarmName"]: a["Properties"] for a in prod.resources("AWS::CloudWatch::Alarm").values()}
    dlq = by_name["keel-prod-Mail-DeadLetters"]
    assert dlq["MetricName"] == "ApproximateNumberOfMessagesVisible" and dlq["Threshold"] == 1
    assert by_name["keel-prod-Mail-WorkerErrors"]["MetricName"] == "Errors"
    assert by_name["keel-prod-Mail-BounceRate"]["MetricName"] == "Reputation.BounceRate"
    assert by_name["keel-prod-Mail-ComplaintRate"]["MetricName"] == "Reputation.ComplaintRate"


def test_the_dashboard_has_a_mail_row(prod):
    (dashboard,) = prod.resources("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    assert "## Mail" in body and "Mail alarms" in body and "Bounce reset_password" in body
