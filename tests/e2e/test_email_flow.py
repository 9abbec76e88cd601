"""SPEC §7 end to end over HTTP against the local server: register, verify through the link in the local outbox,
forget the password, reset it through the outbox link, sign in with the new one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.support.server import LocalServer

pytestmark = pytest.mark.slow
PASSWORD, NEW_PASSWORD = "analytical-engine-1843", "difference-engine-1822"
MAIL_FIELDS = {"id", "kind", "to", "subject", "text", "html", "action_url", "created_at"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    folder = Path(tmp_path_factory.mktemp("mail"))
    env = {"KEEL_LOCAL_THROTTLING": "0", "KEEL_MAIL_OUTBOX_FILE": str(folder / "outbox.jsonl")}
    srv = LocalServer(env, log_path=folder / "console.log").start()
    yield srv
    srv.stop()


def mails(server: LocalServer, to: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    """The local outbox for ``to`` once it holds ``count`` mails (the worker runs behind a stream and a queue)."""
    deadline = time.monotonic() + timeout
    while True:
        res = server.request("GET", f"/_local/outbox?to={to}")
        assert res.status == 200 and res.json["success"] is True
        if len(res.json["data"]) >= count or time.monotonic() > deadline:
            return list(res.json["data"])
        time.sleep(0.2)


def token_of(mail: dict[str, Any]) -> str:
    return parse_qs(urlparse(mail["action_url"]).query)["token"][0]


def test_register_verify_forget_reset_and_sign_in_again(server):
    email = "ada.lovelace@example.com"
    reg = server.request("POST", "/v1/auth/register", {"email": email, "password": PASSWORD, "name": "Ada"})
    assert reg.status == 201 and reg.json["data"]["email_verified"] is False
    # The welcome mail arrives in the local outbox, in SPEC §7's shape
    (welcome,) = mails(server, email, 1)
    assert set(welcome) == MAIL_FIELDS and welcome["kind"] == "verify_email" and welcome["to"] == email
    assert welcome["action_url"] in welcome["text"] and welcome["action_url"] in welcome["html"]
    # ...and is printed once on the server's console, from the worker's own environment
    assert server.logs().count(f"verify_email to {email}:") == 1
    verified = server.request("POST", "/v1/auth/verify-email", {"token": token_of(welcome)})
    assert verified.status == 200 and verified.json["data"]["email_verified"] is True
    # Forgot password: 202, and a reset mail, listed first (newest first)
    forgot = server.request("POST", "/v1/auth/forgot-password", {"email": email.upper()})
    assert forgot.status == 202
    latest, older = mails(server, email, 2)
    assert (latest["kind"], older["kind"]) == ("reset_password", "verify_email")
    reset = server.request("POST", "/v1/auth/reset-password", {"token": token_of(latest), "new_password": NEW_PASSWORD})
    assert reset.status == 204
    assert server.request("POST", "/v1/auth/login", {"email": email, "password": PASSWORD}).status == 401
    signed_in = server.request("POST", "/v1/auth/login", {"email": email, "password": NEW_PASSWORD})
    assert signed_in.status == 200 and signed_in.json["data"]["user"]["email_verified"] is True
    # The link worked once
    again = server.request("POST", "/v1/auth/reset-password", {"token": token_of(latest), "new_password": PASSWORD})
    assert again.status == 400 and again.json["error"]["code"] == "BAD_REQUEST"


def test_forgot_password_answers_alike_for_unknown_addresses_and_mails_nobody(server):
    server.request("POST", "/v1/auth/register", {"email": "known@example.com", "password": PASSWORD, "name": "K"})
    known = server.request("POST", "/v1/auth/forgot-password", {"email": "known@example.com"})
    unknown = server.request("POST", "/v1/auth/forgot-password", {"email": "unknown@example.com"})
    assert known.status == unknown.status == 202
    assert known.json["data"] == unknown.json["data"] and set(known.headers) == set(unknown.headers)
    assert [m["kind"] for m in mails(server, "known@example.com", 2)] == ["reset_password", "verify_email"]
    assert mails(server, "unknown@example.com", 1, timeout=1) == []


def test_the_local_outbox_is_not_an_api_route(server):
    res = server.request("POST", "/_local/outbox")
    assert res.status in (403, 404) and res.json["success"] is False
