"""Opaque, signed pagination cursors, bound to the query that produced them.

A cursor is ``base64url(json{"s": scope, "k": last_evaluated_key}) + "." + base64url(HMAC-SHA256)``. The HMAC
key is the cursor-key secret (never in code). A tampered cursor, a cursor from another listing (another
scope) or garbage is a 400 BAD_REQUEST — never another listing's data, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from keel.config import get_settings
from keel.errors import BadRequestError
from keel.repositories.secrets import get_secret_string

MAX_CURSOR_CHARS = 1024
# What a cursor looks like (published in the OpenAPI document): a base64url payload, a dot, a base64url
# HMAC-SHA256. Only this API can mint one that verifies; anything else is a 400.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$"


def _key() -> bytes:
    return get_secret_string(get_settings().cursor_key_secret_id).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: bytes) -> bytes:
    return hmac.new(_key(), payload, hashlib.sha256).digest()


def encode_cursor(last_key: dict[str, str] | None, scope: str) -> str | None:
    """The cursor for the page after ``last_key`` (a plain ``LastEvaluatedKey``), or None on the last page."""
    if not last_key:
        return None
    payload = json.dumps({"s": scope, "k": last_key}, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_b64(_sign(payload))}"


def decode_cursor(cursor: str | None, scope: str) -> dict[str, str] | None:
    """The ``ExclusiveStartKey`` a cursor stands for; ``BadRequestError`` if it is not ours for ``scope``."""
    if cursor is None:
        return None
    invalid = BadRequestError("The cursor is invalid or does not belong to this listing.")
    if len(cursor) > MAX_CURSOR_CHARS or cursor.count(".") != 1:
        raise invalid
    body, signature = cursor.split(".")
    try:
        payload, given = _unb64(body), _unb64(signature)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not hmac.compare_digest(given, _sign(payload)):
        raise invalid
    data: Any = json.loads(payload)
    if data.get("s") != scope or not isinstance(data.get("k"), dict):
        raise invalid
    return {str(k): str(v) for k, v in data["k"].items()}
