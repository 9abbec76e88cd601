"""Reading a request body within API Gateway's payload limit (10 MB), chunked uploads included.

A body is never held beyond the limit plus one block: a declared ``Content-Length`` over the limit is refused
unread, and a chunked upload is refused as soon as it passes the limit. Keel's own, smaller limit (64 KiB, SPEC §1)
is the handler's, so it answers 413 in the same envelope.
"""

from __future__ import annotations

import re
from typing import IO, Any

from infra.gateway_responses import GatewayError
from infra.local.failures import GatewayFailure

API_GATEWAY_MAX_BODY = 10 * 1024 * 1024
BLOCK = 64 * 1024
_DIGITS = re.compile(r"[0-9]{1,20}")

BAD_FRAMING = GatewayError(400, "BAD_REQUEST", "The request body's length or transfer encoding is malformed.")
BAD_CHUNKS = GatewayError(400, "BAD_REQUEST", "The request body's chunked encoding is malformed.")
TRUNCATED = GatewayError(400, "BAD_REQUEST", "The request body is shorter than its Content-Length.")


def read_body(environ: dict[str, Any], limit: int = API_GATEWAY_MAX_BODY) -> bytes:
    """The request body; ``GatewayFailure`` for a body over ``limit`` (413) or one that is malformed (400)."""
    stream: IO[bytes] = environ["wsgi.input"]
    coding = environ.get("HTTP_TRANSFER_ENCODING")
    length = environ.get("CONTENT_LENGTH") or ""
    if coding is not None:
        # Only plain "chunked", and never together with a length: anything else is how requests get smuggled.
        if coding.strip().lower() != "chunked" or length:
            raise GatewayFailure(BAD_FRAMING)
        return _read_chunked(stream, limit)
    if not length:
        return b""
    if not _DIGITS.fullmatch(length):
        raise GatewayFailure(BAD_FRAMING)
    if int(length) > limit:
        raise GatewayFailure("REQUEST_TOO_LARGE")
    return _read_exactly(stream, int(length))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    blocks: list[bytes] = []
    remaining = size
    while remaining:
        block = stream.read(min(BLOCK, remaining))
        if not block:
            raise GatewayFailure(TRUNCATED)
        blocks.append(block)
        remaining -= len(block)
    return b"".join(blocks)


def _read_chunked(stream: IO[bytes], limit: int) -> bytes:
    blocks: list[bytes] = []
    total = 0
    try:
        while block := stream.read(min(BLOCK, limit + 1 - total)):
            blocks.append(block)
            total += len(block)
            if total > limit:
                raise GatewayFailure("REQUEST_TOO_LARGE")
    except (OSError, ValueError):  # werkzeug's de-chunker: a bad size line or a missing chunk terminator
        raise GatewayFailure(BAD_CHUNKS) from None
    return b"".join(blocks)
