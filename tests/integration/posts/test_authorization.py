"""SPEC §4 for posts: the role x ownership x action matrix, and authorization decided inside the write."""

from __future__ import annotations

from collections.abc import Callable

import boto3
import pytest

from keel.config import get_settings
from keel.repositories import aws as aws_clients
from tests.conftest import call
from tests.support.posts import ADMIN, MODERATOR, NEW_POST, OTHER_USER, USER, create, delete, get, listing, update

ACTORS = {"user": USER, "moderator": MODERATOR, "admin": ADMIN}


@pytest.mark.parametrize("role", [None, "user", "moderator", "admin"])
def test_everyone_reads_posts(aws, role):
    post_id = create(OTHER_USER).data["id"]
    who = ACTORS.get(role or "")
    assert call("posts_get", path_params={"post_id": post_id}, authorizer=who).status == 200
    assert call("posts_list", authorizer=who).status == 200


@pytest.mark.parametrize(("role", "status"), [(None, 401), ("user", 201), ("moderator", 201), ("admin", 201)])
def test_who_may_create(aws, role, status):
    assert call("posts_create", body=NEW_POST, authorizer=ACTORS.get(role or "")).status == status


MATRIX = [
    # role, acting on own post?, expected status for PATCH, for DELETE
    (None, False, 401, 401),
    ("user", True, 200, 204),
    ("user", False, 403, 403),
    ("moderator", True, 200, 204),
    ("moderator", False, 200, 204),
    ("admin", True, 200, 204),
    ("admin", False, 200, 204),
]


@pytest.mark.parametrize("action", ["update", "delete"])
@pytest.mark.parametrize(("role", "own", "update_status", "delete_status"), MATRIX)
def test_role_ownership_action_matrix(aws, role, own, update_status, delete_status, action):
    actor = ACTORS.get(role or "")
    author = actor if own and actor else OTHER_USER
    post = create(author).data

    if action == "update":
        res = update(post["id"], {"title": "changed"}, authorizer=actor)
        assert res.status == update_status, res.json
        assert (get(post["id"]).data["title"] == "changed") is (update_status == 200)
    else:
        res = delete(post["id"], authorizer=actor)
        assert res.status == delete_status, res.json
        assert (get(post["id"]).status == 404) is (delete_status == 204)
    if res.status == 403:
        assert res.error_code == "FORBIDDEN"


def test_privileged_roles_may_change_each_others_posts(aws):
    admin_post = create(ADMIN).data["id"]
    moderator_post = create(MODERATOR).data["id"]
    assert update(admin_post, {"title": "by a moderator"}, authorizer=MODERATOR).status == 200
    assert delete(moderator_post, authorizer=ADMIN).status == 204


def test_a_forbidden_writer_learns_nothing_about_versions_and_a_deleted_post_is_404_first(aws):
    post_id = create(OTHER_USER).data["id"]
    assert update(post_id, {"title": "x"}, headers={"If-Match": '"stale"'}).status == 403  # 403 before 412
    assert delete(post_id, authorizer=OTHER_USER).status == 204
    assert update(post_id, {"title": "x"}).status == 404  # 404 before 403


def test_an_unknown_role_in_the_authorizer_context_is_401(aws):
    post_id = create().data["id"]
    bogus = {**USER, "role": "superuser"}
    assert update(post_id, {"title": "x"}, authorizer=bogus).status == 401


# --- time of check / time of use ----------------------------------------------------------------------------------


def just_before(operation: str, change: Callable[[], None]) -> None:
    """Run ``change`` once, right before the handler's client sends ``operation`` (after any read it made)."""
    fired: list[bool] = []

    def hook(**_: object) -> None:
        if not fired:
            fired.append(True)
            change()

    aws_clients.client("dynamodb").meta.events.register(f"before-call.dynamodb.{operation}", hook)


def set_on_post(post_id: str, expression: str, values: dict | None = None) -> Callable[[], None]:
    """A change made by someone else, directly in the table."""

    def change() -> None:
        boto3.client("dynamodb").update_item(
            TableName=get_settings().table_name,
            Key={"PK": {"S": f"POST#{post_id}"}, "SK": {"S": "POST"}},
            UpdateExpression=expression,
            **({"ExpressionAttributeValues": values} if values else {}),
        )

    return change


@pytest.mark.parametrize("action", ["update", "delete"])
def test_a_post_that_changes_hands_between_check_and_write_is_not_overwritten(aws, action):
    # Given the caller owns the post when the request starts...
    post = create(USER, title="Mine").data
    assert get(post["id"]).data["author_id"] == USER["sub"]
    # ...but it changes hands just before the write goes out
    hand_over = set_on_post(post["id"], "SET author_id = :other", {":other": {"S": OTHER_USER["sub"]}})
    just_before("UpdateItem", hand_over)

    res = update(post["id"], {"title": "Hijacked"}) if action == "update" else delete(post["id"])

    assert res.status == 403
    after = get(post["id"])
    assert after.status == 200
    assert (after.data["title"], after.data["author_id"]) == ("Mine", OTHER_USER["sub"])


def test_a_post_deleted_between_check_and_write_is_not_resurrected(aws):
    post_id = create(USER).data["id"]
    soft_delete = set_on_post(
        post_id, "SET deleted_at = :now REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK", {":now": {"S": "2026-11-25T00:00:00Z"}}
    )
    just_before("UpdateItem", soft_delete)

    res = update(post_id, {"title": "Back from the dead"}, authorizer=ADMIN)

    assert res.status == 404
    assert get(post_id).status == 404
    assert listing().data == []
