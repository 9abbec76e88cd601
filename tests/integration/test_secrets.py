"""Secrets Manager down: a cold container answers 503; a warm one keeps serving the value it has."""

from __future__ import annotations

import pytest
from botocore.exceptions import EndpointConnectionError

from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.repositories import aws as clients
from keel.repositories import secrets
from tests.conftest import call


class Down:
    def get_secret_value(self, **_kwargs):
        raise EndpointConnectionError(endpoint_url="https://secretsmanager.us-east-1.amazonaws.com")


@pytest.fixture
def outage():
    clients.set_client("secretsmanager", Down())
    yield
    clients.set_client("secretsmanager", None)


def test_a_cold_read_during_an_outage_is_503(aws, outage):
    with pytest.raises(ServiceUnavailableError):
        secrets.get_secret_string(get_settings().cursor_key_secret_id)


def test_a_warm_cache_keeps_serving_through_an_outage(aws, monkeypatch):
    secret_id = get_settings().cursor_key_secret_id
    before = secrets.get_secret_string(secret_id)
    monkeypatch.setattr(secrets.time, "monotonic", lambda: 10**9)  # the cached value is now stale
    clients.set_client("secretsmanager", Down())
    try:
        assert secrets.get_secret_string(secret_id) == before
    finally:
        clients.set_client("secretsmanager", None)


def test_a_listing_during_a_cold_secrets_outage_is_a_503_envelope(aws, outage):
    res = call("posts_list", query={"cursor": "abc.def"})
    assert res.status == 503
    assert res.error_code == "SERVICE_UNAVAILABLE"
    assert int(res.headers["Retry-After"]) >= 1
    assert "secretsmanager" not in res.text.lower()
