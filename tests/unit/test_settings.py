"""Deployer settings (CDK context) over the stage config: dev works bare, prod needs real values, one-line errors."""

from __future__ import annotations

import pytest

from infra.settings import SettingsError, context_of, deploy_config, require_deployable
from infra.stages import load_stage
from keel.routes import Throttle

PROD = {
    "stage": "prod",
    "alarm_email": "ops@corp.test",
    "issuer": "https://api.corp.test",
    "cors_origins": "https://app.corp.test, https://admin.corp.test",
}


def refusal(context: dict) -> str:
    with pytest.raises(SettingsError) as caught:
        deploy_config(context)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_dev_deploys_with_its_defaults_and_no_settings():
    config = deploy_config({})

    assert config.name == "dev"
    assert config.issuer and config.cors_origins
    assert config.reserved_concurrency == {}
    assert (config.snapstart, config.canary_releases, config.require_pyc) == (False, False, False)


def test_prod_without_settings_names_everything_missing_in_one_line():
    message = refusal({"stage": "prod"})

    assert message.startswith("stage prod: missing alarm_email, issuer, cors_origins")
    assert "-c alarm_email=" in message


def test_prod_with_settings_carries_them_and_reserves_nothing_unless_asked():
    config = deploy_config(PROD)

    assert config.alarm_email == "ops@corp.test"
    assert config.issuer == "https://api.corp.test"
    assert config.cors_origins == ("https://app.corp.test", "https://admin.corp.test")
    assert config.reserved_concurrency == {}
    assert config.canary_releases and config.require_pyc


def test_reserved_concurrency_is_an_opt_in_for_the_auth_class():
    assert deploy_config(PROD | {"reserved_concurrency": "25"}).reserved_concurrency == {Throttle.AUTH: 25}
    assert "reserved_concurrency: '0' is not a positive" in refusal(PROD | {"reserved_concurrency": "0"})


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("alarm_email", "ops@example.com", "placeholder"),
        ("alarm_email", "not-an-address", "not an email"),
        ("issuer", "https://api.example.com", "placeholder"),
        ("issuer", "http://api.corp.test", "not an https URL"),
        ("cors_origins", "https://app.corp.test,https://www.example.org", "placeholder"),
        ("cors_origins", "https://app.corp.test/path", "not an origin"),
        ("cors_origins", "https://*.corp.test", "not an https URL"),
        ("mail_from", "noreply@example.net", "placeholder"),
        ("snapstart", "maybe", "not true or false"),
    ],
)
def test_prod_refuses_placeholders_and_malformed_values(key, value, says):
    message = refusal(PROD | {key: value})

    assert message.startswith(f"stage prod: {key}: ")
    assert says in message
    assert "missing" not in message


def test_dev_accepts_local_http_origins():
    config = deploy_config({"stage": "dev", "cors_origins": "http://localhost:5173,http://127.0.0.1:8080"})
    assert config.cors_origins == ("http://localhost:5173", "http://127.0.0.1:8080")


def test_cdk_json_values_may_be_real_booleans_and_lists():
    config = deploy_config(PROD | {"snapstart": True, "cors_origins": ["https://app.corp.test"]})
    assert config.snapstart is True
    assert config.cors_origins == ("https://app.corp.test",)


def test_an_unknown_stage_is_one_line_naming_the_known_ones():
    assert refusal({"stage": "staging"}) == "unknown stage 'staging': expected one of dev, prod (STAGE=...)"


def test_a_base_prod_config_is_not_deployable_as_is():
    with pytest.raises(SettingsError, match="missing alarm_email, issuer, cors_origins"):
        require_deployable(load_stage("prod"))
    require_deployable(deploy_config(PROD))


def test_context_of_reads_only_the_deployer_keys():
    context = {"stage": "prod", "issuer": "https://api.corp.test", "@aws-cdk/core:flag": True}
    assert context_of(context.get) == {"stage": "prod", "issuer": "https://api.corp.test"}
