"""Argon2id password hashing with the configured parameters (SPEC §5).

Only the functions that hash passwords import this module (argon2 costs import time and, per hash, memory).
Passwords are NFKC-normalised before hashing (NIST SP 800-63B), so the same password typed with composed or
decomposed accents verifies; nothing is ever truncated.
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from keel.auth.password_text import normalize
from keel.config import Argon2Params, get_settings


@lru_cache(maxsize=4)
def _hasher(params: Argon2Params) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def _hasher_now() -> PasswordHasher:
    return _hasher(get_settings().argon2)


def hash_password(password: str) -> str:
    """An Argon2id PHC string (salt and parameters included) for ``password``."""
    return _hasher_now().hash(normalize(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``. With no hash (unknown user), the same Argon2 work is done
    against a dummy hash and the answer is False, so timing does not tell whether an account exists."""
    target = stored_hash or _dummy_hash(get_settings().argon2)
    try:
        matched = _hasher_now().verify(target, normalize(password))
    except (VerificationError, InvalidHashError):
        return False
    return matched and stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than the configured ones (re-hash at login)."""
    try:
        return _hasher_now().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=4)
def _dummy_hash(params: Argon2Params) -> str:
    # Made once per container with the current parameters, so verifying against it costs what a real one does.
    return _hasher(params).hash(secrets.token_urlsafe(24))
