"""Sample posts for ``make invoke`` and ``make serve``: fixed ids, authored by the fixed sample users.

The sample users themselves (``01J0000000000000000000MEMB`` user, ``01J00000000000000000000MDR`` moderator,
``01J0000000000000000000ADMN`` admin) are seeded by the accounts side; the events under ``events/posts_*/``
carry their authorizer context and these post ids. Seeding is idempotent: a post that already exists (even
edited since) is left alone.
"""

from __future__ import annotations

from keel.errors import ConflictError
from keel.models.posts import StoredPost
from keel.repositories.posts import repository

SAMPLE_USER = "01J0000000000000000000MEMB"
SAMPLE_MODERATOR = "01J00000000000000000000MDR"
SAMPLE_ADMIN = "01J0000000000000000000ADMN"

# ULIDs from 2026-11-20 (09:00, 10:00, 11:00, 12:00 UTC): fixed, time-ordered, in the feed's first month.
USER_POST = "01M7W2Y7M00000000000000001"
MODERATOR_POST = "01M7W6C3800000000000000002"
ADMIN_POST = "01M7W9SYW00000000000000003"
DELETED_POST = "01M7WD7TG00000000000000004"  # soft-deleted: 404 and absent from listings

_SAMPLES: tuple[tuple[str, str, str, str, list[str], str], ...] = (
    (USER_POST, SAMPLE_USER, "Hello from a user", "My first post on Keel.", ["intro"], "09:00:00"),
    (MODERATOR_POST, SAMPLE_MODERATOR, "House rules", "Be kind. Stay on topic.", ["rules", "meta"], "10:00:00"),
    (ADMIN_POST, SAMPLE_ADMIN, "Welcome to Keel", "Announcements go here.", ["announcements"], "11:00:00"),
    (DELETED_POST, SAMPLE_USER, "Deleted draft", "Nobody should see this.", [], "12:00:00"),
)


def sample_posts() -> list[StoredPost]:
    posts = []
    for post_id, author, title, body, tags, time in _SAMPLES:
        stamp = f"2026-11-20T{time}Z"
        deleted = stamp if post_id == DELETED_POST else None
        version = 2 if deleted else 1  # a soft delete bumps the version, as the API does
        posts.append(
            StoredPost(
                id=post_id,
                author_id=author,
                title=title,
                body=body,
                tags=tags,
                created_at=stamp,
                updated_at=stamp,
                version=version,
                deleted_at=deleted,
            )
        )
    return posts


def seed_sample_posts() -> None:
    """Create the sample posts in the table named by the settings, unless they exist already."""
    posts = repository()
    for post in sample_posts():
        try:
            posts.create(post)
        except ConflictError:
            continue  # already seeded (and perhaps edited since): leave it
