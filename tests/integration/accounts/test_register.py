"""POST /v1/auth/register (SPEC §3): 201 + Location, 409 for a taken email, 422 for bad input."""

from __future__ import annotations

import boto3
import pytest

from keel.config import get_settings
from tests.conftest import call
from tests.support.auth import GOOD_PASSWORD, register


def test_registration_creates_a_user_and_says_where(aws):
    res = register("  New.Person@Example.COM ", name="  New Person ")
    assert res.status == 201
    user = res.data
    assert set(user) == {"id", "email", "email_verified", "name", "role", "created_at", "updated_at"}
    assert user["email"] == "new.person@example.com"
    assert user["name"] == "New Person"
    assert user["role"] == "user"
    assert len(user["id"]) == 26 and user["created_at"].endswith("Z")
    assert res.headers["Location"] == f"/v1/users/{user['id']}"
    assert res.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("again", ["taken@example.com", "TAKEN@example.com", "  taken@EXAMPLE.com\t"])
def test_an_email_is_taken_whatever_its_case_and_spacing(aws, again):
    assert register("taken@example.com").status == 201
    res = register(again)
    assert res.status == 409
    assert res.error_code == "CONFLICT"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.com", "password": "short-pw", "name": "X"}, "password"),
        ({"email": "x@example.com", "password": "p" * 129, "name": "X"}, "password"),
        ({"email": "x@example.com", "password": "password1234", "name": "X"}, "password"),
        ({"email": "jonathan@example.com", "password": "jonathan-granite-meadow", "name": "X"}, "password"),
        ({"email": "not-an-email", "password": GOOD_PASSWORD, "name": "X"}, "email"),
        ({"email": "a@b", "password": GOOD_PASSWORD, "name": "X"}, "email"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD, "name": "   "}, "name"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD, "name": "n" * 101}, "name"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD, "name": "bad\u0000name"}, "name"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD}, "name"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD, "name": "X", "role": "admin"}, "role"),
        ({"email": "x@example.com", "password": 123456789012345, "name": "X"}, "password"),
    ],
)
def test_invalid_registrations_name_the_field(aws, body, field):
    res = call("auth_register", body=body)
    assert res.status == 422
    assert res.error_code == "VALIDATION_ERROR"
    assert field in {d["field"] for d in res.json["error"]["details"]}


@pytest.mark.parametrize(
    "password", ["p" * 6 + "-Z9q!" + "w" * 117, "密码是很长的一句话啊真的", "Ünïcödé pässwörd mit Sätzen"]
)
def test_long_and_unicode_passwords_are_accepted(aws, password):
    assert len(password) <= 128
    assert register("unicode@example.com", password).status == 201


def test_nothing_is_written_for_a_refused_registration(aws):
    register("x@example.com", "password1234")
    items = boto3.client("dynamodb").scan(TableName=get_settings().table_name)["Items"]
    assert items == []
