"""The ES256 signing keys: the secret is read through the Secrets Manager cache, and each key's PEM is parsed
ONCE per container (per kid), so a warm token check costs no PEM parsing and no AWS call.

``current()`` signs; ``verification_key(kid)`` verifies (current and previous, SPEC §5). A token naming an
unknown but well-formed kid may come from a key rotated in after our cached copy of the secret: the secret is
re-read then if our copy is older than ``REFRESH_FLOOR_S``, so forged kids cannot turn into a flood of AWS
calls, and a failed re-read keeps the copy we have (a bad token never becomes a 503).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from keel.auth import keyset
from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.observability import logger
from keel.repositories import secrets

REFRESH_FLOOR_S = 60.0


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: ec.EllipticCurvePrivateKey
    public: ec.EllipticCurvePublicKey


_parsed: dict[str, SigningKey] = {}
_current_set: tuple[str, tuple[SigningKey, ...]] = ("", ())
_lock = threading.Lock()


def _load(entry: keyset.KeyEntry) -> SigningKey:
    key = serialization.load_pem_private_key(entry.private_key_pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("signing key is not a P-256 EC key")
    return SigningKey(entry.kid, key, key.public_key())


def all_keys(*, max_age_s: float | None = None) -> tuple[SigningKey, ...]:
    """Every listed key, newest (signing) first."""
    global _current_set  # noqa: PLW0603 - the per-container cache
    secret = secrets.get_secret_string(get_settings().signing_key_secret_id, max_age_s=max_age_s)
    if secret == _current_set[0]:
        return _current_set[1]
    try:
        entries = keyset.parse(secret).keys
        with _lock:
            for entry in entries:
                if entry.kid not in _parsed:
                    _parsed[entry.kid] = _load(entry)
    except ValueError as exc:
        # A malformed secret is an operations problem: fail closed with 503, never sign or verify with junk.
        logger.error("signing-key secret is not a valid key set", extra={"error": type(exc).__name__})
        raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s) from None
    _current_set = (secret, tuple(_parsed[e.kid] for e in entries))
    return _current_set[1]


def current() -> SigningKey:
    """The key that signs new tokens."""
    return all_keys()[0]


def verification_key(kid: str) -> ec.EllipticCurvePublicKey | None:
    """The public key for ``kid``, or None when no listed key has that id."""
    for keys in (all_keys(), all_keys(max_age_s=REFRESH_FLOOR_S)):
        for key in keys:
            if key.kid == kid:
                return key.public
    return None


def forget() -> None:
    """Drop parsed keys (tests that rotate the secret in-process)."""
    global _current_set  # noqa: PLW0603
    _parsed.clear()
    _current_set = ("", ())
