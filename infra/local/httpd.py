"""The local API Gateway's HTTP server: Werkzeug's threaded server, with API Gateway's limits on the request
head and its error envelope for requests that never reach the gateway app.

API Gateway (REST) refuses a request whose request line and headers together exceed 10240 bytes; this server
reads no more than that before refusing. Malformed request lines, header blocks and HTTP versions get the SPEC §1
error envelope with the security headers and an ``X-Request-Id``, never an HTML error page.
"""

from __future__ import annotations

import errno
import sys
import uuid
from http import HTTPStatus
from typing import Any

from werkzeug.serving import BaseWSGIServer, ThreadedWSGIServer, WSGIRequestHandler

from infra.gateway_responses import GatewayError
from infra.local.failures import gateway_response

REQUEST_HEAD_LIMIT = 10240  # API Gateway quota: total combined size of the request line and headers, in bytes

HEAD_TOO_LARGE = GatewayError(
    400, "BAD_REQUEST", f"The request line and headers are larger than {REQUEST_HEAD_LIMIT} bytes."
)
MALFORMED = GatewayError(400, "BAD_REQUEST", "The request line or headers are malformed.")
BAD_VERSION = GatewayError(400, "BAD_REQUEST", "The HTTP version is not supported.")
# http.client stops at 100 header lines. API Gateway documents no count, only the 10240-byte budget above.
TOO_MANY_HEADERS = GatewayError(400, "BAD_REQUEST", "The request has more than 100 headers.")
_ERRORS = {
    HTTPStatus.REQUEST_URI_TOO_LONG: HEAD_TOO_LARGE,
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: HEAD_TOO_LARGE,
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: BAD_VERSION,
}


class ServerStartError(Exception):
    """The server cannot start; the message says why in one line."""


class _HeadTooLarge(Exception):
    pass


class _HeadBudget:
    """The connection's reader while the request head is parsed: hands out at most ``budget`` bytes."""

    def __init__(self, raw: Any, budget: int) -> None:
        self._raw, self._budget = raw, budget

    def readline(self, size: int = -1) -> bytes:
        line = self._raw.readline(self._budget + 1 if size < 0 else min(size, self._budget + 1))
        self._budget -= len(line)
        if self._budget < 0:
            raise _HeadTooLarge
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class GatewayRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler with API Gateway's head limit, enveloped errors and a plain access log."""

    def version_string(self) -> str:
        return "Keel-local"  # not Werkzeug's name and version, nor Python's

    def parse_request(self) -> bool:
        budget = REQUEST_HEAD_LIMIT - len(self.raw_requestline)
        raw = self.rfile
        self.rfile = _HeadBudget(raw, budget)  # type: ignore[assignment]
        try:
            if budget < 0:
                raise _HeadTooLarge
            parsed = super().parse_request()
        except _HeadTooLarge:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            return False
        finally:
            self.rfile = raw
        if parsed and (self.request_version == "HTTP/0.9" or self.headers.defects or _ambiguous_framing(self.headers)):
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        return parsed

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer in the error envelope (http.server would send an HTML page)."""
        error = TOO_MANY_HEADERS if message == "Too many headers" else _ERRORS.get(HTTPStatus(code), MALFORMED)
        headers = getattr(self, "headers", None)
        result = gateway_response(error, str(uuid.uuid4()), headers.get("Origin") if headers else None)
        body = result["body"].encode()
        self.close_connection = True
        self.request_version = "HTTP/1.1"  # an HTTP/0.9 request would get a bare body without status or headers
        self.send_response(error.status, HTTPStatus(error.status).phrase)
        for key, value in {**result["headers"], "Content-Length": str(len(body)), "Connection": "close"}.items():
            self.send_header(key, value)
        self.end_headers()
        if getattr(self, "command", None) != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One plain access-log line per request on stderr (no terminal colour codes in files and CI logs)."""
        status = getattr(code, "value", code)
        sys.stderr.write(f'{self.address_string()} "{getattr(self, "requestline", "")}" {status}\n')


def _ambiguous_framing(headers: Any) -> bool:
    """Two Content-Length or Transfer-Encoding headers: which one frames the body is how requests get smuggled
    (Werkzeug would silently keep the last Content-Length)."""
    return any(len(headers.get_all(name) or ()) > 1 for name in ("Content-Length", "Transfer-Encoding"))


class GatewayServer(ThreadedWSGIServer):
    def server_bind(self) -> None:
        try:
            super().server_bind()
        except OSError as exc:  # Werkzeug would print two lines and exit 1; the caller says it in one
            if exc.errno == errno.EADDRINUSE:
                message = f"port {self.port} is already in use: stop what uses it, or set PORT to another port"
                raise ServerStartError(message) from None
            raise ServerStartError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None


def port_from(value: str) -> int:
    """``PORT`` as a TCP port number; ``ServerStartError`` names a bad value."""
    if not value.isascii() or not value.isdigit() or not 0 <= int(value) <= 65535:
        raise ServerStartError(f"PORT must be a number from 0 to 65535, not {value!r}")
    return int(value)


def make_server(host: str, port: int, app: Any) -> BaseWSGIServer:
    """A threaded server for ``app`` on ``host:port`` (0 picks a free port); ``ServerStartError`` if it cannot."""
    try:
        return GatewayServer(host, port, app, GatewayRequestHandler)
    except OSError as exc:  # an unknown host name
        raise ServerStartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
