"""GET /v1/health against emulated AWS."""

from __future__ import annotations

import boto3

from keel.config import get_settings
from tests.conftest import call


def test_health_is_ok_when_table_and_secret_answer(aws):
    res = call("health")
    assert res.status == 200
    assert res.json["success"] is True
    assert res.data == {
        "status": "ok",
        "version": get_settings().version,
        "checks": {"dynamodb": "ok", "secrets": "ok"},
    }


def test_health_names_the_failing_table_check(aws):
    boto3.client("dynamodb").delete_table(TableName=get_settings().table_name)
    res = call("health")
    assert res.status == 503
    assert res.error_code == "SERVICE_UNAVAILABLE"
    assert res.json["error"]["details"] == [{"field": "checks.dynamodb", "message": "unavailable"}]
    assert int(res.headers["Retry-After"]) >= 1


def test_health_names_the_failing_secret_check(aws):
    boto3.client("secretsmanager").delete_secret(
        SecretId=get_settings().signing_key_secret_id, ForceDeleteWithoutRecovery=True
    )
    res = call("health")
    assert res.status == 503
    assert res.json["error"]["details"] == [{"field": "checks.secrets", "message": "unavailable"}]
    assert "secrets" in res.json["error"]["message"]
