"""Local data under ``make serve``, over HTTP: a new store holds the sample users and posts, data survives a
restart and a ``kill -9`` right after an acknowledged write, and ``make reset`` empties it. Each test has a
data folder of its own (pytest-xdist may run them on different workers)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from infra.local.seed import SAMPLE_USER
from infra.local.seed_posts import USER_POST
from tests.support.server import ROOT, LocalServer

pytestmark = pytest.mark.slow

ALICE = {"email": "alice@example.com", "password": "granite-meadow-lantern-7", "name": "Alice"}


def server(data: Path, log: Path | None = None, **env: str) -> LocalServer:
    return LocalServer({"KEEL_LOCAL_THROTTLING": "0", "KEEL_LOCAL_DATA_DIR": str(data), **env}, log_path=log).start()


def login(api: LocalServer, email: str, password: str) -> str | None:
    res = api.request("POST", "/v1/auth/login", {"email": email, "password": password})
    return res.json["data"]["access_token"] if res.status == 200 else None


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def make_reset(data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEEL_LOCAL_DATA_DIR": str(data)}
    return subprocess.run(
        ["make", "-s", "reset"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_a_new_store_holds_the_sample_data_and_make_reset_starts_over(tmp_path):
    data = tmp_path / "data"
    api = server(data, tmp_path / "serve.log")
    try:
        # When the README's sample user logs in on a new store
        token = login(api, SAMPLE_USER.email, SAMPLE_USER.password)
        # Then the token works on a bearer route, checked by the authorizer in environments of its own
        me = api.request("GET", "/v1/users/me", headers=bearer(token))
        assert me.status == 200 and me.json["data"]["email"] == SAMPLE_USER.email
        assert re.search(r"^\[authorizer \w{8}\] REPORT RequestId: ", api.logs(), re.MULTILINE)
        # And the sample posts are there
        assert api.request("GET", f"/v1/posts/{USER_POST}").status == 200
        assert api.request("POST", "/v1/auth/register", ALICE).status == 201
    finally:
        api.stop()
    # When the store is reset
    done = make_reset(data)
    assert done.returncode == 0 and "Emptied" in done.stdout
    # Then the next server starts on a new store: the sample users again, the registered user gone
    api = server(data)
    try:
        assert login(api, ALICE["email"], ALICE["password"]) is None
        assert login(api, SAMPLE_USER.email, SAMPLE_USER.password)
    finally:
        api.stop()


def test_data_survives_a_restart_and_a_kill_9_right_after_a_201(tmp_path):
    data = tmp_path / "data"
    # Given a registered user and their post
    api = server(data)
    assert api.request("POST", "/v1/auth/register", ALICE).status == 201
    token = login(api, ALICE["email"], ALICE["password"])
    kept = api.request("POST", "/v1/posts", {"title": "Kept", "body": "across restarts"}, headers=bearer(token))
    assert kept.status == 201
    # When the server restarts (with an admin from the environment)
    assert api.stop() == 0
    api = server(data, KEEL_ADMIN_EMAIL="ops@example.com", KEEL_ADMIN_PASSWORD="a-long-admin-passphrase")
    # Then the user, their post and the admin are there, and a token issued before the restart still verifies
    assert api.request("GET", "/v1/users/me", headers=bearer(token)).status == 200  # the signing keys were kept
    assert login(api, "ops@example.com", "a-long-admin-passphrase")
    token = login(api, ALICE["email"], ALICE["password"])
    assert api.request("GET", f"/v1/posts/{kept.json['data']['id']}").json["data"]["title"] == "Kept"
    # And a post acknowledged right before a kill -9 is kept too
    acked = api.request("POST", "/v1/posts", {"title": "Acknowledged", "body": "then killed"}, headers=bearer(token))
    assert acked.status == 201
    api.kill()
    api = server(data)
    try:
        assert api.request("GET", f"/v1/posts/{acked.json['data']['id']}").status == 200
    finally:
        api.stop()
