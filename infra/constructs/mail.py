"""Email (SPEC §7): table stream -> EventBridge Pipe -> SQS queue (+ DLQ) -> mail worker -> SES v2.

Why a pipe rather than a stream-triggered function: the stream -> queue hop has no logic of its own, so a pipe
does it with no code to deploy, patch, cold-start or watch. Its filter runs at the source, so only INSERTs of
outbox items leave the stream (every other write to the table costs nothing downstream), and records the pipe
cannot deliver go to the same dead-letter queue as mails the worker cannot send, which one alarm watches.

The worker gets the table's write actions (its claim is an UpdateItem) and ``ses:SendEmail`` on the configured
sender identity and configuration set only. The configuration set publishes send, delivery, bounce and complaint
events to CloudWatch and reputation metrics, which the bounce and complaint alarms watch.
"""

from __future__ import annotations

import json

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_pipes as pipes
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.functions import FunctionSpec, KeelFunction, Shared
from infra.constructs.monitoring import FIVE_MINUTES, Monitoring
from infra.stages import sender_address
from keel.models.mail import MailKind
from keel.repositories.outbox import PREFIX
from keel.repositories.schema import PK
from keel.routes import MAIL_WORKER

MAX_RECEIVES = 5  # deliveries of one message before it is dead-lettered
DLQ_RETENTION = Duration.days(14)  # the SQS maximum: time to investigate and redrive
WORKER_CONCURRENCY = 5  # caps the SES send rate the worker can reach (SES quotas start at 14/s in production)
BOUNCE_RATE_MAX = 0.04  # SES reviews an account at 5% bounces: alarm before that
COMPLAINT_RATE_MAX = 0.0008  # ... and at 0.1% complaints
QUEUE_AGE_MAX_S = 15 * 60  # a reset link lives 30 minutes: a mail waiting 15 is half dead
EVENTS = [
    ses.EmailSendingEvent.SEND, ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.BOUNCE,
    ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT, ses.EmailSendingEvent.RENDERING_FAILURE,
]  # fmt: skip
# Only outbox INSERTs leave the stream (MODIFY events, the worker's own claims and sends, never do).
OUTBOX_INSERTS = {"eventName": ["INSERT"], "dynamodb": {"Keys": {PK: {"S": [{"prefix": PREFIX}]}}}}


class Mail(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        shared: Shared,
        code: lambda_.Code,
        monitoring: Monitoring,
        dashboard: cw.Dashboard,
        stream_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.prefix = f"keel-{shared.config.name}-mail"
        self.dlq = self._dead_letter_queue()
        self.configuration_set = self._configuration_set(shared.config.mail_configuration_set)
        self.worker = self._worker(shared, code)
        self.queue = self._queue(
            "Queue",
            f"{self.prefix}-queue",
            # Six times the worker's timeout (AWS's advice for SQS event sources), so a slow batch is not redelivered.
            visibility_timeout=Duration.seconds(6 * self.worker.timeout.to_seconds()),
            dead_letter_queue=sqs.DeadLetterQueue(queue=self.dlq, max_receive_count=MAX_RECEIVES),
        )
        self._feed_worker()
        self.pipe = self._pipe(stream_arn)
        self.alarms = self._alarms(monitoring)
        self._widgets(dashboard)

    def _dead_letter_queue(self) -> sqs.Queue:
        dlq = self._queue("DeadLetters", f"{self.prefix}-dlq", retention_period=DLQ_RETENTION)
        NagSuppressions.add_resource_suppressions(
            dlq,
            [
                NagPackSuppression(id="AwsSolutions-SQS3", reason="This is the dead-letter queue of the mail queue."),
                NagPackSuppression(id="Serverless-SQSRedrivePolicy", reason="This is the dead-letter queue: it is "
                                   "the end of the line, watched by the Mail-DeadLetters alarm and redriven by hand."),
            ],
        )  # fmt: skip
        return dlq

    def _configuration_set(self, name: str) -> ses.ConfigurationSet:
        """Sends over TLS only, suppresses addresses that bounced or complained, and reports every event."""
        config_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            configuration_set_name=name,
            reputation_metrics=True,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        )
        config_set.add_event_destination(
            "Metrics",
            destination=ses.EventDestination.cloud_watch_dimensions(
                [ses.CloudWatchDimension(name="kind", source=ses.CloudWatchDimensionSource.MESSAGE_TAG,
                                         default_value="unknown")]
            ),
            events=EVENTS,
        )  # fmt: skip
        return config_set

    def _feed_worker(self) -> None:
        # Through the alias live, like every caller: a release (or a canary) moves mail with it.
        self.worker.target.add_event_source(
            sources.SqsEventSource(
                self.queue,
                batch_size=10,
                max_batching_window=Duration.seconds(1),
                max_concurrency=WORKER_CONCURRENCY,
                report_batch_item_failures=True,  # a poison message fails alone (Powertools batch utility)
            )
        )
        NagSuppressions.add_resource_suppressions(
            self.worker,
            [NagPackSuppression(id="Serverless-LambdaEventSourceMappingDestination", reason="An SQS event source "
                                "cannot have an on-failure destination: failed messages go to the queue's "
                                "dead-letter queue after maxReceiveCount deliveries (redrive policy).")],
            apply_to_children=True,
        )  # fmt: skip

    def _queue(self, construct_id: str, name: str, **kwargs: object) -> sqs.Queue:
        return sqs.Queue(
            self,
            construct_id,
            queue_name=name,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            **kwargs,  # type: ignore[arg-type]
        )

    def _worker(self, shared: Shared, code: lambda_.Code) -> KeelFunction:
        config = shared.config
        if not config.mail_from:
            raise ValueError("mail_from is required: the sender of Keel's mail (infra.settings)")
        spec = FunctionSpec.of(MAIL_WORKER, "Sends outbox mails from the mail queue through SES")
        worker = KeelFunction(self, "Worker", spec=spec, shared=shared, code=code)
        address, domain = sender_address(config.mail_from)
        stack = Stack.of(self)
        identity = f"arn:{stack.partition}:ses:{stack.region}:{stack.account}:identity"
        config_set = f"arn:{stack.partition}:ses:{stack.region}:{stack.account}:configuration-set"
        worker.role.add_to_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                # The sender's domain (or the address itself, where only it is verified) and this configuration set.
                resources=[f"{identity}/{domain}", f"{identity}/{address}",
                           f"{config_set}/{config.mail_configuration_set}"],
            )
        )  # fmt: skip
        return worker

    def _pipe(self, stream_arn: str) -> pipes.CfnPipe:
        role = iam.Role(self, "PipeRole", assumed_by=iam.ServicePrincipal("pipes.amazonaws.com"),
                        description="Keel mail pipe: reads the table's stream, writes to the mail queue")  # fmt: skip
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                         "dynamodb:ListStreams"],
                resources=[stream_arn],
            )
        )  # fmt: skip
        role.add_to_policy(
            iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[self.queue.queue_arn, self.dlq.queue_arn])
        )
        stream = pipes.CfnPipe.PipeSourceDynamoDBStreamParametersProperty(
            starting_position="TRIM_HORIZON",  # a pipe created (or recreated) late still sends what is waiting
            batch_size=10,
            maximum_retry_attempts=10,
            dead_letter_config=pipes.CfnPipe.DeadLetterConfigProperty(arn=self.dlq.queue_arn),
        )
        return pipes.CfnPipe(
            self,
            "Pipe",
            name=f"{self.prefix}-outbox",
            description="Outbox INSERTs of the Keel table -> the mail queue",
            role_arn=role.role_arn,
            source=stream_arn,
            source_parameters=pipes.CfnPipe.PipeSourceParametersProperty(
                dynamo_db_stream_parameters=stream,
                filter_criteria=pipes.CfnPipe.FilterCriteriaProperty(
                    filters=[pipes.CfnPipe.FilterProperty(pattern=json.dumps(OUTBOX_INSERTS))]
                ),
            ),
            target=self.queue.queue_arn,
        )

    def _alarms(self, monitoring: Monitoring) -> list[cw.Alarm]:
        reputation = {"ses:configuration-set": self.configuration_set.configuration_set_name}

        def rate(name: str) -> cw.Metric:
            return cw.Metric(namespace="AWS/SES", metric_name=name, dimensions_map=reputation, statistic="Maximum",
                             period=FIVE_MINUTES)  # fmt: skip

        specs = [
            ("Mail-DeadLetters", self.dlq.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES,
             statistic="Maximum"), 1, "Mails in the dead-letter queue >="),
            ("Mail-WorkerErrors", self.worker.function.metric_errors(period=FIVE_MINUTES), 1, "Mail worker errors >="),
            ("Mail-QueueAge", self.queue.metric_approximate_age_of_oldest_message(period=FIVE_MINUTES,
             statistic="Maximum"), QUEUE_AGE_MAX_S, "Oldest queued mail (s) >="),
            ("Mail-BounceRate", rate("Reputation.BounceRate"), BOUNCE_RATE_MAX, "SES bounce rate >="),
            ("Mail-ComplaintRate", rate("Reputation.ComplaintRate"), COMPLAINT_RATE_MAX, "SES complaint rate >="),
        ]  # fmt: skip
        return [monitoring.alarm(name, metric, threshold, what, scope=self) for name, metric, threshold, what in specs]

    def _widgets(self, dashboard: cw.Dashboard) -> None:
        def ses_events(*events: str) -> list[cw.IMetric]:
            return [cw.Metric(namespace="AWS/SES", metric_name=event, dimensions_map={"kind": kind.value},
                              statistic="Sum", period=FIVE_MINUTES, label=f"{event} {kind.value}")
                    for event in events for kind in MailKind]  # fmt: skip

        dashboard.add_widgets(
            cw.TextWidget(markdown="## Mail (outbox -> pipe -> queue -> worker -> SES)", width=24, height=1),
            cw.AlarmStatusWidget(title="Mail alarms", alarms=list(self.alarms), width=6, height=6),
            cw.GraphWidget(title="Queue", width=6, height=6, left=[
                self.queue.metric_number_of_messages_sent(period=FIVE_MINUTES),
                self.queue.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES),
                self.dlq.metric_approximate_number_of_messages_visible(period=FIVE_MINUTES, label="dead letters"),
            ]),
            cw.GraphWidget(title="Worker", width=6, height=6, left=[
                self.worker.function.metric_invocations(period=FIVE_MINUTES),
                self.worker.function.metric_errors(period=FIVE_MINUTES),
            ]),
            cw.GraphWidget(title="SES events", width=6, height=6,
                           left=ses_events("Send", "Delivery", "Bounce", "Complaint")),
        )  # fmt: skip
