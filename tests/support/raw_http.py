"""Raw HTTP/1.1 over a socket, for requests http.client refuses to send (malformed lines, huge heads, bad chunks)."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterable

from tests.support.server import HttpResult


def exchange(
    port: int, head: bytes, body: Iterable[bytes] = (), timeout: float = 30, finish: bool = False
) -> HttpResult:
    """Send ``head`` then each piece of ``body`` (then half-close when ``finish``); the server's answer, even if it
    answers before reading everything."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(head)
            for piece in body:
                sock.sendall(piece)
            if finish:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking everything: read what it said
        response = http.client.HTTPResponse(sock)
        response.begin()
        text = response.read().decode()
        return HttpResult(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
