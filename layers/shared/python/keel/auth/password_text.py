"""The one form of a password that is judged and hashed: NFKC-normalized (NIST SP 800-63B), never truncated.

Kept apart from ``keel.auth.passwords`` (Argon2) and ``keel.auth.password_policy`` (zxcvbn) so that both use the
same function without importing each other's heavy dependencies.
"""

from __future__ import annotations

import unicodedata


def normalize(password: str) -> str:
    """The password as it is hashed and as the policy judges it (fullwidth ``pass`` and ``pass`` are one password)."""
    return unicodedata.normalize("NFKC", password)
