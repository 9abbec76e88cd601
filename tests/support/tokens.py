"""Minting access tokens for tests: valid ones signed with the emulator's current key, and forged ones."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

import jwt

from keel.auth import signing_keys
from keel.config import get_settings


def b64(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims_for(user_id: str, session_id: str, role: str = "user", **overrides: Any) -> dict[str, Any]:
    """A full claim set as Keel issues it; ``overrides`` with value ``None`` remove a claim."""
    now = int(time.time())
    settings = get_settings()
    claims: dict[str, Any] = {
        "iss": settings.issuer, "aud": settings.audience, "sub": user_id, "iat": now, "nbf": now,
        "exp": now + 900, "jti": uuid.uuid4().hex, "sid": session_id, "role": role,
    }  # fmt: skip
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def mint(claims: dict[str, Any], *, key: Any = None, headers: dict[str, Any] | None = None) -> str:
    """An ES256 token signed with ``key`` (default: the current signing key) and Keel's header."""
    current = signing_keys.current()
    header = {"kid": current.kid, "typ": "at+jwt", **(headers or {})}
    return jwt.encode(claims, key or current.private, algorithm="ES256", headers=header)


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    """A token assembled by hand (any header, any signature)."""
    return f"{b64(json.dumps(header))}.{b64(json.dumps(claims))}.{signature}"
