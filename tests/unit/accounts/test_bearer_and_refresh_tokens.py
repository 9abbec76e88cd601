"""Parsing the Authorization header and the opaque refresh-token format."""

from __future__ import annotations

import pytest
from ulid import ULID

from keel.auth.bearer import bearer_token
from keel.auth.refresh_tokens import digest, new_refresh_token, session_id_of


@pytest.mark.parametrize(
    ("headers", "multi", "expected"),
    [
        ({"Authorization": "Bearer abc.def.ghi"}, None, "abc.def.ghi"),
        ({"authorization": "bearer abc.def.ghi"}, None, "abc.def.ghi"),
        (None, {"Authorization": ["Bearer abc"]}, "abc"),
        ({"Authorization": "Bearer  abc "}, None, "abc"),
        ({}, None, None),
        (None, None, None),
        ({"Authorization": ""}, None, None),
        ({"Authorization": "Bearer"}, None, None),
        ({"Authorization": "Bearer "}, None, None),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, None, None),
        ({"Authorization": "Bearer a b"}, None, None),
        ({"Authorization": "Bearer abc,Bearer def"}, None, None),
        ({"Authorization": "Bearer ab\u00e9c"}, None, None),
        ({"Authorization": "Bearerabc"}, None, None),
        ({"Authorization": "Bearer abc", "authorization": "Bearer def"}, None, None),
        (None, {"Authorization": ["Bearer abc", "Bearer def"]}, None),
        ({"Authorization": 42}, None, None),
        ("not a mapping", None, None),
    ],
)
def test_exactly_one_well_formed_bearer_credential_is_accepted(headers, multi, expected):
    assert bearer_token({"headers": headers, "multiValueHeaders": multi}) == expected


def test_refresh_tokens_carry_their_session_and_256_random_bits():
    sid = str(ULID())
    token = new_refresh_token(sid)
    assert session_id_of(token) == sid
    secret = token.split(".", 1)[1]
    assert len(secret) == 43  # 32 bytes, base64url without padding
    assert new_refresh_token(sid) != token
    assert digest(token) != token and len(digest(token)) == 64


SID = "01JSEED000000000000000S001"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "x" * 70,
        SID,
        f"{SID}.short",
        f"{SID}.{'a' * 43}\n",
        f"{SID}.{'a' * 42}=",
        f"{SID}.{'a' * 42}.",
        f"a.{'a' * 43}",
        f"{SID}_x.{'a' * 43}",
        f"{SID}.{'a' * 44}",
    ],
)
def test_anything_else_has_no_session(token):
    assert session_id_of(token) is None
