"""Alarms (to an encrypted SNS topic, email from the deployer's ``alarm_email``) for the API, every function's
``live`` alias, the table and each of its GSIs, and auth. Every alarm states how it treats missing data;
``docs/runbook.md`` has a section per alarm kind.

A topic policy replaces SNS's default one, so the policy explicitly lets CloudWatch publish (only this account's
alarms of this stage), and the topic's KMS key lets the same principal, under the same conditions, use it.
"""

from __future__ import annotations

import re

from aws_cdk import ArnFormat, Aws, Duration, Stack
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.stages import StageConfig
from keel.repositories.schema import INDEXES

FIVE_MINUTES = Duration.minutes(5)
AUTH_NAMESPACE, AUTH_DIMENSIONS = "Keel", {"service": "keel"}  # Powertools EMF metrics (keel.observability)
TABLE_OPERATIONS = [
    dynamodb.Operation.GET_ITEM, dynamodb.Operation.BATCH_GET_ITEM, dynamodb.Operation.QUERY,
    dynamodb.Operation.PUT_ITEM, dynamodb.Operation.UPDATE_ITEM, dynamodb.Operation.DELETE_ITEM,
    dynamodb.Operation.TRANSACT_WRITE_ITEMS,
]  # fmt: skip
NOT_BREACHING = cw.TreatMissingData.NOT_BREACHING  # no traffic is not a failure


def runbook_section(alarm: str) -> str:
    """The runbook section for an alarm: per-function and per-index alarms share one (``Fn-health-Errors`` ->
    ``Fn-*-Errors``, ``Gsi-GSI1-Throttles`` -> ``Gsi-*-Throttles``)."""
    return re.sub(r"^(Fn|Gsi)-[A-Za-z0-9_]+-", r"\1-*-", alarm)


def auth_metric(name: str) -> cw.Metric:
    return cw.Metric(
        namespace=AUTH_NAMESPACE, metric_name=name, dimensions_map=AUTH_DIMENSIONS, statistic="Sum", period=FIVE_MINUTES
    )


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        api_name: str,
        functions: dict[str, lambda_.IFunction],
        timeouts_s: dict[str, int],
        authorizer: str | None,
        rotator_name: str,
        table: dynamodb.ITable,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config, self.prefix = config, f"keel-{config.name}"
        self.alarms: list[cw.Alarm] = []
        self.rollback_alarms: dict[str, list[cw.IAlarm]] = {}  # per function: a canary rolls back on these
        self.topic = self._topic()
        t = config.alarms
        self.api_metrics = {
            name: cw.Metric(namespace="AWS/ApiGateway", metric_name=name, dimensions_map={"ApiName": api_name},
                            statistic=stat, period=FIVE_MINUTES)
            for name, stat in (("Count", "Sum"), ("5XXError", "Sum"), ("4XXError", "Sum"), ("Latency", "p99"))
        }  # fmt: skip
        self._rate_alarm("Api-ServerErrorRate", "5XXError", t.api_5xx_rate_pct, "API 5xx responses above")
        self._rate_alarm("Api-ClientErrorSpike", "4XXError", t.api_4xx_rate_pct, "API 4xx responses above")
        self.alarm("Api-LatencyP99", self.api_metrics["Latency"], t.api_p99_latency_ms, "API p99 latency (ms) above",
                    periods=3, datapoints=2)  # fmt: skip
        for name, fn in functions.items():
            self._function_alarms(name, fn, timeouts_s[name], is_authorizer=name == authorizer)
        rotator_errors = cw.Metric(namespace="AWS/Lambda", metric_name="Errors", statistic="Sum", period=FIVE_MINUTES,
                                   dimensions_map={"FunctionName": rotator_name})  # fmt: skip
        self.alarm("SigningKeyRotation-Errors", rotator_errors, 1, "Signing-key rotation failed (errors >=)")
        throttles = cw.MathExpression(
            expression="reads + writes",
            using_metrics={"reads": table.metric("ReadThrottleEvents", statistic="Sum", period=FIVE_MINUTES),
                           "writes": table.metric("WriteThrottleEvents", statistic="Sum", period=FIVE_MINUTES)},
            period=FIVE_MINUTES,
        )  # fmt: skip
        system_errors = table.metric_system_errors_for_operations(operations=TABLE_OPERATIONS, period=FIVE_MINUTES)
        self.alarm("Table-Throttles", throttles, 1, "DynamoDB throttled requests >=")
        for index in INDEXES:  # a hot GSI partition (the feed's) throttles writes to the table too
            self.alarm(f"Gsi-{index.name}-Throttles", self._index_throttles(table, index.name), 1,
                        f"DynamoDB throttled requests on index {index.name} >=")  # fmt: skip
        self.alarm("Table-SystemErrors", system_errors, 1, "DynamoDB system errors >=")
        self.alarm("Auth-LoginFailedSpike", auth_metric("LoginFailed"), t.login_failed_per_5min, "Failed logins above")
        self.alarm("Auth-RefreshReuseDetected", auth_metric("RefreshReuseDetected"), 1, "Refresh token reuse >=")
        self.alarm("Auth-AccountLockedSpike", auth_metric("AccountLocked"), t.account_locked_per_5min, "Lockouts above")
        self.table_metrics = {"throttles": throttles, "system_errors": system_errors}

    @staticmethod
    def _index_throttles(table: dynamodb.ITable, index: str) -> cw.MathExpression:
        def metric(name: str) -> cw.Metric:
            dimensions = {"TableName": table.table_name, "GlobalSecondaryIndexName": index}
            return cw.Metric(namespace="AWS/DynamoDB", metric_name=name, dimensions_map=dimensions, statistic="Sum",
                             period=FIVE_MINUTES)  # fmt: skip

        return cw.MathExpression(
            expression="reads + writes",
            using_metrics={"reads": metric("ReadThrottleEvents"), "writes": metric("WriteThrottleEvents")},
            label=f"{index} throttles",
            period=FIVE_MINUTES,
        )

    def _cloudwatch_may(self, actions: list[str], resource: str) -> iam.PolicyStatement:
        """CloudWatch, for this account's alarms of this stage only (confused-deputy protection)."""
        alarms = Stack.of(self).format_arn(
            service="cloudwatch",
            resource="alarm",
            resource_name=f"{self.prefix}-*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        return iam.PolicyStatement(
            sid="CloudWatchAlarmsOfThisStage",
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions=actions,
            resources=[resource],
            conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}, "ArnLike": {"aws:SourceArn": alarms}},
        )

    def _topic(self) -> sns.Topic:
        key = kms.Key(self, "AlarmKey", enable_key_rotation=True, description="Encrypts Keel's alarm topic")
        # CloudWatch publishes to the encrypted topic, so it must be able to use the key.
        key.add_to_resource_policy(self._cloudwatch_may(["kms:Decrypt", "kms:GenerateDataKey*"], "*"))
        topic = sns.Topic(self, "AlarmTopic", topic_name=f"{self.prefix}-alarms", master_key=key, enforce_ssl=True)
        topic.add_to_resource_policy(self._cloudwatch_may(["sns:Publish"], topic.topic_arn))
        if self.config.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(self.config.alarm_email))
            reason = (
                "Alarm emails that cannot be delivered show in SNS delivery metrics; a dead-letter queue of "
                "alarm notifications nobody reads adds nothing, and the alarm state stays visible in CloudWatch."
            )
            NagSuppressions.add_resource_suppressions(
                topic, [NagPackSuppression(id="Serverless-SNSRedrivePolicy", reason=reason)], apply_to_children=True
            )
        return topic

    def alarm(
        self,
        name: str,
        metric: cw.IMetric,
        threshold: float,
        what: str,
        *,
        periods: int = 1,
        datapoints: int = 1,
        scope: Construct | None = None,
    ) -> cw.Alarm:
        """An alarm of this stage (``>= threshold``, missing data is fine) notifying the topic, listed on the
        dashboard; ``scope`` is the construct that owns it (other capabilities' alarms, e.g. mail)."""
        alarm = cw.Alarm(
            scope or self,
            name,
            alarm_name=f"{self.prefix}-{name}",
            alarm_description=f"{what} {threshold:g}. Runbook: docs/runbook.md, section {runbook_section(name)}",
            metric=metric,
            threshold=threshold,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluation_periods=periods,
            datapoints_to_alarm=datapoints,
            treat_missing_data=NOT_BREACHING,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.topic))
        alarm.add_ok_action(cw_actions.SnsAction(self.topic))
        self.alarms.append(alarm)
        return alarm

    def _rate_alarm(self, name: str, errors: str, pct: float, what: str) -> None:
        """Percentage of requests, judged only with enough traffic (a lone error at night is not a rate)."""
        rate = cw.MathExpression(
            expression=f"IF(requests >= {self.config.alarms.min_requests}, 100 * errors / requests, 0)",
            using_metrics={"requests": self.api_metrics["Count"], "errors": self.api_metrics[errors]},
            label=f"{errors} %",
            period=FIVE_MINUTES,
        )
        self.alarm(name, rate, pct, f"{what} (%)", periods=2, datapoints=2)

    def _function_alarms(self, name: str, fn: lambda_.IFunction, timeout_s: int, *, is_authorizer: bool) -> None:
        """``fn`` is the ``live`` alias: its metrics are what callers get, whichever version answers."""
        subject = "Authorizer" if is_authorizer else f"Fn-{name}"
        errors = self.alarm(f"{subject}-Errors", fn.metric_errors(period=FIVE_MINUTES), 1, f"{name} errors >=")
        self.alarm(f"{subject}-Throttles", fn.metric_throttles(period=FIVE_MINUTES), 1, f"{name} throttles >=")
        limit_ms = timeout_s * 1000 * self.config.alarms.function_p99_duration_pct / 100
        p99 = fn.metric_duration(period=FIVE_MINUTES, statistic="p99")
        latency = self.alarm(f"{subject}-DurationP99", p99, limit_ms, f"{name} p99 duration (ms) above",
                              periods=3, datapoints=2)  # fmt: skip
        self.rollback_alarms[name] = [errors, latency]
