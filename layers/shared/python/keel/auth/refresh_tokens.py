"""Opaque refresh tokens (SPEC §5): ``<session id>.<256 random bits>``, stored only as a SHA-256 digest.

The session id prefix (a ULID; any 8..64 letters, digits and dashes are accepted, which the local sample
sessions use) lets the session be found with one GetItem; the random part is what proves possession.
"""

from __future__ import annotations

import hashlib
import re
import secrets

SECRET_BYTES = 32  # 256 bits
_TOKEN = re.compile(r"(?P<sid>[A-Za-z0-9-]{8,64})\.[A-Za-z0-9_-]{43}")


def new_refresh_token(session_id: str) -> str:
    return f"{session_id}.{secrets.token_urlsafe(SECRET_BYTES)}"


def digest(token: str) -> str:
    """The only form in which a refresh token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def session_id_of(token: str) -> str | None:
    """The session a well-formed token belongs to, or None for anything else."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    return match.group("sid") if match else None
