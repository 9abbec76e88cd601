"""Keyed pseudonyms for logs: the same email always maps to the same short value, and nobody without the key
can test a guessed email against the logs (an unkeyed hash could be).

The key is derived from the cursor-key secret with domain separation, ``HMAC(cursor key, "keel/pseudonym/v1")``:
it is already a random, never-logged HMAC key that every stage has, so no secret has to be added, provisioned
or rotated for this; and because the derived key is used only here, a pseudonym can never serve as a cursor
signature or the other way round.
"""

from __future__ import annotations

import hashlib
import hmac

from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.repositories.secrets import get_secret_string

DOMAIN = b"keel/pseudonym/v1"
UNAVAILABLE = "unavailable"


def _key() -> bytes:
    root = get_secret_string(get_settings().cursor_key_secret_id).encode()
    return hmac.new(root, DOMAIN, hashlib.sha256).digest()


def pseudonym(kind: str, value: str) -> str:
    """16 hex characters standing for ``value`` (of a ``kind``, e.g. "email") in logs.

    A security log line must never fail the request it describes: without the key it says ``unavailable``.
    """
    try:
        key = _key()
    except ServiceUnavailableError:
        return UNAVAILABLE
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]
