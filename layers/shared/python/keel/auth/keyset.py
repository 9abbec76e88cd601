"""The signing-key set stored in Secrets Manager, and its rotation.

SecretString is JSON: ``{"keys": [{"kid", "private_key_pem", "created_at"}, ...]}``, newest first. ``keys[0]``
signs; every listed key verifies and is published in the JWKS. Rotation prepends a new key and keeps the
previous one, so tokens signed before the rotation still verify until they expire.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, Field
from ulid import ULID

KEEP = 2  # current + previous: access tokens live 15 minutes, rotations are days apart


class KeyEntry(BaseModel):
    kid: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    private_key_pem: str
    created_at: str


class KeySet(BaseModel):
    keys: list[KeyEntry] = Field(min_length=1)


def new_entry() -> KeyEntry:
    """A fresh ES256 (P-256) key with a time-sortable key id."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return KeyEntry(kid=f"k{ULID()}".lower(), private_key_pem=pem, created_at=created)


def parse(secret_string: str) -> KeySet:
    """Parse the secret; raises ``ValueError`` (pydantic) when it is not a key set."""
    return KeySet.model_validate_json(secret_string)


def rotated(secret_string: str | None) -> str:
    """The secret value after one rotation: a new current key, the old current kept as previous.

    A value that is not a key set (the random placeholder a fresh secret holds) is replaced by a new set.
    """
    keys: list[KeyEntry] = []
    if secret_string:
        try:
            keys = parse(secret_string).keys
        except ValueError:
            keys = []
    keyset = KeySet(keys=[new_entry(), *keys][:KEEP])
    return keyset.model_dump_json()


def initial() -> str:
    return rotated(None)
