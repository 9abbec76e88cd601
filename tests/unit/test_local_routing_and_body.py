"""The local gateway's routing (API Gateway's resource precedence, 404 vs 405) and body reading (never more than
the limit plus one byte, chunked or not)."""

from __future__ import annotations

import io

import pytest
from werkzeug.serving import DechunkedInput

from infra.local.body import read_body
from infra.local.failures import GatewayFailure
from infra.local.routing import resolve


class CountingStream(io.BytesIO):
    """A request stream that remembers how many bytes were taken from it."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def chunked(payload: bytes, size: int = 1000) -> bytes:
    pieces = [payload[i : i + size] for i in range(0, len(payload), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


@pytest.mark.parametrize(
    ("method", "path", "function", "template"),
    [
        ("GET", "/v1/users/me", "users_me_get", "/v1/users/me"),  # static beats {user_id}
        ("GET", "/v1/users/01J0000000000000000000MEMB", "users_get", "/v1/users/{user_id}"),
        ("PUT", "/v1/users/me", None, "/v1/users/me"),  # 405: no fall-back to /v1/users/{user_id}
        ("GET", "/v1/users/me/nope", None, None),  # 404
    ],
)
def test_routing_follows_api_gateways_resource_precedence(method, path, function, template):
    found, matched = resolve(method, path)
    assert matched == template
    assert (found.route.function if found else None) == function


def test_a_body_within_the_limit_is_read_whole():
    stream = CountingStream(b'{"a": 1}')
    assert read_body({"wsgi.input": stream, "CONTENT_LENGTH": "8"}, limit=8) == b'{"a": 1}'


def test_a_declared_length_over_the_limit_is_refused_unread():
    stream = CountingStream(b"x" * 100)
    with pytest.raises(GatewayFailure) as refused:
        read_body({"wsgi.input": stream, "CONTENT_LENGTH": "100"}, limit=50)
    assert refused.value.error.status == 413 and stream.taken == 0


def test_a_chunked_body_is_cut_off_one_byte_past_the_limit():
    raw = CountingStream(chunked(b"x" * 100_000))
    with pytest.raises(GatewayFailure) as refused:
        read_body({"wsgi.input": DechunkedInput(raw), "HTTP_TRANSFER_ENCODING": "chunked"}, limit=10_000)
    assert refused.value.error.status == 413
    assert raw.taken < 10_000 + 1000  # the limit plus what is left of the chunk being read, not 100 kB


def test_a_chunked_body_within_the_limit_is_read_whole():
    body = DechunkedInput(io.BytesIO(chunked(b"y" * 2500)))
    assert read_body({"wsgi.input": body, "HTTP_TRANSFER_ENCODING": "chunked"}, limit=2500) == b"y" * 2500
