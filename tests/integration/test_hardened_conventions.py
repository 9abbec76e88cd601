"""SPEC §1 rules hardened in issue 9: repeated singleton headers (400), bodies on routes that take none (400),
single-line text refusing Cc/Zl/Zp, ``Vary: Origin`` with CORS, and small error bodies with at most 20 details."""

from __future__ import annotations

import json

import pytest

from keel.config import get_settings
from keel.models.posts import PostCreate
from keel.models.users import UpdateMeRequest
from tests.conftest import call
from tests.support.auth import call_as, signed_in

pytestmark = pytest.mark.usefixtures("aws")


@pytest.mark.parametrize("name", ["Authorization", "Idempotency-Key", "If-Match", "If-None-Match"])
def test_a_singleton_header_sent_twice_is_a_400(name):
    # Given a public route, and a header that must appear once sent on two lines (API Gateway keeps both)
    res = call("posts_get", path_params={"post_id": "01JSEED0000000000000000P01"}, multi_headers={name: ["a", "b"]})
    assert res.status == 400
    assert res.error_code == "BAD_REQUEST"
    assert name in res.json["error"]["message"]


def test_the_same_header_twice_under_two_spellings_is_a_400():
    res = call("posts_get", path_params={"post_id": "01JSEED0000000000000000P01"},
               multi_headers={"If-None-Match": ['"x"'], "if-none-match": ['"y"']})  # fmt: skip
    assert res.status == 400


def test_two_idempotency_keys_never_become_one_merged_key():
    account = signed_in()
    body = {"title": "t", "body": "b"}
    res = call_as("posts_create", account.access_token, body=body,
                  multi_headers={"Idempotency-Key": ["k1", "k2"]})  # fmt: skip
    assert res.status == 400


@pytest.mark.parametrize(
    ("function", "kwargs"),
    [
        ("posts_delete", {"path_params": {"post_id": "01JSEED0000000000000000P01"}}),
        ("users_me_delete", {}),
        ("auth_logout_all", {}),
        ("users_me_get", {}),
    ],
)
def test_a_body_on_a_route_that_takes_none_is_a_400_and_changes_nothing(function, kwargs):
    account = signed_in()
    res = call_as(function, account.access_token, body={"hard": True}, **kwargs)
    assert res.status == 400
    assert res.error_code == "BAD_REQUEST"
    assert call_as("users_me_get", account.access_token).status == 200  # nothing was deleted or revoked


def test_a_public_route_without_a_body_refuses_one_too():
    assert call("health", body="{}").status == 400


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1b"])
def test_single_line_text_refuses_line_and_paragraph_separators(separator):
    with pytest.raises(ValueError):
        UpdateMeRequest(name=f"Ada{separator}Lovelace")
    with pytest.raises(ValueError):
        PostCreate(title=f"Hello{separator}world", body="fine")


def test_a_multi_line_body_still_keeps_newlines_and_tabs():
    assert PostCreate(title="t", body="line one\n\tline two\r\n").body.count("\n") == 2


def test_cors_responses_say_vary_origin(monkeypatch):
    # Given an allow-list of origins
    monkeypatch.setenv("KEEL_CORS_ALLOW_ORIGINS", "https://a.example,https://b.example")
    get_settings.cache_clear()
    # Then answers to an allowed and to another origin both say Vary: Origin (a shared cache must not serve one
    # for the other), with or without an error
    for origin in ("https://b.example", "https://evil.example"):
        for res in (call("health", headers={"Origin": origin}), call("posts_get", path_params={"post_id": "x"})):
            assert "Origin" in [v.strip() for v in res.headers.get("Vary", "").split(",")]


def test_without_cors_nothing_varies_by_origin():
    assert "Vary" not in call("health", headers={"Origin": "https://b.example"}).headers


def test_an_error_body_stays_small_whatever_the_request():
    fields = {f"{i:x}": 1 for i in range(12000)}
    account = signed_in()
    body = json.dumps({"name": "Ada", **fields}, separators=(",", ":"))[: 64 * 1024 - 40]
    body = body[: body.rindex(",")] + "}"  # as many unknown fields as fit in 64 KiB
    res = call_as("users_me_update", account.access_token, body=body)
    assert res.status == 422
    assert len(res.json["error"]["details"]) == 20
    assert len(res.text) <= 4096


def test_unknown_field_errors_are_capped_at_twenty_details():
    account = signed_in()
    fields = {f"f{i}": 1 for i in range(2000)}  # well under 64 KiB
    res = call_as("users_me_update", account.access_token, body={"name": "Ada", **fields})
    assert res.status == 422
    assert len(res.json["error"]["details"]) == 20
    assert len(res.text) <= 4096


def test_a_huge_unknown_field_name_does_not_echo_back_whole():
    account = signed_in()
    res = call_as("users_me_update", account.access_token, body={"name": "Ada", "x" * 60000: 1})
    assert res.status == 422
    assert len(res.text) <= 4096
