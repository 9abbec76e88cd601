"""The JWKS (RFC 7517): the public half of every listed signing key, current and previous."""

from __future__ import annotations

import base64

from keel.auth import signing_keys
from keel.models.auth import Jwk, Jwks


def _b64(number: int) -> str:
    return base64.urlsafe_b64encode(number.to_bytes(32, "big")).rstrip(b"=").decode()


def public_keys() -> Jwks:
    jwks = []
    for key in signing_keys.all_keys():
        numbers = key.public.public_numbers()
        jwks.append(Jwk(kid=key.kid, x=_b64(numbers.x), y=_b64(numbers.y)))
    return Jwks(keys=jwks)
