"""Helpers for the posts tests: the sample callers, request shortcuts and a DynamoDB call counter."""

from __future__ import annotations

from typing import Any

from infra.local.seed_posts import SAMPLE_ADMIN, SAMPLE_MODERATOR, SAMPLE_USER
from keel.auth.context import authorizer_context
from tests.conftest import Result, call

USER = authorizer_context(SAMPLE_USER, "user", "s-user")
OTHER_USER = authorizer_context("01J000000000000000000THER2", "user", "s-other")
MODERATOR = authorizer_context(SAMPLE_MODERATOR, "moderator", "s-mod")
ADMIN = authorizer_context(SAMPLE_ADMIN, "admin", "s-admin")
NEW_POST = {"title": "A title", "body": "Some text.", "tags": ["news"]}


def create(authorizer: dict[str, str] = USER, **fields: Any) -> Result:
    """POST /v1/posts as ``authorizer``; asserts it worked and returns the response."""
    res = call("posts_create", body={**NEW_POST, **fields}, authorizer=authorizer)
    assert res.status == 201, res.json
    return res


def get(post_id: str, **kwargs: Any) -> Result:
    return call("posts_get", path_params={"post_id": post_id}, **kwargs)


def update(post_id: str, body: Any, authorizer: dict[str, str] | None = USER, **kwargs: Any) -> Result:
    return call("posts_update", path_params={"post_id": post_id}, body=body, authorizer=authorizer, **kwargs)


def delete(post_id: str, authorizer: dict[str, str] | None = USER, **kwargs: Any) -> Result:
    return call("posts_delete", path_params={"post_id": post_id}, authorizer=authorizer, **kwargs)


def listing(**query: Any) -> Result:
    res = call("posts_list", query={k: str(v) for k, v in query.items()})
    return res


class CallCounter:
    """DynamoDB operations sent by the shared client (counted in botocore's ``before-call`` event)."""

    def __init__(self) -> None:
        self.operations: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        self.operations.append(model.name)

    def during(self, action: Any) -> list[str]:
        self.operations.clear()
        action()
        return list(self.operations)
