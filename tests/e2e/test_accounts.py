"""Accounts over HTTP on the local gateway (``make serve``): the admin from the environment, a user's whole
session life cycle, and the authorizer's answers as a client sees them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import LocalServer

ADMIN = {"email": "ops@example.com", "password": "a-long-admin-passphrase"}


@pytest.fixture(scope="module")
def api() -> Iterator[LocalServer]:
    env = {"KEEL_LOCAL_THROTTLING": "0", "KEEL_ADMIN_EMAIL": ADMIN["email"], "KEEL_ADMIN_PASSWORD": ADMIN["password"]}
    srv = LocalServer(env).start()
    yield srv
    srv.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_users_session_from_registration_to_logout_all(api):
    created = api.request(
        "POST", "/v1/auth/register", {"email": "e2e@example.com", "password": "granite-meadow-lantern-7", "name": "E2E"}
    )
    assert created.status == 201 and created.headers["location"] == f"/v1/users/{created.json['data']['id']}"
    pair = api.request(
        "POST", "/v1/auth/login", {"email": "E2E@example.com", "password": "granite-meadow-lantern-7"}
    ).json["data"]
    me = api.request("GET", "/v1/users/me", headers=bearer(pair["access_token"]))
    assert me.status == 200 and me.json["data"]["email"] == "e2e@example.com"
    assert me.headers["cache-control"] == "no-store"
    assert api.request("GET", "/v1/users", headers=bearer(pair["access_token"])).status == 403
    rotated = api.request("POST", "/v1/auth/refresh", {"refresh_token": pair["refresh_token"]}).json["data"]
    assert api.request("POST", "/v1/auth/logout-all", headers=bearer(rotated["access_token"])).status == 204
    after = api.request("GET", "/v1/users/me", headers=bearer(rotated["access_token"]))
    assert after.status == 401 and after.json["error"]["code"] == "UNAUTHORIZED"


def test_the_admin_from_the_environment_can_list_users(api):
    token = api.request("POST", "/v1/auth/login", ADMIN).json["data"]["access_token"]
    listed = api.request("GET", "/v1/users?limit=5", headers=bearer(token))
    assert listed.status == 200
    assert ADMIN["email"] in {u["email"] for u in listed.json["data"]}


@pytest.mark.parametrize("authorization", [None, "Bearer not.a.token", "Basic abc", "Bearer " + "a" * 5000])
def test_bad_credentials_are_enveloped_401s(api, authorization):
    res = api.request("GET", "/v1/users/me", headers={"Authorization": authorization} if authorization else {})
    assert res.status == 401
    assert res.json["success"] is False and res.json["error"]["code"] == "UNAUTHORIZED"


def test_the_jwks_is_public(api):
    keys = api.request("GET", "/.well-known/jwks.json").json["keys"]
    assert keys and all(k["alg"] == "ES256" and "d" not in k for k in keys)
