"""One CloudWatch dashboard: API, WAF, functions (with concurrency), table (with latency) and auth side by side,
with every alarm's state on top."""

from __future__ import annotations

from aws_cdk import Aws
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constructs.monitoring import FIVE_MINUTES, TABLE_OPERATIONS, Monitoring, auth_metric
from infra.constructs.waf import KeelWaf

AUTH_EVENTS = ("LoginSucceeded", "LoginFailed", "AccountLocked", "RefreshReuseDetected")


def _waf(name: str, web_acl: str) -> cw.Metric:
    dimensions = {"WebACL": web_acl, "Region": Aws.REGION, "Rule": "ALL"}
    return cw.Metric(namespace="AWS/WAFV2", metric_name=name, dimensions_map=dimensions, statistic="Sum",
                     period=FIVE_MINUTES)  # fmt: skip


def _account_concurrency(name: str) -> cw.Metric:
    return cw.Metric(namespace="AWS/Lambda", metric_name=name, statistic="Maximum", period=FIVE_MINUTES)


def _graph(title: str, left: list[cw.IMetric], width: int = 8) -> cw.GraphWidget:
    return cw.GraphWidget(title=title, left=left, width=width, height=6)


class Dashboard(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        monitoring: Monitoring,
        functions: dict[str, lambda_.IFunction],
        table: dynamodb.ITable,
        waf: KeelWaf,
    ) -> None:
        super().__init__(scope, construct_id)
        m = monitoring.api_metrics
        fns = sorted(functions.items())
        self.dashboard = cw.Dashboard(self, "Dashboard", dashboard_name=monitoring.prefix)
        self.dashboard.add_widgets(
            cw.AlarmStatusWidget(title="Alarms", alarms=list(monitoring.alarms), width=24, height=4)
        )
        self.dashboard.add_widgets(
            cw.TextWidget(markdown="## API", width=24, height=1),
            _graph("Requests and errors", [m["Count"], m["4XXError"], m["5XXError"]]),
            _graph("Latency p99 (ms)", [m["Latency"], m["Latency"].with_(statistic="p50")]),
            _graph("Function errors", [fn.metric_errors(period=FIVE_MINUTES, label=n) for n, fn in fns]),
            _graph(
                "WAF requests", [_waf("AllowedRequests", waf.web_acl_name), _waf("BlockedRequests", waf.web_acl_name)]
            ),
        )
        self.dashboard.add_widgets(
            cw.TextWidget(markdown="## Functions and table", width=24, height=1),
            _graph("Function p99 duration (ms)",
                   [fn.metric_duration(period=FIVE_MINUTES, statistic="p99", label=n) for n, fn in fns]),
            _graph("Function throttles", [fn.metric_throttles(period=FIVE_MINUTES, label=n) for n, fn in fns]),
            _graph("Lambda concurrency (max)", [
                _account_concurrency("ConcurrentExecutions"), _account_concurrency("UnreservedConcurrentExecutions"),
                *[fn.metric("ConcurrentExecutions", statistic="Maximum", period=FIVE_MINUTES, label=n)
                  for n, fn in fns],
            ]),
            _graph("Table latency p99 (ms)", [
                table.metric("SuccessfulRequestLatency", statistic="p99", period=FIVE_MINUTES, label=op.value,
                             dimensions_map={"TableName": table.table_name, "Operation": op.value})
                for op in TABLE_OPERATIONS
            ]),
            _graph("Table capacity, throttles, system errors", [
                table.metric_consumed_read_capacity_units(period=FIVE_MINUTES),
                table.metric_consumed_write_capacity_units(period=FIVE_MINUTES),
                monitoring.table_metrics["throttles"],
                monitoring.table_metrics["system_errors"],
            ]),
        )  # fmt: skip
        self.dashboard.add_widgets(
            cw.TextWidget(markdown="## Auth (EMF metrics, namespace Keel)", width=24, height=1),
            _graph("Auth events", [auth_metric(name) for name in AUTH_EVENTS], width=24),
        )
