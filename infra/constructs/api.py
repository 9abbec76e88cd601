"""The REST API, built from the route table: one Lambda proxy method per route (to the function's ``live``
alias), the REQUEST authorizer on every BEARER route, stage and per-method throttling, JSON access logs, ERROR
execution logs, X-Ray, CORS preflight, gateway responses in the SPEC §1 envelope, and a 405 for a known path
asked with a method it does not serve (an ``ANY`` method with a MOCK integration: API Gateway prefers the
specific methods and the CORS ``OPTIONS`` over ``ANY``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.common import removal, retention
from infra.gateway_responses import (
    COMMON_HEADERS,
    GATEWAY_RESPONSES,
    METHOD_NOT_ALLOWED,
    GatewayError,
    gateway_template,
)
from infra.stages import StageConfig
from keel.http import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS
from keel.routes import Auth, Route, allowed_methods

AUTHORIZATION_HEADER = "Authorization"
MOCK_CONTENT_TYPES = ("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")

# One JSON object per request; every value quoted so an absent one ("-") still parses.
ACCESS_LOG_FIELDS = {
    "request_id": "$context.requestId",
    "extended_request_id": "$context.extendedRequestId",
    "time": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "user_agent": "$context.identity.userAgent",
    "method": "$context.httpMethod",
    "resource": "$context.resourcePath",
    "path": "$context.path",
    "status": "$context.status",
    "response_type": "$context.error.responseType",
    "error": "$context.error.message",
    "latency_ms": "$context.responseLatency",
    "integration_latency_ms": "$context.integration.latency",
    "integration_status": "$context.integration.status",
    "authorizer_status": "$context.authorizer.status",
    "authorizer_latency_ms": "$context.authorizer.latency",
    "authorizer_error": "$context.authorizer.error",
    "sub": "$context.authorizer.sub",
    "waf": "$context.waf.status",
    "xray_trace_id": "$context.xrayTraceId",
    "response_length": "$context.responseLength",
}


def _quoted(value: str) -> str:
    return f"'{value}'"


def _public(method: apigw.Method, reason: str) -> None:
    """A method without an authorizer, on purpose: cdk-nag's authorization findings suppressed with ``reason``."""
    NagSuppressions.add_resource_suppressions(
        method,
        [NagPackSuppression(id="AwsSolutions-APIG4", reason=reason),
         NagPackSuppression(id="AwsSolutions-COG4", reason=reason)],
    )  # fmt: skip


class KeelApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        routes: Sequence[Route],
        handlers: dict[str, lambda_.IFunction],
        authorizer: lambda_.IFunction | None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config, self.routes = config, routes
        self.access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=retention(config),
            removal_policy=removal(config),
        )
        self.api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=f"keel-{config.name}",
            description=f"Keel REST API ({config.name})",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=True,  # the account-wide role that lets API Gateway write execution logs
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=self._stage_options(),
            default_cors_preflight_options=self._cors(),
        )
        self.authorizer = self._authorizer(authorizer)
        for route in routes:
            self._add_route(route, handlers[route.function])
        for path in sorted({r.path for r in routes}):
            self._method_not_allowed(path, allowed_methods(path, tuple(routes)))
        for response_type, error in GATEWAY_RESPONSES.items():
            self._gateway_response(response_type, error)
        self._execution_logs()

    @property
    def stage(self) -> apigw.Stage:
        return self.api.deployment_stage

    def _stage_options(self) -> apigw.StageOptions:
        c = self.config
        rate, burst = c.stage_throttle
        return apigw.StageOptions(
            stage_name=c.name,
            throttling_rate_limit=rate,
            throttling_burst_limit=burst,
            method_options=self._method_throttles(),
            logging_level=apigw.MethodLoggingLevel.ERROR,
            data_trace_enabled=False,  # would log request and response bodies: passwords and tokens
            metrics_enabled=True,
            tracing_enabled=True,
            access_log_destination=apigw.LogGroupLogDestination(self.access_logs),
            access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
        )

    def _method_throttles(self) -> dict[str, apigw.MethodDeploymentOptions]:
        """Lower limits for every route whose throttle class differs from the stage's."""
        stage = self.config.stage_throttle
        options = {}
        for route in self.routes:
            rate, burst = self.config.throttle_for(route)
            if (rate, burst) != stage:
                options[f"{route.path}/{route.method}"] = apigw.MethodDeploymentOptions(
                    throttling_rate_limit=rate, throttling_burst_limit=burst
                )
        return options

    def _cors(self) -> apigw.CorsOptions | None:
        if not self.config.cors_origins:
            return None
        return apigw.CorsOptions(
            allow_origins=list(self.config.cors_origins),
            allow_methods=sorted({r.method for r in self.routes}),
            allow_headers=list(CORS_ALLOW_HEADERS),
            expose_headers=list(CORS_EXPOSE_HEADERS),
            max_age=Duration.hours(1),
        )

    def _authorizer(self, handler: lambda_.IFunction | None) -> apigw.RequestAuthorizer | None:
        bearer = [r for r in self.routes if r.auth is Auth.BEARER]
        if not bearer:
            return None  # API Gateway rejects an authorizer that guards no method
        if handler is None:
            raise ValueError(f"bearer routes need functions/authorizer: {[r.function for r in bearer]}")
        return apigw.RequestAuthorizer(
            self,
            "Authorizer",
            handler=handler,
            identity_sources=[apigw.IdentitySource.header(AUTHORIZATION_HEADER)],
            results_cache_ttl=Duration.seconds(self.config.authorizer_cache_ttl_s),
        )

    def _add_route(self, route: Route, handler: lambda_.IFunction) -> None:
        resource = self.api.root.resource_for_path(route.path)
        integration = apigw.LambdaIntegration(handler, proxy=True, allow_test_invoke=False)
        if route.auth is Auth.BEARER:
            method = resource.add_method(route.method, integration, authorizer=self.authorizer)
            reason = "Bearer routes use Keel's own REQUEST Lambda authorizer (ES256 access token + session, SPEC §5)."
            NagSuppressions.add_resource_suppressions(
                method, [NagPackSuppression(id="AwsSolutions-COG4", reason=reason)]
            )
            return
        method = resource.add_method(route.method, integration, authorization_type=apigw.AuthorizationType.NONE)
        _public(method, f"{route.method} {route.path} is public by design (SPEC §3); the handler and WAF limit abuse.")

    def _method_not_allowed(self, path: str, allowed: tuple[str, ...]) -> None:
        """``ANY`` on ``path`` answers 405 in the envelope, with ``Allow`` and the headers every response has."""
        headers = {name: _quoted(value) for name, value in {**COMMON_HEADERS, "Allow": ", ".join(allowed)}.items()}
        headers |= {"Content-Type": _quoted("application/json"), "X-Request-Id": "context.requestId"}
        if len(self.config.cors_origins) == 1:
            headers["Access-Control-Allow-Origin"] = _quoted(self.config.cors_origins[0])
        parameters = {f"method.response.header.{name}": value for name, value in headers.items()}
        integration = apigw.MockIntegration(
            # Common body types map to the same fixed request; others get 415 (the mock cannot read a raw body).
            request_templates=dict.fromkeys(MOCK_CONTENT_TYPES, '{"statusCode": 405}'),
            passthrough_behavior=apigw.PassthroughBehavior.NEVER,
            integration_responses=[
                apigw.IntegrationResponse(
                    status_code="405",
                    response_templates={"application/json": gateway_template(METHOD_NOT_ALLOWED)},
                    response_parameters=parameters,
                )
            ],
        )
        method = self.api.root.resource_for_path(path).add_method(
            "ANY",
            integration,
            authorization_type=apigw.AuthorizationType.NONE,
            method_responses=[
                apigw.MethodResponse(status_code="405", response_parameters=dict.fromkeys(parameters, True))
            ],
        )
        _public(method, f"ANY {path} only answers 405 METHOD_NOT_ALLOWED (a MOCK integration): nothing to authorize.")

    def _gateway_response(self, response_type: str, error: GatewayError) -> None:
        headers = {name: _quoted(value) for name, value in {**COMMON_HEADERS, **error.headers}.items()}
        headers["Content-Type"] = _quoted("application/json")
        headers["X-Request-Id"] = "context.requestId"
        if len(self.config.cors_origins) == 1:  # a static header can name one origin only
            headers["Access-Control-Allow-Origin"] = _quoted(self.config.cors_origins[0])
        self.api.add_gateway_response(
            response_type.title().replace("_", ""),
            type=getattr(apigw.ResponseType, response_type.replace("4XX", "4_XX").replace("5XX", "5_XX")),
            status_code=str(error.status),
            response_headers=headers,
            templates={"application/json": gateway_template(error)},
        )

    def _execution_logs(self) -> None:
        """API Gateway creates its execution log group on first use with no retention: create it first."""
        group = logs.LogGroup(
            self,
            "ExecutionLogs",
            log_group_name=f"API-Gateway-Execution-Logs_{self.api.rest_api_id}/{self.config.name}",
            retention=retention(self.config),
            removal_policy=removal(self.config),
        )
        self.stage.node.add_dependency(group)
