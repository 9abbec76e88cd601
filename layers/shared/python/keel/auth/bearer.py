"""The bearer token of an API Gateway event: exactly one Authorization header, scheme Bearer (RFC 6750)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_BEARER = re.compile(r"Bearer +([A-Za-z0-9._~+/-]+=*)", re.IGNORECASE)


def _values(headers: Any, *, multi: bool) -> list[Any]:
    if not isinstance(headers, Mapping):
        return []
    found: list[Any] = []
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == "authorization":
            found.extend(value if multi and isinstance(value, list) else [value])
    return found


def bearer_token(event: Mapping[str, Any]) -> str | None:
    """The token, or None when the header is missing, repeated or not a well-formed bearer credential."""
    values = _values(event.get("multiValueHeaders"), multi=True) or _values(event.get("headers"), multi=False)
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    match = _BEARER.fullmatch(values[0].strip())
    return match.group(1) if match else None
