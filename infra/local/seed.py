"""LOCAL-ONLY accounts: the admin named by KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD, and fixed sample users.

The sample users have fixed ids, session ids and refresh tokens, so ``events/<function>/*.json`` can carry
their authorizer context (and a working refresh token) and ``make invoke`` runs against them. Their
passwords are published here: this module is for the emulator only and is never deployed.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from keel.auth import password_policy, passwords
from keel.auth.permissions import Role
from keel.auth.refresh_tokens import digest
from keel.auth.tokens import issue_access_token
from keel.clock import iso
from keel.config import get_settings
from keel.errors import ConflictError
from keel.models.auth import StoredSession
from keel.models.users import PASSWORD_MAX, PASSWORD_MIN, Email, StoredUser, normalize_email
from keel.observability import logger
from keel.repositories import factory
from keel.services.accounts import new_user


@dataclass(frozen=True)
class SampleUser:
    id: str
    email: str
    password: str
    name: str
    role: Role
    session_id: str
    refresh_token: str  # a valid refresh token of the sample session (until it is rotated)

    def context(self) -> dict[str, str]:
        """The authorizer context an event for this user carries."""
        return {"sub": self.id, "role": self.role.value, "sid": self.session_id}


def _sample(user_id: str, role: Role, password: str) -> SampleUser:
    sid = f"sample-{role.value}-session"
    secret = f"local-sample-refresh-token-{role.value}".ljust(43, "0")
    name = f"Sample {role.value.title()}"
    return SampleUser(user_id, f"{role.value}@example.com", password, name, role, sid, f"{sid}.{secret}")


# The ids the sample posts (infra/local/seed_posts.py) and every events/*/*.json name.
SAMPLE_USER = _sample("01J0000000000000000000MEMB", Role.USER, "correct-horse-battery-1")
SAMPLE_MODERATOR = _sample("01J00000000000000000000MDR", Role.MODERATOR, "correct-horse-battery-2")
SAMPLE_ADMIN = _sample("01J0000000000000000000ADMN", Role.ADMIN, "correct-horse-battery-3")
SAMPLE_USERS = (SAMPLE_USER, SAMPLE_MODERATOR, SAMPLE_ADMIN)


def _create_user(sample: SampleUser, now: float) -> None:
    stamp = iso(now)
    user = StoredUser(
        id=sample.id,
        email=sample.email,
        name=sample.name,
        role=sample.role,
        password_hash=passwords.hash_password(sample.password),
        created_at=stamp,
        updated_at=stamp,
    )
    try:
        factory.users().create(user)
    except ConflictError:
        logger.info("sample user's email already taken; skipped", extra={"user_id": sample.id})


def _create_session(sample: SampleUser, now: int) -> None:
    settings = get_settings()
    session = StoredSession(
        id=sample.session_id,
        user_id=sample.id,
        epoch=0,
        refresh_hash=digest(sample.refresh_token),
        created_at=now,
        last_used_at=now,
        absolute_expiry=now + settings.refresh_absolute_ttl_s,
    )
    with contextlib.suppress(ConflictError):  # already seeded
        factory.sessions().create(session, expires_at=session.expires_at(settings.refresh_idle_ttl_s))


def seed_sample_users() -> tuple[SampleUser, ...]:
    """Create the sample users and one session each (idempotent: existing items are left alone)."""
    now = time.time()
    for sample in SAMPLE_USERS:
        if factory.users().get(sample.id) is None:
            _create_user(sample, now)
        _create_session(sample, int(now))
    return SAMPLE_USERS


def ensure_admin_from_env() -> str | None:
    """Create (or promote) the admin named by KEEL_ADMIN_EMAIL / KEEL_ADMIN_PASSWORD; its id, or None if unset."""
    raw_email, password = os.environ.get("KEEL_ADMIN_EMAIL"), os.environ.get("KEEL_ADMIN_PASSWORD")
    if not (raw_email and password):
        return None
    try:
        email = TypeAdapter(Email).validate_python(raw_email)
    except ValidationError:
        raise ValueError("KEEL_ADMIN_EMAIL is not a valid email address") from None
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise ValueError(f"KEEL_ADMIN_PASSWORD must be {PASSWORD_MIN}..{PASSWORD_MAX} characters")
    if password_policy.problems(password, email=email):
        logger.warning("KEEL_ADMIN_PASSWORD is too easy to guess; a user could not choose it")
    users = factory.users()
    existing = users.find_by_email(normalize_email(email))
    if existing is None:
        admin = new_user(email, "Admin", passwords.hash_password(password), role=Role.ADMIN, now=time.time())
        users.create(admin)
        return admin.id
    if existing.role is not Role.ADMIN:
        users.update(existing.id, {"role": Role.ADMIN.value, "updated_at": iso(time.time())}, revoke_sessions=True)
    return existing.id


def sample_access_token(sample: SampleUser = SAMPLE_USER) -> str:
    """A valid access token for a seeded sample session, signed with the emulator's current key (local only:
    for benchmarks and curl sessions that want to skip the login)."""
    return issue_access_token(user_id=sample.id, role=sample.role, session_id=sample.session_id, now=int(time.time()))
