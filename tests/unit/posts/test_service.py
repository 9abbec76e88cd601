"""The posts service decides what the write must check; the repository (a fake here) enforces it."""

from __future__ import annotations

from typing import Any

import pytest

from keel.auth.context import Caller
from keel.auth.permissions import Role
from keel.errors import BadRequestError
from keel.models.posts import PostUpdate, StoredPost
from keel.repositories.post_guard import Guard
from keel.services import posts as service

POST = "01M7W2Y7M00000000000000001"


class FakePosts:
    def __init__(self) -> None:
        self.guards: list[Guard] = []

    def update(self, post_id: str, changes: dict[str, Any], *, now: str, guard: Guard) -> StoredPost:
        self.guards.append(guard)
        return StoredPost(
            id=post_id, author_id="a", title="t", body="b", tags=[], created_at=now, updated_at=now, version=2
        )

    def soft_delete(self, post_id: str, *, now: str, guard: Guard) -> None:
        self.guards.append(guard)


def caller(role: Role) -> Caller:
    return Caller(user_id="01J0000000000000000000MEMB", role=role, session_id="s")


@pytest.mark.parametrize(("role", "any_owner"), [(Role.USER, False), (Role.MODERATOR, True), (Role.ADMIN, True)])
def test_only_privileged_roles_skip_the_ownership_condition(role, any_owner):
    fake = FakePosts()
    service.update(caller(role), POST, PostUpdate(title="x"), if_match=None, posts=fake)  # type: ignore[arg-type]
    service.delete(caller(role), POST, if_match=None, posts=fake)  # type: ignore[arg-type]
    assert [g.any_owner for g in fake.guards] == [any_owner, any_owner]
    assert all(g.caller_id == "01J0000000000000000000MEMB" for g in fake.guards)


@pytest.mark.parametrize(
    ("if_match", "versions"),
    [
        (None, None),
        ("*", None),
        (f'"{POST}.v4"', frozenset({4})),
        (f'"{POST}.v4", "{POST}.v5"', frozenset({4, 5})),
        ('"01M7W2Y7M00000000000000002.v4"', frozenset()),
    ],
)
def test_if_match_becomes_the_version_condition(if_match, versions):
    fake = FakePosts()
    served = service.update(caller(Role.USER), POST, PostUpdate(title="x"), if_match=if_match, posts=fake)  # type: ignore[arg-type]
    assert fake.guards[0].versions == versions
    assert served.etag == f'"{POST}.v2"'


def test_an_unusable_if_match_is_rejected_before_any_write():
    fake = FakePosts()
    with pytest.raises(BadRequestError):
        service.update(caller(Role.USER), POST, PostUpdate(title="x"), if_match="nope", posts=fake)  # type: ignore[arg-type]
    assert fake.guards == []
