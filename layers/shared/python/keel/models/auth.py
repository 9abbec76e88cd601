"""Tokens and sessions: request bodies, responses, the JWKS and the stored session item."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from keel.models.users import AnyPassword, User


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Not validated as an email: a malformed one is simply unknown, and gets the same 401 as any other.
    email: str = Field(min_length=1, max_length=320)
    password: AnyPassword


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the token type name, not a token
    expires_in: int  # seconds until the access token expires


class LoginResult(TokenPair):
    user: User


class Jwk(BaseModel):
    kid: str
    kty: Literal["EC"] = "EC"
    crv: Literal["P-256"] = "P-256"
    x: str
    y: str
    alg: Literal["ES256"] = "ES256"
    use: Literal["sig"] = "sig"


class Jwks(BaseModel):
    keys: list[Jwk]


class SessionStanding(BaseModel):
    """Whether a session still grants access: all the authorizer reads of it (never its refresh digests)."""

    user_id: str
    epoch: int  # the user's session_epoch when the session was created
    last_used_at: int
    absolute_expiry: int
    revoked_at: int | None = None

    def expires_at(self, idle_s: int) -> int:
        """When the session dies if not used: idle expiry, capped by the absolute expiry."""
        return min(self.last_used_at + idle_s, self.absolute_expiry)

    def usable(self, *, now: int, idle_s: int, user_epoch: int) -> bool:
        """Not revoked, not expired, and not revoked in bulk by a newer user epoch."""
        return self.revoked_at is None and now < self.expires_at(idle_s) and self.epoch == user_epoch


class StoredSession(SessionStanding):
    """A refresh-token session. Times are epoch seconds; the refresh token itself is never stored."""

    id: str
    refresh_hash: str  # SHA-256 (hex) of the current refresh token
    # The first 128 bits (hex) of the digests of the most recent rotated-out tokens, newest first: what tells a
    # really issued old token (reuse: revoke) from a never-issued one (just invalid).
    retired_hashes: list[str] = []
    created_at: int
