"""API Gateway parity over HTTP: head and payload limits, malformed requests, 405 with Allow, CORS by default
and /docs, all answered in the SPEC §1 envelope with the security headers and a request id."""

from __future__ import annotations

import json

import pytest

from tests.support.raw_http import exchange
from tests.support.server import HttpResult, LocalServer

pytestmark = pytest.mark.xdist_group("gateway_parity")  # one server for the module, not one per worker

DEV_ORIGIN = "http://localhost:5173"  # infra/stages.py: the dev stage's CORS allow-list
TEN_MB = 10 * 1024 * 1024


def assert_enveloped(res: HttpResult, status: int, code: str) -> None:
    assert res.status == status, res.text
    assert res.headers["content-type"] == "application/json"
    assert res.json["success"] is False and res.json["error"]["code"] == code
    assert res.json["meta"]["request_id"] == res.headers["x-request-id"]
    assert res.headers["x-content-type-options"] == "nosniff" and res.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" in res.headers and "content-security-policy" in res.headers


def head(request_line: str, *headers: str) -> bytes:
    return "\r\n".join([request_line, "Host: 127.0.0.1", *headers, "", ""]).encode("latin-1")


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        head("GET /v1/health HTTP/2.0"),
        head("GET /v1/health HTTP/1.1", "this line has no colon"),
        b"GET /v1/health\r\n\r\n",  # HTTP/0.9
    ],
    ids=["request-line", "http-version", "header-line", "http-0.9"],
)
def test_malformed_requests_get_the_envelope_not_an_html_page(server, raw):
    res = exchange(server.port, raw)
    assert_enveloped(res, 400, "BAD_REQUEST")
    assert "werkzeug" not in res.headers["server"].lower() and "python" not in res.headers["server"].lower()


def test_the_request_line_and_headers_may_fill_but_not_exceed_10240_bytes(server):
    # Given a request whose head is exactly at API Gateway's limit, and one a byte over
    base = head("GET /v1/health HTTP/1.1", "X-Pad: ")
    at_limit = head("GET /v1/health HTTP/1.1", "X-Pad: " + "a" * (10240 - len(base)))
    over = head("GET /v1/health HTTP/1.1", "X-Pad: " + "a" * (10241 - len(base)))
    assert len(at_limit) == 10240

    # Then the first is served and the second refused in the envelope
    assert exchange(server.port, at_limit).status == 200
    refused = exchange(server.port, over)
    assert_enveloped(refused, 400, "BAD_REQUEST")
    assert "10240" in refused.json["error"]["message"]


def test_a_huge_header_and_too_many_headers_are_refused(server):
    assert_enveloped(
        exchange(server.port, head("GET /v1/health HTTP/1.1", "X-Big: " + "a" * 70_000)), 400, "BAD_REQUEST"
    )
    many = head("GET /v1/health HTTP/1.1", *[f"X-{i}: 1" for i in range(120)])
    assert_enveloped(exchange(server.port, many), 400, "BAD_REQUEST")


def test_a_declared_body_over_10_mb_is_refused_unread(server):
    # When a client announces 20 MB and sends none of it, the answer comes at once: nothing was waited for
    raw = head("POST /v1/posts HTTP/1.1", "Content-Type: application/json", f"Content-Length: {2 * TEN_MB}")
    assert_enveloped(exchange(server.port, raw, timeout=10), 413, "PAYLOAD_TOO_LARGE")


def test_a_chunked_upload_is_cut_off_at_10_mb_without_waiting_for_its_end(server):
    # Given a chunked upload that passes 10 MB and is never finished (no last chunk)
    chunk = b"a" * (1024 * 1024)
    pieces = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 11
    raw = head("POST /v1/auth/login HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: chunked")

    # Then the gateway answers 413 as soon as the limit is passed
    assert_enveloped(exchange(server.port, raw, pieces, timeout=10), 413, "PAYLOAD_TOO_LARGE")


def test_a_small_chunked_body_reaches_the_handler_and_its_64_kib_limit(server):
    body = json.dumps({"email": "x@example.com", "password": "p" * 70_000}).encode()
    raw = head("POST /v1/auth/login HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: chunked")
    res = exchange(server.port, raw, [b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)])
    assert_enveloped(res, 413, "PAYLOAD_TOO_LARGE")
    assert "65536" in res.json["error"]["message"]  # Keel's own limit, from the handler


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (["Transfer-Encoding: chunked"], b"zz\r\nabc\r\n0\r\n\r\n"),
        (["Transfer-Encoding: chunked"], b"3\r\nabcXX0\r\n\r\n"),
        (["Transfer-Encoding: chunked", "Content-Length: 5"], b"0\r\n\r\n"),
        (["Transfer-Encoding: gzip, chunked"], b"0\r\n\r\n"),
        (["Content-Length: -1"], b""),
        (["Content-Length: 10"], b"{}"),
        (["Content-Length: 2", "Content-Length: 12"], b'{}{"x": 1}'),
    ],
    ids=[
        "bad-size",
        "missing-terminator",
        "chunked-and-length",
        "other-coding",
        "negative-length",
        "truncated",
        "two-lengths",
    ],
)
def test_malformed_bodies_are_400s(server, headers, body):
    raw = head("POST /v1/auth/login HTTP/1.1", "Content-Type: application/json", *headers)
    # A truncated body: the client half-closes, as one that gave up would
    assert_enveloped(exchange(server.port, raw, [body], timeout=10, finish=True), 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/health", "GET"),
        ("POST", "/v1/openapi.json", "GET"),
        ("PUT", "/v1/posts/01J00000000000000000000000", "DELETE, GET, PATCH"),
        ("POST", "/v1/users/me", "DELETE, GET, PATCH"),
        ("GET", "/v1/auth/login", "POST"),
        ("get", "/v1/health", "GET"),  # methods are case-sensitive
    ],
)
def test_a_known_path_with_another_method_is_a_405_naming_the_allowed_ones(server, method, path, allow):
    res = server.request(method, path)
    assert_enveloped(res, 405, "METHOD_NOT_ALLOWED")
    assert res.headers["allow"] == allow


def test_the_dev_stages_origins_apply_by_default_with_vary_origin(server):
    # A handler's answer, a gateway answer and a preflight: each depends on the Origin, and says so
    ok = server.request("GET", "/v1/health", headers={"Origin": DEV_ORIGIN})
    missing = server.request("GET", "/v1/nope", headers={"Origin": DEV_ORIGIN})
    preflight = server.request("OPTIONS", "/v1/posts", headers={"Origin": DEV_ORIGIN})
    for res in (ok, missing, preflight):
        assert res.headers["access-control-allow-origin"] == DEV_ORIGIN
        assert res.headers["vary"] == "Origin"
    assert "PATCH" in preflight.headers["access-control-allow-methods"]
    # A handler's own early refusal (415 before routing) is readable by the app too
    refused = server.request(
        "POST", "/v1/auth/login", "x", headers={"Origin": DEV_ORIGIN, "Content-Type": "text/plain"}
    )
    assert refused.status == 415 and refused.headers["access-control-allow-origin"] == DEV_ORIGIN
    # Another origin gets no grant, but still Vary: Origin
    other = server.request("GET", "/v1/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers and other.headers["vary"] == "Origin"


def test_cors_can_be_turned_off():
    srv = LocalServer({"KEEL_LOCAL_THROTTLING": "0", "KEEL_CORS_ALLOW_ORIGINS": ""}).start()
    try:
        res = srv.request("GET", "/v1/health", headers={"Origin": DEV_ORIGIN})
        assert "access-control-allow-origin" not in res.headers and "vary" not in res.headers
        assert srv.request("OPTIONS", "/v1/posts", headers={"Origin": DEV_ORIGIN}).status == 405
    finally:
        srv.stop()


def test_docs_work_offline_with_a_strict_policy(server):
    page = server.request("GET", "/docs")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert "x-request-id" in page.headers and page.headers["x-frame-options"] == "DENY"
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "connect-src 'self';" in csp
    assert "unsafe" not in csp and "https:" not in csp and "default-src 'none'" in csp
    assert "<script>" not in page.text and "https://" not in page.text  # no inline script, nothing remote
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        res = server.request("GET", f"/docs/{asset}")
        assert res.status == 200 and "x-request-id" in res.headers, asset
    assert "/v1/openapi.json" in server.request("GET", "/docs/init.js").text
    assert_enveloped(server.request("GET", "/docs/nope.js"), 404, "NOT_FOUND")
    assert_enveloped(server.request("POST", "/docs", {}), 405, "METHOD_NOT_ALLOWED")
