"""The regional WAF web ACL in front of the API stage.

Rules, first match wins:
  0. body larger than the API's limit -> 413 in the envelope (beats carrying up to 10 MB into a Lambda);
  1. per-IP rate limit on ``/v1/auth/*`` (credential stuffing) -> 429 + Retry-After;
  2. per-IP rate limit on everything -> 429 + Retry-After;
  3-5. AWS managed groups: IP reputation, common rule set, known bad inputs -> API Gateway's WAF_FILTERED
       gateway response (403 in the envelope, with the request id).

Every request WAF sees is logged to ``aws-waf-logs-keel-<stage>-<stack instance>`` (WAF requires the prefix; the
suffix, unique per stack instance, lets a destroyed and redeployed stack never collide with a retained group),
with the stage's retention and the ``Authorization`` header redacted (bearer tokens never reach the logs).
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Fn, Stack
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as waf
from constructs import Construct

from infra.constructs.common import removal, retention
from infra.gateway_responses import (
    COMMON_HEADERS,
    WAF_BODY_TOO_LARGE,
    WAF_RATE_LIMITED,
    GatewayError,
    waf_body,
)
from infra.stages import StageConfig

ACL = waf.CfnWebACL
AUTH_PATH = "/v1/auth/"
MANAGED_GROUPS = (
    # (name, rules switched to Count). In the common set: SizeRestrictions_BODY blocks bodies over 8 KB, but
    # posts may be up to 64 KiB (rule 0 enforces that); CrossSiteScripting_BODY blocks posts that merely talk
    # about HTML ("<script>"), while the API only stores and returns JSON text that clients must escape anyway.
    ("AWSManagedRulesAmazonIpReputationList", ()),
    ("AWSManagedRulesCommonRuleSet", ("SizeRestrictions_BODY", "CrossSiteScripting_BODY")),
    ("AWSManagedRulesKnownBadInputsRuleSet", ()),
)


def _visibility(name: str) -> ACL.VisibilityConfigProperty:
    return ACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )


def _block(error: GatewayError, body_key: str, headers: dict[str, str]) -> ACL.RuleActionProperty:
    response_headers = [ACL.CustomHTTPHeaderProperty(name=k, value=v) for k, v in {**COMMON_HEADERS, **headers}.items()]
    custom = ACL.CustomResponseProperty(
        response_code=error.status, custom_response_body_key=body_key, response_headers=response_headers
    )
    return ACL.RuleActionProperty(block=ACL.BlockActionProperty(custom_response=custom))


def _rule(
    name: str,
    priority: int,
    statement: ACL.StatementProperty,
    action: ACL.RuleActionProperty | None = None,
    override_action: ACL.OverrideActionProperty | None = None,
) -> ACL.RuleProperty:
    return ACL.RuleProperty(
        name=name,
        priority=priority,
        statement=statement,
        visibility_config=_visibility(name),
        action=action,
        override_action=override_action,
    )


class KeelWaf(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, stage_arn: str) -> None:
        super().__init__(scope, construct_id)
        limits = config.waf
        retry = {"Retry-After": str(limits.window_s)}
        rules = [
            _rule("BodyTooLarge", 0, self._body_over(limits.max_body_bytes),
                  action=_block(WAF_BODY_TOO_LARGE, "BodyTooLarge", {})),
            _rule("AuthRateLimitPerIp", 1, self._rate(limits.auth_requests_per_ip, limits.window_s, AUTH_PATH),
                  action=_block(WAF_RATE_LIMITED, "RateLimited", retry)),
            _rule("RateLimitPerIp", 2, self._rate(limits.requests_per_ip, limits.window_s, None),
                  action=_block(WAF_RATE_LIMITED, "RateLimited", retry)),
        ]  # fmt: skip
        for offset, (group, counted) in enumerate(MANAGED_GROUPS):
            rules.append(
                _rule(
                    group,
                    10 + offset,
                    self._managed(group, counted),
                    override_action=ACL.OverrideActionProperty(none={}),
                )
            )
        self.web_acl = ACL(
            self,
            "WebAcl",
            name=f"keel-{config.name}",
            scope="REGIONAL",
            default_action=ACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"keel-{config.name}"),
            rules=rules,
            custom_response_bodies={
                "BodyTooLarge": ACL.CustomResponseBodyProperty(
                    content=waf_body(WAF_BODY_TOO_LARGE), content_type="APPLICATION_JSON"
                ),
                "RateLimited": ACL.CustomResponseBodyProperty(
                    content=waf_body(WAF_RATE_LIMITED), content_type="APPLICATION_JSON"
                ),
            },
            # Inspect up to 64 KB of body; anything longer is "oversize" and matches rule 0.
            association_config=ACL.AssociationConfigProperty(
                request_body={
                    "API_GATEWAY": ACL.RequestBodyAssociatedResourceTypeConfigProperty(
                        default_size_inspection_limit="KB_64"
                    )
                }
            ),
        )
        waf.CfnWebACLAssociation(self, "Association", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn)
        self.web_acl_name = f"keel-{config.name}"
        self._logging(config)

    def _logging(self, config: StageConfig) -> None:
        instance = Fn.select(0, Fn.split("-", Fn.select(2, Fn.split("/", Aws.STACK_ID))))
        self.log_group_name = Fn.join("", [f"aws-waf-logs-keel-{config.name}-", instance])
        group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=self.log_group_name,
            retention=retention(config),
            removal_policy=removal(config),
        )
        # WAF wants the log group's ARN without the ":*" that CloudWatch's own ARN attribute carries.
        destination = Stack.of(self).format_arn(
            service="logs", resource="log-group", resource_name=self.log_group_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )  # fmt: skip
        logging = waf.CfnLoggingConfiguration(
            self,
            "Logging",
            resource_arn=self.web_acl.attr_arn,
            log_destination_configs=[destination],
            redacted_fields=[waf.CfnLoggingConfiguration.FieldToMatchProperty(single_header={"Name": "authorization"})],
        )
        logging.node.add_dependency(group)

    @staticmethod
    def _body_over(limit: int) -> ACL.StatementProperty:
        return ACL.StatementProperty(
            size_constraint_statement=ACL.SizeConstraintStatementProperty(
                comparison_operator="GT",
                size=limit,
                field_to_match=ACL.FieldToMatchProperty(body=ACL.BodyProperty(oversize_handling="MATCH")),
                text_transformations=[ACL.TextTransformationProperty(priority=0, type="NONE")],
            )
        )

    @staticmethod
    def _rate(limit: int, window_s: int, path: str | None) -> ACL.StatementProperty:
        scope_down = None
        if path:
            scope_down = ACL.StatementProperty(
                byte_match_statement=ACL.ByteMatchStatementProperty(
                    search_string=path,
                    positional_constraint="CONTAINS",  # the stage name or a custom domain may prefix the path
                    field_to_match=ACL.FieldToMatchProperty(uri_path={}),
                    text_transformations=[ACL.TextTransformationProperty(priority=0, type="LOWERCASE")],
                )
            )
        return ACL.StatementProperty(
            rate_based_statement=ACL.RateBasedStatementProperty(
                limit=limit, evaluation_window_sec=window_s, aggregate_key_type="IP", scope_down_statement=scope_down
            )
        )

    @staticmethod
    def _managed(name: str, counted: tuple[str, ...]) -> ACL.StatementProperty:
        overrides = [
            ACL.RuleActionOverrideProperty(name=r, action_to_use=ACL.RuleActionProperty(count={})) for r in counted
        ]
        return ACL.StatementProperty(
            managed_rule_group_statement=ACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides or None
            )
        )
