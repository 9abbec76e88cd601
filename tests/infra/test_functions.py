"""One function per route (plus the authorizer), each sized, traced, logged and with its own least-privilege role."""

from __future__ import annotations

import json

import pytest

from infra.constructs.functions import RUNTIME
from infra.constructs.layers import FUNCTIONS_DIR
from infra.stages import API_GATEWAY_TIMEOUT_S, sdk_retry_budget_s
from keel.repositories.schema import INDEXES
from keel.routes import AUTHORIZER, Access, Throttle
from tests.infra.conftest import EXTRA_ROUTES, SYNTH, ref_name

pytestmark = SYNTH
ENV = {
    "KEEL_STAGE", "KEEL_TABLE_NAME", "KEEL_SIGNING_KEY_SECRET_ID", "KEEL_CURSOR_KEY_SECRET_ID", "KEEL_ISSUER",
    "KEEL_AUDIENCE", "KEEL_CORS_ALLOW_ORIGINS", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE",
    "POWERTOOLS_LOG_LEVEL",
}  # fmt: skip
ACTIONS = {
    Access.TABLE_READ: {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"},
    Access.TABLE_WRITE: {
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:ConditionCheckItem",
    },
    Access.TABLE_DESCRIBE: {"dynamodb:DescribeTable"},
    Access.SIGNING_KEY_READ: {"secretsmanager:GetSecretValue"},
    Access.SIGNING_KEY_DESCRIBE: {"secretsmanager:DescribeSecret"},
    Access.CURSOR_KEY_READ: {"secretsmanager:GetSecretValue"},
}


def functions(synth) -> dict[str, dict]:
    """Function name ("health") -> its properties, from the API stack."""
    found = {}
    for fn in synth.resources("AWS::Lambda::Function").values():
        name = fn["Properties"]["Handler"].split(".")[0]
        found[name] = fn["Properties"]
    return found


def statements_of(synth, props: dict) -> list[dict]:
    role = ref_name(props["Role"])
    return [s for p in synth.resources("AWS::IAM::Policy").values()
            if [ref_name(r) for r in p["Properties"]["Roles"]] == [role]
            for s in p["Properties"]["PolicyDocument"]["Statement"]]  # fmt: skip


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_every_route_has_its_own_function(stage):
    deployed = functions(stage)
    for route in stage.sources.deployed_routes:
        assert deployed[route.function]["Handler"] == f"{route.function}.handler.lambda_handler"
    assert set(deployed) == set(stage.specs)


def test_functions_run_arm64_on_the_newest_python_with_tracing_and_json_logs(stage):
    for name, props in functions(stage).items():
        assert props["Runtime"] == RUNTIME.name == "python3.14", name
        assert props["Architectures"] == ["arm64"]
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert props["LoggingConfig"]["LogFormat"] == "JSON"
        log_group = stage.api_json["Resources"][ref_name(props["LoggingConfig"]["LogGroup"])]
        assert log_group["Properties"]["RetentionInDays"] == stage.config.log_retention_days


def test_log_groups_have_no_fixed_name_so_a_retained_one_never_blocks_a_redeploy(stage):
    for template in (stage.api_json, stage.data_json):
        for logical, group in template["Resources"].items():
            if group["Type"] != "AWS::Logs::LogGroup":
                continue
            name = json.dumps(group["Properties"].get("LogGroupName"))
            # Unnamed, or named after something unique to this stack instance (the REST API id, the stack id).
            assert name == "null" or "AWS::StackId" in name or "ApiRestApi" in name, logical
            expected = "RetainExceptOnCreate" if stage.config.retain_data else "Delete"
            assert group["DeletionPolicy"] == expected, logical


def test_memory_and_timeout_come_from_the_route_sizing_class(stage):
    by_name = stage.specs
    for name, props in functions(stage).items():
        size = stage.config.size(by_name[name].memory)
        assert (props["MemorySize"], props["Timeout"]) == (size.memory_mb, size.timeout_s)
        # Above the SDK's worst case (so a slow AWS call ends in our 503, not a Lambda timeout), below API GW's.
        assert sdk_retry_budget_s() < props["Timeout"] < API_GATEWAY_TIMEOUT_S


def test_password_sizing_gives_argon2_room(stage):
    assert stage.config.size("password").memory_mb >= 1024
    assert stage.config.size("password").memory_mb > stage.config.size("standard").memory_mb


def test_reserved_concurrency_follows_the_throttle_class(stage):
    by_name = stage.specs
    for name, props in functions(stage).items():
        throttle = by_name[name].throttle
        expected = stage.config.reserved_concurrency.get(throttle) if throttle else None
        assert props.get("ReservedConcurrentExecutions") == expected, name


def test_functions_get_the_keel_environment(stage):
    for props in functions(stage).values():
        env = props["Environment"]["Variables"]
        assert set(env) == ENV
        assert env["KEEL_STAGE"] == stage.config.name
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "Keel"
        assert env["KEEL_CORS_ALLOW_ORIGINS"] == ",".join(stage.config.cors_origins)


def test_each_function_has_its_own_role(stage):
    roles = [ref_name(props["Role"]) for props in functions(stage).values()]
    assert len(set(roles)) == len(roles)


def test_roles_grant_exactly_the_route_table_access(stage):
    access = {name: s.access for name, s in stage.specs.items()}
    for name, props in functions(stage).items():
        statements = statements_of(stage, props)
        granted = {a for s in statements for a in _list(s["Action"])
                   if a.startswith(("dynamodb:", "secretsmanager:"))}  # fmt: skip
        assert granted == set().union(*(ACTIONS[a] for a in access[name])), name


def test_no_wildcards_beyond_xray(stage):
    for name, props in functions(stage).items():
        for statement in statements_of(stage, props):
            actions = _list(statement["Action"])
            assert not any(a.endswith(":*") or a == "*" for a in actions), name
            if statement["Resource"] == "*":
                assert set(actions) <= {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, name
            assert "/index/*" not in json.dumps(statement["Resource"])


def test_table_reads_reach_the_indexes_by_name(stage):
    readers = [props for name, props in functions(stage).items()
               if Access.TABLE_READ in stage.specs[name].access]  # fmt: skip
    for props in readers:
        text = json.dumps(statements_of(stage, props))
        for index in INDEXES:
            assert f"/index/{index.name}" in text


def test_functions_share_the_two_layers(stage):
    layers = stage.resources("AWS::Lambda::LayerVersion")
    assert len(layers) == 2
    for layer in layers.values():
        assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
        assert layer["Properties"]["CompatibleRuntimes"] == ["python3.14"]
    for props in functions(stage).values():
        assert sorted(ref_name(layer) for layer in props["Layers"]) == sorted(layers)


@pytest.mark.skipif(
    not (FUNCTIONS_DIR / AUTHORIZER.name / "handler.py").exists(), reason="functions/authorizer not merged yet"
)
def test_authorizer_function_has_the_authorizer_access(prod):
    props = functions(prod)[AUTHORIZER.name]
    granted = {a for s in statements_of(prod, props) for a in _list(s["Action"])
               if a.startswith(("dynamodb:", "secretsmanager:"))}  # fmt: skip
    assert granted == set().union(*(ACTIONS[a] for a in AUTHORIZER.access))


def test_a_password_route_is_sized_for_argon2_and_capped_to_protect_the_table(derived):
    login = next(r for r in EXTRA_ROUTES if r.throttle is Throttle.AUTH)
    props = functions(derived)[login.function]
    assert props["MemorySize"] == derived.config.size("password").memory_mb
    assert props["ReservedConcurrentExecutions"] == derived.config.reserved_concurrency[Throttle.AUTH]


def test_the_authorizer_gets_only_the_authorizer_access(derived):
    props = functions(derived)[AUTHORIZER.name]
    granted = {a for s in statements_of(derived, props) for a in _list(s["Action"])
               if a.startswith(("dynamodb:", "secretsmanager:"))}  # fmt: skip
    assert granted == set().union(*(ACTIONS[a] for a in AUTHORIZER.access))
