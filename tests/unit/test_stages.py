"""The typed stage config: what the CDK app and the local gateway read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from infra.stages import API_GATEWAY_TIMEOUT_S, STAGES, Sizing, load_stage, sdk_retry_budget_s
from keel.config import Settings
from keel.routes import ROUTES, Route, Throttle


def test_load_stage_returns_the_named_stage():
    assert load_stage("prod").name == "prod"
    assert load_stage("dev").name == "dev"


def test_load_stage_names_the_known_stages_for_an_unknown_one():
    with pytest.raises(ValueError, match=r"\['dev', 'prod'\]"):
        load_stage("staging")


def test_throttle_for_gives_the_route_class_limits():
    config = load_stage("prod")
    login = Route("POST", "/v1/auth/login", "login", "Log in", throttle=Throttle.AUTH)
    assert config.throttle_for(login) == config.throttle_classes[Throttle.AUTH]
    assert config.throttle_for(ROUTES[0]) == config.throttle_classes[Throttle.DEFAULT]
    assert config.throttle_for(login)[0] < config.stage_throttle.rate_limit


def test_sdk_retry_budget_is_every_attempt_timing_out_plus_backoff():
    # 3 attempts x (1 s connect + 2 s read) + at most 1 s + 2 s of backoff
    assert sdk_retry_budget_s(Settings()) == 12.0
    assert sdk_retry_budget_s(Settings(aws_max_attempts=1)) == 3.0


@pytest.mark.parametrize("timeout_s", [12, API_GATEWAY_TIMEOUT_S])
def test_a_timeout_outside_the_sdk_budget_and_api_gateway_limit_is_refused(timeout_s):
    data = load_stage("dev").model_dump()
    data["sizing"]["standard"] = Sizing(memory_mb=512, timeout_s=timeout_s).model_dump()
    with pytest.raises(ValidationError, match="timeout must be above"):
        type(load_stage("dev")).model_validate(data)


def test_a_log_retention_cloudwatch_does_not_offer_is_refused():
    data = load_stage("dev").model_dump() | {"log_retention_days": 10}
    with pytest.raises(ValidationError, match="log_retention_days"):
        type(load_stage("dev")).model_validate(data)


def test_every_throttle_class_has_limits_in_every_stage():
    for config in STAGES.values():
        assert set(config.throttle_classes) == set(Throttle)


def test_every_route_sizing_class_exists_in_every_stage():
    for config in STAGES.values():
        for route in ROUTES:
            config.size(route.memory)


def test_prod_keeps_its_data_and_dev_does_not():
    assert load_stage("prod").retain_data is True
    assert load_stage("dev").retain_data is False


def test_prod_carries_no_placeholder_and_reserves_no_concurrency_by_default():
    prod = load_stage("prod")
    assert "example" not in prod.model_dump_json()
    assert (prod.alarm_email, prod.issuer, prod.cors_origins) == (None, None, ())
    assert prod.reserved_concurrency == {}
