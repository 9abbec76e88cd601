"""The local gateway over HTTP: envelope, headers, unknown routes, body limits, parallel requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.server import LocalServer

SECURITY_HEADERS = {
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "content-security-policy",
    "x-request-id",
    "cache-control",
}


def assert_conventions(res):
    assert res.headers["content-type"] == "application/json"
    assert set(res.headers) >= SECURITY_HEADERS
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.json["meta"]["request_id"] == res.headers["x-request-id"]


def test_health_answers_with_the_envelope_and_security_headers(server):
    res = server.request("GET", "/v1/health")
    assert res.status == 200
    assert res.json["success"] is True
    assert res.json["data"]["status"] == "ok"
    assert res.json["data"]["checks"] == {"dynamodb": "ok", "secrets": "ok"}
    assert res.json["meta"]["timestamp"].endswith("Z")
    assert_conventions(res)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/nope"), ("GET", "/v2/health"), ("POST", "/v1/health/x"), ("GET", "/"), ("DELETE", "/v1/posts/a/b")],
)
def test_unknown_paths_are_enveloped_404s(server, method, path):
    res = server.request(method, path)
    assert res.status == 404
    assert res.json["success"] is False
    assert res.json["error"]["code"] == "NOT_FOUND"
    assert_conventions(res)
    assert res.headers["cache-control"] == "no-store"


def test_each_request_gets_its_own_request_id(server):
    ids = {server.request("GET", "/v1/health").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


def test_the_openapi_document_describes_the_api(server):
    res = server.request("GET", "/v1/openapi.json")
    assert res.status == 200
    doc = res.json
    assert doc["openapi"].startswith("3.1")
    assert "/v1/health" in doc["paths"]
    assert "bearerAuth" in doc["components"]["securitySchemes"]


def test_parallel_requests_are_served(server):
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: server.request("GET", "/v1/health").status, range(24)))
    assert statuses == [200] * 24


def test_ctrl_c_stops_the_server_cleanly():
    srv = LocalServer({"KEEL_LOCAL_THROTTLING": "0"}).start()
    assert srv.banner.startswith(f"Keel is listening on http://127.0.0.1:{srv.port}")
    assert srv.request("GET", "/v1/health").status == 200
    assert srv.stop() == 0
