"""Profiles and user administration (SPEC §3): bodies, soft delete, pagination."""

from __future__ import annotations

import pytest

from keel.auth.permissions import Role
from keel.repositories import factory
from tests.support.auth import call_as, register, signed_in

PUBLIC_FIELDS = {"id", "email", "name", "role", "created_at", "updated_at"}


def test_me_is_the_public_shape_of_the_caller(aws):
    me = signed_in()
    res = call_as("users_me_get", me.access_token)
    assert res.status == 200
    assert set(res.data) == PUBLIC_FIELDS
    assert res.data["id"] == me.user_id and res.data["email"] == me.email
    assert res.headers["Cache-Control"] == "no-store"


def test_renaming_changes_the_name_and_updated_at_only(aws):
    me = signed_in()
    before = call_as("users_me_get", me.access_token).data
    res = call_as("users_me_update", me.access_token, body={"name": "  Grace Hopper "})
    assert res.status == 200
    assert res.data["name"] == "Grace Hopper"
    assert {k: v for k, v in res.data.items() if k not in ("name", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("name", "updated_at")
    }


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"name": "X", "role": "admin"},
        {"email": "new@example.com"},
        {"name": "X", "password_hash": "x"},
        {"name": ""},
        {},
    ],
)
def test_no_other_field_can_be_patched(aws, body):
    me = signed_in()
    res = call_as("users_me_update", me.access_token, body=body)
    assert res.status == 422
    assert call_as("users_me_get", me.access_token).data["role"] == "user"


def test_password_change_refuses_a_wrong_current_password_and_a_weak_new_one(aws):
    me = signed_in()
    wrong = {"current_password": "not-the-password-at-all", "new_password": "granite-meadow-lantern-7"}
    res = call_as("users_me_password", me.access_token, body=wrong)
    assert res.status == 403 and res.error_code == "FORBIDDEN"
    weak = {"current_password": me.password, "new_password": "password1234"}
    res = call_as("users_me_password", me.access_token, body=weak)
    assert res.status == 422
    assert [d["field"] for d in res.json["error"]["details"]] == ["new_password"]
    assert call_as("users_me_get", me.access_token).status == 200  # nothing was revoked


def test_a_deleted_account_vanishes_and_its_email_is_free_again(aws):
    admin, me = signed_in(Role.ADMIN), signed_in()
    assert call_as("users_me_delete", me.access_token).status == 204
    assert call_as("users_get", admin.access_token, path_params={"user_id": me.user_id}).status == 404
    listed = call_as("users_list", admin.access_token).data
    assert me.user_id not in {u["id"] for u in listed}
    stored = factory.users().get(me.user_id)
    assert stored is not None and stored.deleted_at is not None  # soft: the item stays
    again = register(me.email)
    assert again.status == 201 and again.data["id"] != me.user_id


def test_admin_reads_any_user_and_gets_404_for_unknown_ones(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    res = call_as("users_get", admin.access_token, path_params={"user_id": user.user_id})
    assert res.status == 200 and res.data["email"] == user.email
    assert call_as("users_get", admin.access_token, path_params={"user_id": "01J0000000000000000000NXNE"}).status == 404
    for malformed in ("no-such-user", "01j0000000000000000000memb", "81J0000000000000000000MEMB"):
        res = call_as("users_get", admin.access_token, path_params={"user_id": malformed})
        assert res.status == 422 and res.json["error"]["details"][0]["field"] == "user_id"


def test_role_changes_are_validated_and_404_for_unknown_users(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    res = call_as("users_role", admin.access_token, path_params={"user_id": user.user_id}, body={"role": "root"})
    assert res.status == 422
    res = call_as(
        "users_role",
        admin.access_token,
        path_params={"user_id": "01J0000000000000000000NXNE"},
        body={"role": "moderator"},
    )
    assert res.status == 404


def test_deleting_an_unknown_or_already_deleted_user_is_404(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    target = {"user_id": user.user_id}
    assert call_as("users_delete", admin.access_token, path_params=target).status == 204
    assert call_as("users_delete", admin.access_token, path_params=target).status == 404


def test_an_admin_cannot_delete_their_own_account_through_the_admin_route(aws):
    admin = signed_in(Role.ADMIN)
    res = call_as("users_delete", admin.access_token, path_params={"user_id": admin.user_id})
    assert res.status == 403
    assert call_as("users_me_get", admin.access_token).status == 200


def test_the_user_list_pages_with_signed_cursors(aws):
    admin = signed_in(Role.ADMIN)
    for n in range(4):
        register(f"listed{n}@example.com")
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        res = call_as("users_list", admin.access_token, query=query)
        assert res.status == 200
        assert res.json["pagination"]["limit"] == 2
        seen += [u["id"] for u in res.data]
        assert all(set(u) == PUBLIC_FIELDS for u in res.data)
        cursor = res.json["pagination"]["next_cursor"]
        assert res.json["pagination"]["has_next"] is (cursor is not None)
        if cursor is None:
            break
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)  # newest first


def test_has_next_is_false_when_the_page_holds_the_last_users(aws):
    admin = signed_in(Role.ADMIN)
    register("listed@example.com")
    res = call_as("users_list", admin.access_token, query={"limit": "2"})
    assert len(res.data) == 2
    assert res.json["pagination"] == {"limit": 2, "next_cursor": None, "has_next": False}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"limit": "0"}, 422),
        ({"limit": "101"}, 422),
        ({"limit": "x"}, 422),
        ({"cursor": "forged.cursor"}, 400),
        ({"limit": "100"}, 200),
    ],
)
def test_bad_list_parameters(aws, query, status):
    admin = signed_in(Role.ADMIN)
    assert call_as("users_list", admin.access_token, query=query).status == status
