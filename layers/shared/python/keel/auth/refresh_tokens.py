"""Opaque refresh tokens (SPEC §5): ``<session id>.<256 random bits>``, stored only as a SHA-256 digest.

The session id prefix (a ULID; any 8..64 letters, digits and dashes are accepted, which the local sample
sessions use) lets the session be found with one GetItem; the random part is what proves possession.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

SECRET_BYTES = 32  # 256 bits
RETIRED_KEPT = 64  # rotated-out tokens a session remembers for reuse detection
RETIRED_CHARS = 32  # 128 bits of each digest: enough to recognise a token, 2 KiB for all 64
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


def retired_form(token_digest: str) -> str:
    """How a rotated-out token's digest is remembered (a prefix: 128 bits cannot be guessed either)."""
    return token_digest[:RETIRED_CHARS]


def retire(current_digest: str, retired: list[str]) -> list[str]:
    """The session's retired list once ``current_digest`` is rotated out: newest first, bounded."""
    return [retired_form(current_digest), *retired][:RETIRED_KEPT]


def was_retired(token_digest: str, retired: list[str]) -> bool:
    """True when the token was issued for this session and rotated out since (constant time per entry)."""
    form = retired_form(token_digest)
    return any(hmac.compare_digest(form, old) for old in retired)
