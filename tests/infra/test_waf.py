"""WAF: managed rule groups, per-IP rate limits (tighter on /v1/auth/*), and a 413 for oversized bodies."""

from __future__ import annotations

import json

from infra.gateway_responses import COMMON_HEADERS
from tests.infra.conftest import SYNTH, ref_name

pytestmark = SYNTH


def acl(synth) -> dict:
    (web_acl,) = synth.resources("AWS::WAFv2::WebACL").values()
    return web_acl["Properties"]


def rules(synth) -> dict[str, dict]:
    return {r["Name"]: r for r in acl(synth)["Rules"]}


def test_web_acl_is_associated_with_the_api_stage(stage):
    (association,) = stage.resources("AWS::WAFv2::WebACLAssociation").values()
    (stage_id,) = stage.resources("AWS::ApiGateway::Stage")
    assert stage_id in json.dumps(association["Properties"]["ResourceArn"])
    assert ref_name(association["Properties"]["WebACLArn"]) in stage.resources("AWS::WAFv2::WebACL")


def test_aws_managed_rule_groups_are_on(stage):
    managed = {r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in rules(stage).values()
               if "ManagedRuleGroupStatement" in r["Statement"]}  # fmt: skip
    assert managed == {
        "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"
    }  # fmt: skip


def test_common_rule_set_does_not_block_bodies_our_api_accepts(stage):
    common = rules(stage)["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    counted = {o["Name"] for o in common["RuleActionOverrides"] if o["ActionToUse"] == {"Count": {}}}
    assert counted == {"SizeRestrictions_BODY", "CrossSiteScripting_BODY"}


def test_rate_limits_per_ip_are_tighter_on_auth_paths(stage):
    limits = stage.config.waf
    auth = rules(stage)["AuthRateLimitPerIp"]["Statement"]["RateBasedStatement"]
    general = rules(stage)["RateLimitPerIp"]["Statement"]["RateBasedStatement"]
    assert (auth["Limit"], general["Limit"]) == (limits.auth_requests_per_ip, limits.requests_per_ip)
    assert auth["Limit"] < general["Limit"]
    assert auth["AggregateKeyType"] == general["AggregateKeyType"] == "IP"
    assert auth["ScopeDownStatement"]["ByteMatchStatement"]["SearchString"] == "/v1/auth/"
    assert rules(stage)["AuthRateLimitPerIp"]["Priority"] < rules(stage)["RateLimitPerIp"]["Priority"]


def test_rate_limited_clients_get_429_in_the_envelope_with_retry_after(stage):
    response = rules(stage)["RateLimitPerIp"]["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 429
    headers = {h["Name"]: h["Value"] for h in response["ResponseHeaders"]}
    assert headers["Retry-After"] == str(stage.config.waf.window_s)
    assert COMMON_HEADERS.items() <= headers.items()
    body = acl(stage)["CustomResponseBodies"][response["CustomResponseBodyKey"]]
    assert body["ContentType"] == "APPLICATION_JSON"
    assert json.loads(body["Content"])["error"]["code"] == "TOO_MANY_REQUESTS"


def test_oversized_bodies_get_413_before_reaching_a_lambda(stage):
    rule = rules(stage)["BodyTooLarge"]
    assert rule["Priority"] == min(r["Priority"] for r in rules(stage).values())
    size = rule["Statement"]["SizeConstraintStatement"]
    assert (size["ComparisonOperator"], size["Size"]) == ("GT", 64 * 1024)
    assert size["FieldToMatch"]["Body"]["OversizeHandling"] == "MATCH"
    response = rule["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 413
    body = json.loads(acl(stage)["CustomResponseBodies"][response["CustomResponseBodyKey"]]["Content"])
    assert body["success"] is False
    assert body["error"]["code"] == "PAYLOAD_TOO_LARGE"
    limit = acl(stage)["AssociationConfig"]["RequestBody"]["API_GATEWAY"]["DefaultSizeInspectionLimit"]
    assert limit == "KB_64"


def test_waf_logs_to_a_retained_aws_waf_logs_group_unique_per_stack_without_the_authorization_header(stage):
    (logging,) = stage.resources("AWS::WAFv2::LoggingConfiguration").values()
    props = logging["Properties"]
    assert ref_name(props["ResourceArn"]) in stage.resources("AWS::WAFv2::WebACL")
    assert props["RedactedFields"] == [{"SingleHeader": {"Name": "authorization"}}]
    (destination,) = props["LogDestinationConfigs"]
    assert ":log-group:aws-waf-logs-keel-" in json.dumps(destination)
    assert not json.dumps(destination).endswith(':*"]}')
    (group,) = [g for g in stage.resources("AWS::Logs::LogGroup").values()
                if "aws-waf-logs-" in json.dumps(g["Properties"].get("LogGroupName"))]  # fmt: skip
    name = group["Properties"]["LogGroupName"]["Fn::Join"][1]
    assert name[0] == f"aws-waf-logs-keel-{stage.config.name}-"
    assert "AWS::StackId" in json.dumps(name)  # a redeployed stack never meets a retained group's name
    assert group["Properties"]["RetentionInDays"] == stage.config.log_retention_days
