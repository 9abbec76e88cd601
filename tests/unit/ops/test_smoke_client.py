"""The smoke suite against tiny stdlib HTTP servers that break the contract or throttle: it must fail loudly,
name the check, and wait out short 429s only."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from infra.ops import smoke
from infra.ops.smoke_client import Client
from tests.support.server import free_port

Answer = tuple[int, dict[str, str], bytes]


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@pytest.fixture
def fake() -> Iterator[Callable[[Callable[[Seen], Answer]], str]]:
    """Start a server whose every answer comes from ``respond(request)``; returns its base URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(respond: Callable[[Seen], Answer]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, body = respond(Seen(self.command, self.path, dict(self.headers.items()), body))
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PATCH = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/stage/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_server_answering_wrong_shapes_fails_and_names_the_checks(fake, capsys):
    """Given a server that answers 200 {"status": "ok"} (no envelope, no request id) to everything."""
    url = fake(lambda req: (200, {"Content-Type": "application/json"}, b'{"status": "ok"}'))
    # When the smoke suite runs against it
    code = smoke.main([url])
    # Then it exits non-zero, naming the broken checks and skipping what depends on them
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  health           no X-Request-Id header" in out
    assert "FAIL  anonymous        expected 401 UNAUTHORIZED, got 200" in out
    assert "SKIP  me               needs login" in out
    assert out.splitlines()[-1].startswith("smoke: 0 passed,")


def test_an_unreachable_url_fails_every_check_without_a_traceback(capsys):
    code = smoke.main([f"http://127.0.0.1:{free_port()}", "--timeout", "2"])  # nothing listens there
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  health           no answer: ConnectionRefusedError" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("url", ["ftp://example.net/", "127.0.0.1:3000", "http://localhost:3000/?x=1"])
def test_an_unusable_url_is_a_one_line_usage_error(url, capsys):
    assert smoke.main([url]) == 2
    assert capsys.readouterr().err.startswith("smoke: not a base URL")


def test_short_429s_are_waited_out_honoring_retry_after(fake):
    """Given a route that throttles twice (Retry-After: 2) and then answers."""
    answers = iter([(429, {"Retry-After": "2"}, b"{}")] * 2 + [(200, {}, b'{"ok": true}')])
    url = fake(lambda req: next(answers))
    waits: list[float] = []
    # When the client calls it
    res = Client(url, sleep=waits.append).request("POST", "/v1/auth/login", {"email": "a@b.c"})
    # Then it waited as told, and returned the real answer
    assert (res.status, res.json(), waits) == (200, {"ok": True}, [2.0, 2.0])


def test_a_lockout_is_not_waited_out(fake):
    """A 15-minute Retry-After (login lockout) is an answer for the check to judge, not a pause."""
    url = fake(lambda req: (429, {"Retry-After": "900"}, b"{}"))
    waits: list[float] = []
    assert Client(url, sleep=waits.append).request("POST", "/v1/auth/login").status == 429
    assert waits == []


def test_routes_are_appended_to_the_base_urls_path(fake):
    seen: list[str] = []
    url = fake(lambda req: (seen.append(f"{req.method} {req.path}"), (204, {}, b""))[1])
    Client(url).request("GET", "/v1/health")
    Client(url.rstrip("/")).request("DELETE", "/.well-known/jwks.json")
    assert seen == ["GET /stage/v1/health", "DELETE /stage/.well-known/jwks.json"]


def test_requests_send_json_with_its_content_type_and_the_bearer_token(fake):
    seen: list[Seen] = []
    url = fake(lambda req: (seen.append(req), (204, {}, b""))[1])
    Client(url).request("POST", "/v1/auth/logout", {"refresh_token": "x"}, {"Idempotency-Key": "k"}, token="t")
    assert json.loads(seen[0].body) == {"refresh_token": "x"}
    assert {"Content-Type": "application/json", "Authorization": "Bearer t", "Idempotency-Key": "k"}.items() <= (
        seen[0].headers.items()
    )
