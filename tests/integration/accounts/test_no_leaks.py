"""Secrets stay where they belong: no password, token or hash in logs, metrics or responses; stored items
hold only an Argon2 hash of each password and a SHA-256 digest of each refresh token."""

from __future__ import annotations

import json

import boto3

from keel.auth.refresh_tokens import digest
from keel.config import get_settings
from tests.conftest import call
from tests.support.auth import call_as, login, register
from tests.support.logs import captured_logs

FIRST, SECOND = "granite-meadow-lantern-7", "cobalt-lantern-drift-9"


def _items() -> list[dict]:
    return boto3.client("dynamodb").scan(TableName=get_settings().table_name)["Items"]


def test_no_secret_leaves_its_place(aws, capsys):
    responses: list[str] = []
    with captured_logs() as logs:
        responses.append(register("leak@example.com", FIRST).text)
        responses.append(login("leak@example.com", "a-wrong-password-guess").text)
        first = login("leak@example.com", FIRST)
        responses.append(first.text)
        refreshed = call("auth_refresh", body={"refresh_token": first.data["refresh_token"]})
        responses.append(refreshed.text)
        responses.append(call("auth_refresh", body={"refresh_token": first.data["refresh_token"]}).text)  # reuse
        second = login("leak@example.com", FIRST).data
        change = {"current_password": FIRST, "new_password": SECOND}
        responses.append(call_as("users_me_password", second["access_token"], body=change).text)
        third = login("leak@example.com", SECOND).data
        responses.append(call("auth_logout", body={"refresh_token": third["refresh_token"]}).text)

    refresh_tokens = [first.data["refresh_token"], refreshed.data["refresh_token"], second["refresh_token"],
                      third["refresh_token"]]  # fmt: skip
    access_tokens = [first.data["access_token"], refreshed.data["access_token"], third["access_token"]]
    items = _items()
    hashes = [i["password_hash"]["S"] for i in items if "password_hash" in i]
    digests = [i["refresh_hash"]["S"] for i in items if "refresh_hash" in i]
    assert hashes and digests
    assert set(digests) <= {digest(t) for t in refresh_tokens}

    logged = logs.text + capsys.readouterr().out  # log lines and metrics
    assert logs.events("LoginFailed") and logs.events("LoginSucceeded") and logs.events("RefreshReuseDetected")
    refresh_secrets = [t.split(".", 1)[1] for t in refresh_tokens]
    for secret in [FIRST, SECOND, "a-wrong-password-guess", *refresh_secrets, *access_tokens, *hashes, *digests]:
        assert secret not in logged
    answered = "".join(responses)  # tokens are handed out once, by design; nothing else is
    for secret in [FIRST, SECOND, "a-wrong-password-guess", *hashes, *digests]:
        assert secret not in answered

    stored = json.dumps(items)
    for secret in [FIRST, SECOND, "a-wrong-password-guess", *refresh_tokens, *access_tokens]:
        assert secret not in stored
    for item in items:
        for name, value in item.items():
            text = json.dumps(value)
            if any(h in text for h in hashes):
                assert name == "password_hash" and item["PK"]["S"].startswith("USER#")
            if any(d in text for d in digests):
                assert name == "refresh_hash" and item["PK"]["S"].startswith("SESSION#")
