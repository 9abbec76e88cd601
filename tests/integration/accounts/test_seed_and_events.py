"""Local seeding (fixed sample users, the admin from the environment) and the sample events that rely on it."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from infra.local import seed_posts
from infra.local.functions import invoke
from infra.local.seed import (
    SAMPLE_ADMIN,
    SAMPLE_USERS,
    ensure_admin_from_env,
    sample_access_token,
    seed_sample_users,
)
from keel.config import get_settings
from keel.repositories import factory
from tests.conftest import call
from tests.support.auth import authorize, login, run_authorizer
from tests.support.tokens import claims_for, mint

EVENTS = Path(__file__).resolve().parents[3] / "events"
EXPECTED = {
    "auth_register": {"ok": 201, "email_taken": 409, "common_password": 422, "password_contains_email": 422,
                      "unknown_field": 422},
    "auth_login": {"ok": 200, "wrong_password": 401, "unknown_email": 401},
    "auth_refresh": {"ok": 200, "invalid_token": 401},
    "auth_logout": {"ok": 204, "unknown_token": 204},
    "auth_logout_all": {"ok": 204},
    "jwks": {"ok": 200},
    "users_me_get": {"ok": 200, "admin": 200},
    "users_me_update": {"ok": 200, "role_field": 422},
    "users_me_password": {"ok": 204, "wrong_current": 403, "weak": 422},
    "users_me_delete": {"ok": 204},
    "users_list": {"ok": 200, "forbidden": 403, "bad_cursor": 400},
    "users_get": {"self": 200, "admin": 200, "forbidden": 403, "not_found": 404},
    "users_role": {"ok": 200, "own_role": 403, "forbidden": 403, "invalid_role": 422},
    "users_delete": {"ok": 204, "forbidden": 403, "not_found": 404},
}  # fmt: skip
CASES = [(f, s, status) for f, scenarios in EXPECTED.items() for s, status in scenarios.items()]


def _count_items() -> int:
    return len(boto3.client("dynamodb").scan(TableName=get_settings().table_name)["Items"])


def test_every_accounts_function_has_its_events_and_every_event_is_expected():
    on_disk = {(p.parent.name, p.stem) for f in EXPECTED for p in (EVENTS / f).glob("*.json")}
    assert on_disk == {(f, s) for f, s, _ in CASES}
    assert {p.stem for p in (EVENTS / "authorizer").glob("*.json")}


@pytest.mark.parametrize(("function", "scenario", "status"), CASES, ids=[f"{f}/{s}" for f, s, _ in CASES])
def test_sample_events_run_against_the_seeded_users(aws, function, scenario, status):
    seed_sample_users()
    event = json.loads((EVENTS / function / f"{scenario}.json").read_text())
    assert invoke(function, event)["statusCode"] == status


@pytest.mark.parametrize("path", sorted((EVENTS / "authorizer").glob("*.json")), ids=lambda p: p.stem)
def test_authorizer_sample_events_are_refused(aws, path):
    seed_sample_users()
    assert run_authorizer(json.loads(path.read_text())) is None


def test_seeding_is_idempotent_and_the_sample_users_can_sign_in(aws):
    seed_sample_users()
    count = _count_items()
    seed_sample_users()
    assert _count_items() == count == 3 * 3  # user, email claim and session for each
    for sample in SAMPLE_USERS:
        res = login(sample.email, sample.password)
        assert res.status == 200 and res.data["user"]["role"] == sample.role.value
        token = mint(claims_for(sample.id, sample.session_id, sample.role.value))
        assert authorize(token) == sample.context()
        assert call("auth_refresh", body={"refresh_token": sample.refresh_token}).status == 200


def test_the_admin_from_the_environment_is_created_once(aws, monkeypatch):
    assert ensure_admin_from_env() is None
    monkeypatch.setenv("KEEL_ADMIN_EMAIL", " Ops@Example.com ")
    monkeypatch.setenv("KEEL_ADMIN_PASSWORD", "a-long-admin-passphrase")
    first = ensure_admin_from_env()
    assert ensure_admin_from_env() == first
    res = login("ops@example.com", "a-long-admin-passphrase")
    assert res.status == 200 and res.data["user"]["role"] == "admin"


def test_the_admin_from_the_environment_promotes_an_existing_account(aws, monkeypatch):
    seed_sample_users()
    monkeypatch.setenv("KEEL_ADMIN_EMAIL", "user@example.com")
    monkeypatch.setenv("KEEL_ADMIN_PASSWORD", "whatever-it-is-now")
    user_id = ensure_admin_from_env()
    stored = factory.users().get(str(user_id))
    assert stored is not None and stored.role == "admin" and stored.id != SAMPLE_ADMIN.id


@pytest.mark.parametrize(
    ("email", "password"), [("not-an-email", "a-long-admin-passphrase"), ("ops@example.com", "short")]
)
def test_an_unusable_admin_environment_is_an_error(aws, monkeypatch, email, password):
    monkeypatch.setenv("KEEL_ADMIN_EMAIL", email)
    monkeypatch.setenv("KEEL_ADMIN_PASSWORD", password)
    with pytest.raises(ValueError, match="KEEL_ADMIN"):
        ensure_admin_from_env()


def test_every_sample_event_names_a_seeded_user_and_session():
    contexts = {tuple(sorted((k, s.context()[k]) for k in ("sid", "role", "sub"))) for s in SAMPLE_USERS}
    for path in sorted(EVENTS.glob("*/*.json")):
        authorizer = (json.loads(path.read_text()).get("requestContext") or {}).get("authorizer")
        if authorizer:
            named = tuple(sorted((k, authorizer[k]) for k in ("sid", "role", "sub")))
            assert named in contexts, path


def test_the_sample_posts_are_authored_by_the_sample_users():
    authors = [seed_posts.SAMPLE_USER, seed_posts.SAMPLE_MODERATOR, seed_posts.SAMPLE_ADMIN]
    assert [s.id for s in SAMPLE_USERS] == authors


def test_the_sample_access_token_passes_the_authorizer(aws):
    seed_sample_users()
    assert authorize(sample_access_token(SAMPLE_ADMIN)) == SAMPLE_ADMIN.context()
