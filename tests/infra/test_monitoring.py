"""Alarms (each with explicit missing-data handling, all to the SNS topic), the dashboard, and the runbook."""

from __future__ import annotations

import json
import re

from infra.assets import ROOT
from infra.constructs.monitoring import runbook_section
from keel.repositories.schema import INDEXES
from keel.routes import AUTHORIZER
from tests.infra.conftest import SYNTH, ref_name

pytestmark = SYNTH


def alarms(synth) -> dict[str, dict]:
    """Alarm name without the ``keel-<stage>-`` prefix -> its properties."""
    prefix = f"keel-{synth.config.name}-"
    return {a["Properties"]["AlarmName"].removeprefix(prefix): a["Properties"]
            for a in synth.resources("AWS::CloudWatch::Alarm").values()}  # fmt: skip


def topic_id(synth) -> str:
    (topic,) = synth.resources("AWS::SNS::Topic")
    return topic


def test_the_expected_alarms_exist(stage):
    expected = {
        "Api-ServerErrorRate", "Api-ClientErrorSpike", "Api-LatencyP99", "Table-Throttles", "Table-SystemErrors",
        "Auth-LoginFailedSpike", "Auth-RefreshReuseDetected", "Auth-AccountLockedSpike", "SigningKeyRotation-Errors",
    } | {f"Gsi-{index.name}-Throttles" for index in INDEXES}  # fmt: skip
    for name in stage.specs:
        subject = "Authorizer" if name == AUTHORIZER.name else f"Fn-{name}"
        expected |= {f"{subject}-Errors", f"{subject}-Throttles", f"{subject}-DurationP99"}
    assert set(alarms(stage)) == expected


def test_every_alarm_handles_missing_data_and_notifies_the_topic(stage):
    topic = topic_id(stage)
    for name, alarm in alarms(stage).items():
        assert alarm["TreatMissingData"] == "notBreaching", name
        assert [ref_name(a) for a in alarm["AlarmActions"]] == [topic], name
        assert [ref_name(a) for a in alarm["OKActions"]] == [topic], name


def test_api_error_rates_are_judged_only_with_enough_traffic(stage):
    for name in ("Api-ServerErrorRate", "Api-ClientErrorSpike"):
        expressions = [m["Expression"] for m in alarms(stage)[name]["Metrics"] if "Expression" in m]
        assert expressions == [f"IF(requests >= {stage.config.alarms.min_requests}, 100 * errors / requests, 0)"]


def test_function_duration_alarms_fire_before_the_timeout(stage):
    for name, spec in stage.specs.items():
        subject = "Authorizer" if name == AUTHORIZER.name else f"Fn-{name}"
        alarm = alarms(stage)[f"{subject}-DurationP99"]
        timeout_ms = stage.config.size(spec.memory).timeout_s * 1000
        assert alarm["Threshold"] == timeout_ms * stage.config.alarms.function_p99_duration_pct / 100
        assert alarm["ExtendedStatistic"] == "p99"


def test_auth_anomaly_alarms_read_the_powertools_metrics(stage):
    for name, metric, threshold in (
        ("Auth-LoginFailedSpike", "LoginFailed", stage.config.alarms.login_failed_per_5min),
        ("Auth-RefreshReuseDetected", "RefreshReuseDetected", 1),
        ("Auth-AccountLockedSpike", "AccountLocked", stage.config.alarms.account_locked_per_5min),
    ):
        alarm = alarms(stage)[name]
        assert (alarm["Namespace"], alarm["MetricName"], alarm["Threshold"]) == ("Keel", metric, threshold)
        assert alarm["Dimensions"] == [{"Name": "service", "Value": "keel"}]


def test_table_alarms_watch_the_data_stack_table_by_its_fixed_name(stage):
    for name in ("Table-Throttles", "Table-SystemErrors"):
        text = json.dumps(alarms(stage)[name])
        assert "AWS/DynamoDB" in text
        assert f'"{stage.config.table_name}"' in text


def test_every_gsi_has_a_throttling_alarm(stage):
    for index in INDEXES:
        metrics = [m["MetricStat"]["Metric"] for m in alarms(stage)[f"Gsi-{index.name}-Throttles"]["Metrics"]
                   if "MetricStat" in m]  # fmt: skip
        assert {m["MetricName"] for m in metrics} == {"ReadThrottleEvents", "WriteThrottleEvents"}
        for metric in metrics:
            dimensions = {d["Name"]: d["Value"] for d in metric["Dimensions"]}
            assert dimensions == {"TableName": stage.config.table_name, "GlobalSecondaryIndexName": index.name}


def test_alarm_topic_is_encrypted_and_mails_the_configured_address(stage):
    (topic,) = stage.resources("AWS::SNS::Topic").values()
    assert "KmsMasterKeyId" in topic["Properties"]
    subscriptions = [s["Properties"] for s in stage.resources("AWS::SNS::Subscription").values()]
    if stage.config.alarm_email:
        assert subscriptions == [{"Protocol": "email", "Endpoint": stage.config.alarm_email,
                                  "TopicArn": {"Ref": topic_id(stage)}}]  # fmt: skip
    else:
        assert subscriptions == []


def dashboard_namespaces(synth) -> set[str]:
    """The metric namespaces the dashboard's graphs plot (intrinsics in the body replaced by a placeholder)."""
    (dashboard,) = synth.resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body = json.loads("".join(p if isinstance(p, str) else "ref" for p in parts))
    graphs = [w["properties"] for w in body["widgets"] if w["type"] == "metric"]
    return {m[0] for g in graphs for m in g["metrics"] if isinstance(m[0], str) and m[0] != "."}


def test_dashboard_shows_api_functions_table_and_auth_together(stage):
    assert {"AWS/ApiGateway", "AWS/Lambda", "AWS/DynamoDB", "Keel"} <= dashboard_namespaces(stage)


def test_the_runbook_covers_every_alarm(stage):
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    sections = set(re.findall(r"^### `([^`]+)`", runbook, flags=re.MULTILINE))
    for name, alarm in alarms(stage).items():
        section = runbook_section(name)
        assert section in sections, f"docs/runbook.md has no section for {section}"
        assert section in alarm["AlarmDescription"]


def cloudwatch_statement(statements: list[dict]) -> dict:
    (statement,) = [s for s in statements if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    return statement


def assert_scoped_to_this_stages_alarms(synth, statement: dict) -> None:
    conditions = statement["Condition"]
    assert conditions["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    source = json.dumps(conditions["ArnLike"]["aws:SourceArn"])
    assert ":cloudwatch:" in source
    assert f":alarm:keel-{synth.config.name}-*" in source


def test_the_topic_policy_lets_this_stages_alarms_publish_next_to_the_tls_deny(stage):
    (policy,) = stage.resources("AWS::SNS::TopicPolicy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    allow = cloudwatch_statement(statements)
    assert (allow["Effect"], allow["Action"]) == ("Allow", "sns:Publish")
    assert ref_name(allow["Resource"]) == topic_id(stage)
    assert_scoped_to_this_stages_alarms(stage, allow)
    deny = next(s for s in statements if s["Effect"] == "Deny")
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_topic_key_lets_the_same_principal_use_it_under_the_same_conditions(stage):
    (topic,) = stage.resources("AWS::SNS::Topic").values()
    key = stage.api_json["Resources"][ref_name(topic["Properties"]["KmsMasterKeyId"])]
    allow = cloudwatch_statement(key["Properties"]["KeyPolicy"]["Statement"])
    assert sorted(allow["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey*"]
    assert_scoped_to_this_stages_alarms(stage, allow)


def dashboard_metrics(synth) -> list[list]:
    (dashboard,) = synth.resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body = json.loads("".join(p if isinstance(p, str) else "ref" for p in parts))
    return [m for w in body["widgets"] if w["type"] == "metric" for m in w["properties"]["metrics"]]


def test_dashboard_shows_table_latency_lambda_concurrency_and_waf_requests(stage):
    names = {(m[0], m[1]) for m in dashboard_metrics(stage) if len(m) > 1 and isinstance(m[0], str)}
    assert ("AWS/DynamoDB", "SuccessfulRequestLatency") in names
    assert ("AWS/Lambda", "ConcurrentExecutions") in names
    assert ("AWS/Lambda", "UnreservedConcurrentExecutions") in names
    assert {("AWS/WAFV2", "AllowedRequests"), ("AWS/WAFV2", "BlockedRequests")} <= names
