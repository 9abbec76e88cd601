"""The REST API: routes from the table, authorizer, throttling, logs, tracing, CORS and gateway responses."""

from __future__ import annotations

import json
import shutil

import pytest

from infra.constructs.layers import FUNCTIONS_DIR
from infra.gateway_responses import GATEWAY_RESPONSES
from infra.stacks.api import Sources
from keel.http import SECURITY_HEADERS
from keel.routes import AUTHORIZER, Auth, Throttle, allowed_methods
from tests.infra.conftest import EXTRA_ROUTES, SYNTH, alias_target, ref_name

pytestmark = SYNTH


def the_stage(synth) -> dict:
    (stage,) = synth.resources("AWS::ApiGateway::Stage").values()
    return stage["Properties"]


def method_settings(synth) -> dict[str, dict]:
    return {f"{s['ResourcePath']}/{s['HttpMethod']}": s for s in the_stage(synth)["MethodSettings"]}


def resource_paths(synth) -> dict[str, str]:
    """Logical id of each API resource -> its full path (the root is "/")."""
    resources = synth.resources("AWS::ApiGateway::Resource")
    paths: dict[str, str] = {}

    def path_of(logical: str) -> str:
        if logical not in resources:
            return ""
        if logical not in paths:
            props = resources[logical]["Properties"]
            paths[logical] = f"{path_of(ref_name(props['ParentId']))}/{props['PathPart']}"
        return paths[logical]

    for logical in resources:
        path_of(logical)
    return paths


def methods(synth) -> dict[tuple[str, str], dict]:
    paths = resource_paths(synth)
    return {(m["Properties"]["HttpMethod"], paths.get(ref_name(m["Properties"]["ResourceId"]), "/")): m["Properties"]
            for m in synth.resources("AWS::ApiGateway::Method").values()}  # fmt: skip


def test_every_route_is_a_lambda_proxy_method_on_its_functions_live_alias(stage):
    deployed = methods(stage)
    aliases = stage.resources("AWS::Lambda::Alias")
    for route in stage.sources.deployed_routes:
        method = deployed[(route.method, route.path)]
        assert method["Integration"]["Type"] == "AWS_PROXY"
        uri = json.dumps(method["Integration"]["Uri"])
        function = next(k for k, v in stage.resources("AWS::Lambda::Function").items()
                        if v["Properties"]["Handler"].startswith(f"{route.function}.handler"))  # fmt: skip
        (alias,) = [k for k in aliases if f'"{k}"' in uri]
        assert alias_target(stage, alias) == function
        assert aliases[alias]["Properties"]["Name"] == "live"


def test_public_routes_have_no_authorizer(stage):
    deployed = methods(stage)
    for route in stage.sources.deployed_routes:
        if route.auth is Auth.PUBLIC:
            assert deployed[(route.method, route.path)]["AuthorizationType"] == "NONE"


def assert_authorizer_guards_bearer_routes(synth) -> None:
    ((authorizer_id, authorizer),) = synth.resources("AWS::ApiGateway::Authorizer").items()
    props = authorizer["Properties"]
    assert props["Type"] == "REQUEST"
    assert props["IdentitySource"] == "method.request.header.Authorization"
    assert props["AuthorizerResultTtlInSeconds"] == synth.config.authorizer_cache_ttl_s
    uri = json.dumps(props["AuthorizerUri"])
    (alias,) = [k for k in synth.resources("AWS::Lambda::Alias") if f'"{k}"' in uri]
    handler = synth.api_json["Resources"][alias_target(synth, alias)]["Properties"]["Handler"]
    assert handler == f"{AUTHORIZER.name}.handler.lambda_handler"
    bearer = 0
    for (verb, path), method in methods(synth).items():
        route = next((r for r in synth.sources.deployed_routes if (r.method, r.path) == (verb, path)), None)
        if route and route.auth is Auth.BEARER:
            bearer += 1
            assert method["AuthorizationType"] == "CUSTOM"
            assert ref_name(method["AuthorizerId"]) == authorizer_id
        else:
            assert method["AuthorizationType"] == "NONE"
    assert bearer == sum(r.auth is Auth.BEARER for r in synth.sources.routes)  # none held back


@pytest.mark.skipif(
    not (FUNCTIONS_DIR / AUTHORIZER.name / "handler.py").exists(), reason="functions/authorizer not merged yet"
)
def test_the_request_authorizer_guards_every_bearer_route(prod):
    assert_authorizer_guards_bearer_routes(prod)


def test_a_bearer_row_in_the_route_table_gets_the_authorizer(derived):
    assert_authorizer_guards_bearer_routes(derived)


def test_bearer_routes_are_held_back_while_the_authorizer_code_is_missing(derived, tmp_path):
    functions = tmp_path / "functions"
    shutil.copytree(derived.sources.functions_dir, functions, ignore=shutil.ignore_patterns(AUTHORIZER.name))

    sources = Sources(routes=derived.sources.routes, functions_dir=functions)

    bearer = [r.function for r in derived.sources.routes if r.auth is Auth.BEARER]
    assert "users_me" in bearer
    assert [r.function for r in sources.held_back] == bearer
    assert not {s.name for s in sources.specs()} & {AUTHORIZER.name, *bearer}


def test_no_bearer_route_is_ever_deployed_without_the_authorizer(stage):
    for (verb, path), method in methods(stage).items():
        route = next((r for r in stage.sources.routes if (r.method, r.path) == (verb, path)), None)
        if route and route.auth is Auth.BEARER:
            assert method["AuthorizationType"] == "CUSTOM", path
    held = {(r.method, r.path) for r in stage.sources.held_back}
    assert not held & set(methods(stage))


def test_a_route_without_its_handler_fails_the_synth(tmp_path):
    (tmp_path / AUTHORIZER.name).mkdir()
    (tmp_path / AUTHORIZER.name / "handler.py").write_text("")

    with pytest.raises(ValueError, match=r"routes without functions/<name>/handler.py: \['login', 'users_me'\]"):
        Sources(routes=EXTRA_ROUTES, functions_dir=tmp_path).specs()


def test_an_auth_class_row_gets_its_own_method_throttle(derived):
    login = next(r for r in EXTRA_ROUTES if r.throttle is Throttle.AUTH)
    settings = method_settings(derived)[f"/~1{login.path[1:].replace('/', '~1')}/{login.method}"]
    rate, burst = derived.config.throttle_for(login)
    assert (settings["ThrottlingRateLimit"], settings["ThrottlingBurstLimit"]) == (rate, burst)
    assert rate < derived.config.stage_throttle.rate_limit


def test_stage_throttling_and_per_route_limits_come_from_the_config(stage):
    config = stage.config
    settings = method_settings(stage)
    default = settings["/*/*"]
    assert (default["ThrottlingRateLimit"], default["ThrottlingBurstLimit"]) == config.stage_throttle
    for route in stage.sources.deployed_routes:
        key = f"/~1{route.path[1:].replace('/', '~1')}/{route.method}"
        applied = settings.get(key, default)
        assert (applied["ThrottlingRateLimit"], applied["ThrottlingBurstLimit"]) == config.throttle_for(route), key


def test_auth_class_is_throttled_harder_than_the_stage(stage):
    auth = stage.config.throttle_classes[Throttle.AUTH]
    assert auth.rate_limit < stage.config.stage_throttle.rate_limit
    assert auth.burst_limit < stage.config.stage_throttle.burst_limit


def test_json_access_logs_error_execution_logs_and_xray(stage):
    props = the_stage(stage)
    access_format = json.loads(props["AccessLogSetting"]["Format"])
    assert access_format["request_id"] == "$context.requestId"
    assert access_format["status"] == "$context.status"
    default = method_settings(stage)["/*/*"]
    assert default["LoggingLevel"] == "ERROR"
    assert default["DataTraceEnabled"] is False
    assert default["MetricsEnabled"] is True
    assert props["TracingEnabled"] is True
    retention = {g["Properties"].get("RetentionInDays") for g in stage.resources("AWS::Logs::LogGroup").values()}
    assert retention == {stage.config.log_retention_days}


def test_execution_log_group_exists_before_api_gateway_writes_to_it(stage):
    groups = [g for g in stage.resources("AWS::Logs::LogGroup").values()
              if "API-Gateway-Execution-Logs_" in json.dumps(g["Properties"].get("LogGroupName"))]  # fmt: skip
    assert len(groups) == 1


def test_cors_preflight_allows_only_the_configured_origins(stage):
    options = [m for (verb, _), m in methods(stage).items() if verb == "OPTIONS"]
    assert options
    for method in options:
        responses = json.dumps(method["Integration"]["IntegrationResponses"])
        for origin in stage.config.cors_origins:
            assert origin in responses
        assert "'*'" not in json.dumps(
            method["Integration"]["IntegrationResponses"][0]["ResponseParameters"].get(
                "method.response.header.Access-Control-Allow-Origin"
            )
        )


def gateway_responses(synth) -> dict[str, dict]:
    return {r["Properties"]["ResponseType"]: r["Properties"]
            for r in synth.resources("AWS::ApiGateway::GatewayResponse").values()}  # fmt: skip


@pytest.mark.parametrize(
    ("response_type", "status", "code"),
    [
        ("UNAUTHORIZED", "401", "UNAUTHORIZED"),
        ("ACCESS_DENIED", "401", "UNAUTHORIZED"),
        ("MISSING_AUTHENTICATION_TOKEN", "404", "NOT_FOUND"),
        ("WAF_FILTERED", "403", "FORBIDDEN"),
        ("THROTTLED", "429", "TOO_MANY_REQUESTS"),
        ("REQUEST_TOO_LARGE", "413", "PAYLOAD_TOO_LARGE"),
        ("DEFAULT_5XX", "500", "INTERNAL_ERROR"),
        ("INTEGRATION_TIMEOUT", "503", "SERVICE_UNAVAILABLE"),
    ],
)
def test_gateway_errors_use_the_envelope(prod, response_type, status, code):
    response = gateway_responses(prod)[response_type]
    assert response["StatusCode"] == status
    body = json.loads(response["ResponseTemplates"]["application/json"])
    assert body == {
        "success": False,
        "error": {"code": code, "message": body["error"]["message"], "details": []},
        "meta": {"request_id": "$context.requestId", "timestamp": "$context.requestTime"},
    }


def test_every_gateway_response_carries_the_security_headers(stage):
    responses = gateway_responses(stage)
    assert set(responses) == set(GATEWAY_RESPONSES)
    for response_type, response in responses.items():
        headers = response["ResponseParameters"]
        for name, value in SECURITY_HEADERS.items():
            assert headers[f"gatewayresponse.header.{name}"] == f"'{value}'", response_type
        assert headers["gatewayresponse.header.Cache-Control"] == "'no-store'"
        assert headers["gatewayresponse.header.Content-Type"] == "'application/json'"
        assert headers["gatewayresponse.header.X-Request-Id"] == "context.requestId"


def test_denials_ask_for_a_bearer_token_and_throttling_says_when_to_retry(prod):
    responses = gateway_responses(prod)
    for response_type in ("UNAUTHORIZED", "ACCESS_DENIED"):
        header = responses[response_type]["ResponseParameters"]["gatewayresponse.header.WWW-Authenticate"]
        assert header.startswith("'Bearer ")
    assert responses["THROTTLED"]["ResponseParameters"]["gatewayresponse.header.Retry-After"] == "'1'"


def test_the_api_url_is_an_output(stage):
    assert "ApiUrl" in stage.api_json["Outputs"]


def test_a_known_path_answers_other_methods_with_405_and_allow(stage):
    deployed = methods(stage)
    for path in {r.path for r in stage.sources.deployed_routes}:
        method = deployed[("ANY", path)]
        assert method["AuthorizationType"] == "NONE"
        integration = method["Integration"]
        assert integration["Type"] == "MOCK"
        assert set(integration["RequestTemplates"].values()) == {'{"statusCode": 405}'}
        (response,) = integration["IntegrationResponses"]
        assert response["StatusCode"] == "405"
        headers = {k.removeprefix("method.response.header."): v for k, v in response["ResponseParameters"].items()}
        assert headers["Allow"] == "'" + ", ".join(allowed_methods(path, stage.sources.deployed_routes)) + "'"
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == f"'{value}'"
        assert (headers["Cache-Control"], headers["X-Request-Id"]) == ("'no-store'", "context.requestId")
        body = json.loads(response["ResponseTemplates"]["application/json"])
        assert body["error"] == {"code": "METHOD_NOT_ALLOWED", "message": body["error"]["message"], "details": []}
        assert body["meta"] == {"request_id": "$context.requestId", "timestamp": "$context.requestTime"}
        declared = {p["StatusCode"]: set(p["ResponseParameters"]) for p in method["MethodResponses"]}
        assert declared == {"405": set(response["ResponseParameters"])}


def test_only_route_paths_get_the_405_method(stage):
    paths = {path for (verb, path) in methods(stage) if verb == "ANY"}
    assert paths == {r.path for r in stage.sources.deployed_routes}
