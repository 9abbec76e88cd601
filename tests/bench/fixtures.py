"""The preconditions ``make bench`` prepares before each cold environment, through Keel's own repositories.

A route that consumes state (deletes a post, uses up a mail token, revokes a session, changes a password)
gets a fresh precondition per invocation, so every invocation takes the success path SPEC gives it. Fresh
users share one password whose Argon2 hash (production parameters) is computed once per run. Local only:
these accounts live in the benchmark's emulator and nowhere else.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from functools import lru_cache

from ulid import ULID

from keel.auth import mail_tokens, passwords
from keel.auth.permissions import Role
from keel.auth.refresh_tokens import digest, new_refresh_token
from keel.auth.tokens import issue_access_token
from keel.clock import iso
from keel.config import get_settings
from keel.models.auth import StoredSession
from keel.models.mail import MailKind
from keel.models.posts import StoredPost
from keel.models.users import StoredUser
from keel.repositories import factory
from keel.repositories.posts import repository as posts_repository

PASSWORD = "bench-granite-meadow-lantern-7"
PAGE = 20  # the default page size of GET /v1/posts and GET /v1/users
TOKEN_TTL_S = 3600


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The fresh users' hash of ``PASSWORD``: once per run, with the configured (production) parameters."""
    return passwords.hash_password(PASSWORD)


@dataclass(frozen=True)
class Fresh:
    """A new user; ``mail_token`` is a clear verification or reset token for it when one was asked for."""

    user: StoredUser
    mail_token: str = ""


def fresh_user(*, verified: bool = True, role: Role = Role.USER, mail_kind: MailKind | None = None) -> Fresh:
    """Create a user with a unique email (and, with ``mail_kind``, a live mail token) in one transaction."""
    now = time.time()
    user = StoredUser(id=str(ULID()), email=unique_email(), name="Bench User",
                      role=role, password_hash=password_hash(), email_verified=verified,
                      created_at=iso(now), updated_at=iso(now))  # fmt: skip
    also, token = [], ""
    if mail_kind is not None:
        token, token_digest = mail_tokens.new_token()
        also = [factory.mail().put_token(token_digest, mail_kind, user.id, expires_at=int(now) + TOKEN_TTL_S)]
        if mail_kind is MailKind.RESET_PASSWORD:  # the user's one good reset token, as forgot-password holds it
            user = user.model_copy(update={"reset_token": token_digest})
    factory.users().create(user, also=also)
    return Fresh(user, token)


def mail_token(user_id: str, kind: MailKind) -> str:
    """Another live mail token of ``kind`` for ``user_id`` (one PutItem of the repository's own element)."""
    token, token_digest = mail_tokens.new_token()
    put = factory.mail().put_token(token_digest, kind, user_id, expires_at=int(time.time()) + TOKEN_TTL_S)["Put"]
    factory.table().call("put_item", **put)
    return token


def fresh_session(user: StoredUser) -> tuple[str, str]:
    """A new live session of ``user``: its id and its never-rotated refresh token."""
    settings, now = get_settings(), int(time.time())
    session_id = str(ULID())
    token = new_refresh_token(session_id)
    session = StoredSession(id=session_id, user_id=user.id, epoch=user.session_epoch, refresh_hash=digest(token),
                            created_at=now, last_used_at=now,
                            absolute_expiry=now + settings.refresh_absolute_ttl_s)  # fmt: skip
    factory.sessions().create(session, expires_at=session.expires_at(settings.refresh_idle_ttl_s))
    return session_id, token


def access_token(user_id: str, role: Role, session_id: str) -> str:
    """A valid access token for a session, signed with the emulator's current key."""
    return issue_access_token(user_id=user_id, role=role, session_id=session_id, now=int(time.time()))


def unique_email() -> str:
    return f"bench-{secrets.token_hex(8)}@example.com"


def fresh_post(author_id: str) -> str:
    """A new live post of ``author_id`` (in this month's feed bucket); its id."""
    stamp = iso(time.time())
    post = StoredPost(id=str(ULID()), author_id=author_id, title="Bench post", body="Written by make bench.",
                      tags=["bench"], created_at=stamp, updated_at=stamp, version=1)  # fmt: skip
    posts_repository().create(post)
    return post.id


def full_pages(author_id: str) -> None:
    """A round's start: a page and one more of posts in this month's feed bucket and of users, so both listings
    return full pages with one Query each whatever ran before (the sample data alone fills neither)."""
    for _ in range(PAGE + 1):
        fresh_post(author_id)
        fresh_user()
