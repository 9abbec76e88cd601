"""``make smoke`` against the local server as a user runs it: every check passes, with the dev stage's throttling
on, and the smoke run leaves no account or post behind, also when a check fails halfway."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from infra.ops import smoke
from infra.ops.smoke_checks import login, register
from infra.ops.smoke_client import Client
from infra.ops.smoke_expect import CheckFailed, Session
from infra.ops.smoke_posts import create_post
from tests.support.server import ROOT, LocalServer

ADMIN = {"KEEL_ADMIN_EMAIL": "smoke-admin@example.com", "KEEL_ADMIN_PASSWORD": "watchful-harbour-pilot-9"}


@pytest.fixture(scope="module")
def throttled() -> Iterator[LocalServer]:
    """The local server with the dev stage's throttling on (auth routes 5 rps), as `make serve` runs it."""
    srv = LocalServer(ADMIN).start()
    yield srv
    srv.stop()


def smoke_users(srv: LocalServer) -> list[str]:
    body = {"email": ADMIN["KEEL_ADMIN_EMAIL"], "password": ADMIN["KEEL_ADMIN_PASSWORD"]}
    token = srv.request("POST", "/v1/auth/login", body).json["data"]["access_token"]
    users = srv.request("GET", "/v1/users?limit=100", headers={"Authorization": f"Bearer {token}"}).json["data"]
    return [u["email"] for u in users if "keel-smoke" in u["email"]]


def test_the_smoke_suite_passes_against_the_local_server_and_cleans_up(throttled):
    # Given the local server; When `python -m infra.ops.smoke URL` runs without PYTHONPATH, as the Makefile does
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    url = f"http://127.0.0.1:{throttled.port}"
    done = subprocess.run([sys.executable, "-m", "infra.ops.smoke", url], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    # Then every check passed and its account is gone
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:-1]] == ["PASS"] * (len(smoke.CHECKS) + 1)
    assert lines[-1].startswith(f"smoke: {len(smoke.CHECKS) + 1} passed, 0 failed, 0 skipped")
    assert smoke_users(throttled) == []


def test_a_failing_check_still_deletes_the_post_and_the_account(throttled, capsys):
    def broken(api: Client, s: Session) -> str:
        raise CheckFailed("the contract broke here")

    # Given a run whose fourth check fails after a post was created
    session = smoke.new_session(smoke.EMAIL_DOMAIN)
    counts = smoke.run(Client(f"http://127.0.0.1:{throttled.port}"), session, (register, login, create_post, broken))
    # Then the failure is reported, and the cleanup deleted the post and the account anyway
    out = capsys.readouterr().out
    assert counts == {"PASS": 4, "FAIL": 1, "SKIP": 0}, out
    assert "FAIL  broken           the contract broke here" in out
    assert throttled.request("GET", f"/v1/posts/{session.post_id}").status == 404
    assert smoke_users(throttled) == []
