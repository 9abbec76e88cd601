"""ES256 access tokens (SPEC §5): issued at login and refresh, verified by the authorizer.

Verification is strict: a fixed algorithm allow-list, ``typ`` at+jwt, a well-formed ``kid`` we know, every
claim required, ``iss`` and ``aud`` checked, bounded leeway. Parsed key objects (never PEM strings) are passed
to PyJWT. Any failure is ``InvalidToken``; nothing about a hostile token can raise anything else.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass

import jwt

from keel.auth import signing_keys
from keel.auth.permissions import Role
from keel.config import get_settings
from keel.errors import ServiceUnavailableError

ALGORITHMS = ["ES256"]  # the allow-list: never taken from the token
TYP = "at+jwt"
ACCEPTED_TYP = frozenset({TYP, "application/at+jwt"})  # RFC 9068 allows both spellings
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "nbf", "jti", "sid", "role"]
MAX_TOKEN_CHARS = 4096
_KID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")  # base64url without padding, as JWS compact serialization has it


class InvalidToken(Exception):
    """The token is missing, malformed, forged, expired or otherwise unacceptable."""


@dataclass(frozen=True)
class AccessClaims:
    sub: str
    sid: str
    role: str
    jti: str


def issue_access_token(*, user_id: str, role: Role | str, session_id: str, now: int) -> str:
    """A signed access token for one session, valid for ``access_token_ttl_s``."""
    settings = get_settings()
    key = signing_keys.current()
    claims = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": user_id,
        "iat": now,
        "nbf": now,
        "exp": now + settings.access_token_ttl_s,
        "jti": uuid.uuid4().hex,
        "sid": session_id,
        "role": Role(role).value,
    }
    return jwt.encode(claims, key.private, algorithm="ES256", headers={"kid": key.kid, "typ": TYP})


def _unverified_header(token: str) -> dict[str, object]:
    """The JOSE header, read only to pick the key; ``jwt.decode`` then checks the whole token, header included.

    Not ``jwt.get_unverified_header``: PyJWT checks a segment's alphabet byte by byte in Python, and ``decode``
    does it again, which made reading the header a fifth of the authorizer's own work."""
    segment, dot, _ = token.partition(".")
    if not dot or not _SEGMENT.fullmatch(segment):
        raise InvalidToken("header")
    header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    if not isinstance(header, dict):
        raise InvalidToken("header")
    return header


def _key_for(token: str) -> object:
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        raise InvalidToken("size")
    header = _unverified_header(token)
    kid, typ = header.get("kid"), header.get("typ")
    if header.get("alg") not in ALGORITHMS or not isinstance(typ, str) or typ.lower() not in ACCEPTED_TYP:
        raise InvalidToken("header")
    if not isinstance(kid, str) or not _KID.fullmatch(kid):
        raise InvalidToken("kid")
    key = signing_keys.verification_key(kid)
    if key is None:
        raise InvalidToken("unknown kid")
    return key


def verify_access_token(token: str) -> AccessClaims:
    """The claims of a valid access token; ``InvalidToken`` otherwise (``ServiceUnavailableError`` if the
    signing keys cannot be read at all)."""
    settings = get_settings()
    try:
        claims = jwt.decode(
            token,
            _key_for(token),  # type: ignore[arg-type]
            algorithms=ALGORITHMS,
            audience=settings.audience,
            issuer=settings.issuer,
            leeway=settings.token_leeway_s,
            options={"require": REQUIRED_CLAIMS, "strict_aud": True},
        )
        result = AccessClaims(sub=claims["sub"], sid=claims["sid"], role=claims["role"], jti=claims["jti"])
    except (InvalidToken, ServiceUnavailableError):
        raise
    except Exception as exc:  # hostile input must never become a 500: any parse failure is just invalid
        raise InvalidToken(type(exc).__name__) from None
    if not all(isinstance(v, str) and v for v in (result.sub, result.sid, result.jti)) or result.role not in set(Role):
        raise InvalidToken("claims")
    return result
