"""Posts use cases (SPEC §3 and §4): create, read, list, update and soft delete. No boto3, no events.

Each use case makes exactly one repository call, which is one DynamoDB request: authorization for another's
post and optimistic concurrency are conditions of the write itself (see ``keel.repositories.post_guard``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ulid import ULID

from keel import etags
from keel.auth.context import Caller
from keel.auth.permissions import Action
from keel.clock import iso
from keel.config import get_settings
from keel.errors import BadRequestError, ForbiddenError, NotFoundError
from keel.models.posts import Post, PostCreate, PostUpdate, StoredPost
from keel.observability import count, security_event
from keel.pagination import decode_cursor, encode_cursor
from keel.repositories.idempotency import Once
from keel.repositories.post_guard import Guard
from keel.repositories.posts import PostsRepository

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as header values travel safely
IDEMPOTENCY_KEY_HELP = (
    "1-255 visible ASCII characters (else 400); scoped to the caller, remembered for 24 h by default."
)


@dataclass(frozen=True)
class Served:
    """A post and its validator, plus how it was served."""

    post: Post
    etag: str
    replayed: bool = False  # an Idempotency-Key replay of an earlier create
    not_modified: bool = False  # If-None-Match matched: answer 304


@dataclass(frozen=True)
class Listing:
    posts: list[Post]
    next_cursor: str | None


def _stamp(moment: datetime) -> str:
    return iso(moment.timestamp())


def _served(post: StoredPost, **how: bool) -> Served:
    return Served(post.public(), etags.etag(post.id, post.version), **how)


def _once(caller: Caller, request: PostCreate, key: str, now: datetime) -> Once:
    if not IDEMPOTENCY_KEY.match(key):
        raise BadRequestError("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
    digest = hashlib.sha256(request.model_dump_json().encode()).hexdigest()  # "the same body", field by field
    return Once(caller.user_id, key, digest, now=int(now.timestamp()), ttl_s=get_settings().idempotency_ttl_s)


def create(caller: Caller, request: PostCreate, *, idempotency_key: str | None, posts: PostsRepository) -> Served:
    """A new post by the caller; with an Idempotency-Key, a repeat of the same request returns the first result."""
    caller.require(Action.CREATE_POST)
    now = datetime.now(UTC)
    stamp = _stamp(now)
    post = StoredPost(
        id=str(ULID.from_datetime(now)),
        author_id=caller.user_id,
        **request.model_dump(),
        created_at=stamp,
        updated_at=stamp,
        version=1,
    )
    once = None if idempotency_key is None else _once(caller, request, idempotency_key, now)
    created = posts.create(post, once=once)
    count("PostReplayed" if created.replayed else "PostCreated")
    return _served(created.post, replayed=created.replayed)


def get(post_id: str, *, if_none_match: str | None, posts: PostsRepository) -> Served:
    """A live post; ``not_modified`` when the client's ETag still matches."""
    etags.parse(if_none_match)  # an unusable header is a 400 before any read
    post = posts.get(post_id)
    if post is None or post.deleted_at is not None:
        raise NotFoundError("The post does not exist.")
    return _served(post, not_modified=etags.none_match(if_none_match, post.id, post.version))


def list_posts(*, limit: int, cursor: str | None, author_id: str | None, posts: PostsRepository) -> Listing:
    """Newest first, globally or by one author; the cursor only continues the listing that issued it."""
    scope = f"posts:author={author_id}" if author_id else "posts:feed"
    after = decode_cursor(cursor, scope)
    if author_id:
        page = posts.by_author(author_id, limit=limit, after=after)
    else:
        page = posts.feed(limit=limit, after=after, now=datetime.now(UTC))
    return Listing([p.public() for p in page.posts], encode_cursor(page.next_key, scope))


def _guard(caller: Caller, post_id: str, if_match: str | None) -> Guard:
    caller.require(Action.EDIT_OWN_POST)
    tags = etags.parse(if_match)
    versions = None if tags is None or tags.any else etags.versions_for(tags, post_id, weak_ok=False)
    return Guard(caller.user_id, any_owner=caller.can(Action.EDIT_ANY_POST), versions=versions)


def update(caller: Caller, post_id: str, patch: PostUpdate, *, if_match: str | None, posts: PostsRepository) -> Served:
    """Change the fields sent and bump the version, if the caller may and the version still matches."""
    guard = _guard(caller, post_id, if_match)
    try:
        post = posts.update(post_id, patch.changes(), now=_stamp(datetime.now(UTC)), guard=guard)
    except ForbiddenError:
        security_event("PostWriteForbidden", user_id=caller.user_id, post_id=post_id, action="update")
        raise
    count("PostUpdated")
    return _served(post)


def delete(caller: Caller, post_id: str, *, if_match: str | None, posts: PostsRepository) -> None:
    """Soft delete: the post keeps its content but is 404 and leaves every listing."""
    guard = _guard(caller, post_id, if_match)
    try:
        posts.soft_delete(post_id, now=_stamp(datetime.now(UTC)), guard=guard)
    except ForbiddenError:
        security_event("PostWriteForbidden", user_id=caller.user_id, post_id=post_id, action="delete")
        raise
    count("PostDeleted")
