"""Single-use mail tokens (SPEC §7): 256 random bits, shown only in the mail, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import re
import secrets

SECRET_BYTES = 32  # 256 bits
_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> tuple[str, str]:
    """A fresh token and its digest (the only form the API keeps)."""
    token = secrets.token_urlsafe(SECRET_BYTES)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed(token: str) -> bool:
    """Whether ``token`` could be one of ours; anything else is unknown without a table read."""
    return bool(_SHAPE.fullmatch(token))
