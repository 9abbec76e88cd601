"""Local data under ``make serve``, over HTTP: a new store holds the sample users and posts, data survives a
restart and a ``kill -9`` right after an acknowledged write, and ``make reset`` empties it. The tests run in
order on one data folder (four server starts in all)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.local.seed import SAMPLE_USER
from infra.local.seed_posts import USER_POST
from tests.support.server import ROOT, LocalServer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("local-data")]

ALICE = {"email": "alice@example.com", "password": "granite-meadow-lantern-7", "name": "Alice"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


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


@pytest.fixture(scope="module")
def first_run(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A server on an empty data folder (stopped by the restart test, or at the end)."""
    api = server(data, tmp_path_factory.mktemp("logs") / "serve.log")
    yield api
    if api.proc and api.proc.poll() is None:
        api.stop()


def test_a_new_store_holds_the_sample_users_and_posts(first_run):
    # When the README's sample user logs in on a new store
    token = login(first_run, SAMPLE_USER.email, SAMPLE_USER.password)
    # Then the token works on a bearer route, checked by the authorizer in environments of its own
    me = first_run.request("GET", "/v1/users/me", headers=bearer(token))
    assert me.status == 200 and me.json["data"]["email"] == SAMPLE_USER.email
    assert re.search(r"^\[authorizer \w{8}\] REPORT RequestId: ", first_run.logs(), re.MULTILINE)
    # And the sample posts are there
    assert first_run.request("GET", f"/v1/posts/{USER_POST}").status == 200


def test_data_survives_a_restart_and_a_kill_9_right_after_a_201(first_run, data):
    # Given a registered user and their post
    assert first_run.request("POST", "/v1/auth/register", ALICE).status == 201
    token = login(first_run, ALICE["email"], ALICE["password"])
    kept = first_run.request("POST", "/v1/posts", {"title": "Kept", "body": "across restarts"}, headers=bearer(token))
    assert kept.status == 201
    # When the server restarts (with an admin from the environment)
    assert first_run.stop() == 0
    api = server(data, KEEL_ADMIN_EMAIL="ops@example.com", KEEL_ADMIN_PASSWORD="a-long-admin-passphrase")
    # Then the user, their post and the admin are there
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


def test_make_reset_empties_the_store(data):
    done = make_reset(data)
    assert done.returncode == 0 and "Emptied" in done.stdout
    api = server(data)
    try:
        assert login(api, ALICE["email"], ALICE["password"]) is None
        assert login(api, SAMPLE_USER.email, SAMPLE_USER.password)
    finally:
        api.stop()
