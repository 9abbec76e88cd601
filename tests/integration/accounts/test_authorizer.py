"""The REQUEST authorizer (SPEC §5): the contract with API Gateway, a corpus of forged tokens that must all be
401 (never a 500), at most one DynamoDB round trip, and signing-key rotation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from infra.local.events import STAGE
from keel.auth import keyset, signing_keys
from keel.auth.permissions import Role
from keel.auth.tokens import InvalidToken, verify_access_token
from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.repositories import aws as aws_clients
from keel.repositories import factory, secrets
from tests.conftest import call
from tests.support.auth import Account, authorize, authorizer_event, run_authorizer, signed_in
from tests.support.faults import FAULTS, injected
from tests.support.tokens import b64, claims_for, mint, unsigned


@pytest.fixture
def account(aws) -> Account:
    return signed_in()


def test_a_valid_token_is_allowed_on_the_whole_stage_with_the_callers_context(account):
    event = authorizer_event(f"Bearer {account.access_token}", "users_get")
    result = run_authorizer(event)
    assert result is not None
    assert result["principalId"] == account.user_id
    assert result["context"] == {
        "sub": account.user_id,
        "role": "user",
        "sid": account.session_id,
        "email_verified": "false",
    }
    assert result["policyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": f"arn:aws:execute-api:us-east-1:000000000000:local/{STAGE}/*",  # the whole stage
            }
        ],
    }


def test_the_context_carries_the_current_role_from_the_table(aws):
    admin, user = signed_in(Role.ADMIN), signed_in()
    # Given a role changed in the table without the token knowing (no revocation, to isolate the read)
    factory.users().update(user.user_id, {"role": "moderator"})
    assert authorize(user.access_token)["role"] == "moderator"
    assert authorize(admin.access_token)["role"] == "admin"


def _hs256(header_claims: tuple[dict, dict], secret: bytes) -> str:
    signing_input = f"{b64(json.dumps(header_claims[0]))}.{b64(json.dumps(header_claims[1]))}"
    return f"{signing_input}.{b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"


def _forged(account: Account) -> dict[str, str]:
    """Name -> token (or full Authorization header value when it starts with '!')."""
    current = signing_keys.current()
    kid = current.kid
    good = claims_for(account.user_id, account.session_id)
    pem = current.public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    valid_sig = account.access_token.rsplit(".", 1)[1]
    other_key = ec.generate_private_key(ec.SECP256R1())
    header = {"alg": "ES256", "kid": kid, "typ": "at+jwt"}
    head, body, sig = account.access_token.split(".")
    forged = {
        **{f"alg {alg}": unsigned({**header, "alg": alg}, good) for alg in ("none", "None", "NONE", "nOnE")},
        "alg none keeping a real signature": unsigned({**header, "alg": "none"}, good, valid_sig),
        "alg missing": unsigned({"kid": kid, "typ": "at+jwt"}, good, valid_sig),
        "HS256 keyed with the public PEM": _hs256(({**header, "alg": "HS256"}, good), pem),
        "HS256 keyed with the kid": _hs256(({**header, "alg": "HS256"}, good), kid.encode()),
        "HS256 keyed with nothing": _hs256(({**header, "alg": "HS256"}, good), b""),
        "ES384 header": unsigned({**header, "alg": "ES384"}, good, valid_sig),
        "RS256 header": unsigned({**header, "alg": "RS256"}, good, valid_sig),
        "role tampered to admin": f"{head}.{b64(json.dumps({**good, 'role': 'admin'}))}.{sig}",
        "sub tampered": f"{head}.{b64(json.dumps({**good, 'sub': 'someone-else'}))}.{sig}",
        "signature stripped": f"{head}.{body}.",
        "signature of another key": mint(good, key=other_key),
        "expired beyond leeway": mint(claims_for(account.user_id, account.session_id, exp=int(time.time()) - 60)),
        "not yet valid": mint(claims_for(account.user_id, account.session_id, nbf=int(time.time()) + 120)),
        "wrong iss": mint(claims_for(account.user_id, account.session_id, iss="https://evil.example")),
        "wrong aud": mint(claims_for(account.user_id, account.session_id, aud="another-api")),
        "aud list": mint(claims_for(account.user_id, account.session_id, aud=[get_settings().audience, "x"])),
        "role unknown": mint(claims_for(account.user_id, account.session_id, role="superuser")),
        "sub not a string": mint(claims_for(account.user_id, account.session_id, sub=123)),
        "sid not a string": mint(claims_for(account.user_id, account.session_id, sid=["a"])),
        "exp not a number": mint(claims_for(account.user_id, account.session_id, exp="tomorrow")),
        "sid of another user's session": mint(claims_for("01JSOMEONEELSE0000000000000", account.session_id)),
        "unknown sid": mint(claims_for(account.user_id, "01JNOSUCHSESSION0000000000")),
        "unknown kid": mint(good, headers={"kid": "k01unknownkid0000000000000"}),
        "hostile kid: path": mint(good, headers={"kid": "../../../../etc/passwd"}),
        "hostile kid: huge": mint(good, headers={"kid": "k" * 5000}),
        "hostile kid: number": unsigned({**header, "kid": 7}, good, valid_sig),
        "hostile kid: list": unsigned({**header, "kid": [kid]}, good, valid_sig),
        "hostile kid: null byte": mint(good, headers={"kid": kid + "\u0000"}),
        "hostile kid: url": mint(good, headers={"kid": "https://evil.example/jwks.json"}),
        "kid missing": unsigned({"alg": "ES256", "typ": "at+jwt"}, good, valid_sig),
        "jku header pointing elsewhere": mint(
            good, headers={"kid": "k01unknownkid0000000000000", "jku": "https://evil.example"}
        ),
        "embedded jwk": mint(good, key=other_key, headers={"jwk": {"kty": "EC", "crv": "P-256"}}),
        "typ missing": mint(good, headers={"typ": None}),
        "typ JWT": mint(good, headers={"typ": "JWT"}),
        "typ refresh": mint(good, headers={"typ": "rt+jwt"}),
        "refresh token as access token": account.refresh_token,
        "empty": "",
        "dots only": "..",
        "two segments": f"{head}.{body}",
        "five segments (JWE shape)": f"{head}.{body}.{sig}.{sig}.{sig}",
        "header not JSON": f"{b64('not json')}.{body}.{sig}",
        "header a JSON array": f"{b64('[1,2]')}.{body}.{sig}",
        "payload a JSON array": f"{head}.{b64('[1]')}.{sig}",
        "payload not base64": f"{head}.%%%%.{sig}",
        "oversized": f"{head}.{b64('x' * 9000)}.{sig}",
        "non-ascii": f"{head}.{body}.{sig}\u00e9",
        "!basic scheme": f"!Basic {account.access_token}",
        "!bearer without token": "!Bearer",
        "!token without scheme": f"!{account.access_token}",
        "!two tokens": f"!Bearer {account.access_token} {account.access_token}",
        "!comma joined": f"!Bearer {account.access_token},Bearer {account.access_token}",
    }
    return forged


def _outcome(header: str | None) -> str:
    try:
        return "401" if run_authorizer(authorizer_event(header)) is None else "ALLOWED"
    except Exception as exc:  # recorded, not raised: one bad case must not hide the others
        return f"raised {type(exc).__name__}"


def test_every_forged_or_malformed_token_is_a_401_never_an_error(account):
    # Every case is tried and every wrong outcome reported, not just the first one
    outcomes = {
        name: _outcome(token[1:] if token.startswith("!") else f"Bearer {token}")
        for name, token in _forged(account).items()
    }
    assert {name: got for name, got in outcomes.items() if got != "401"} == {}
    assert run_authorizer(authorizer_event(None)) is None
    # and the genuine token still works afterwards
    assert authorize(account.access_token) is not None


def test_expiry_allows_only_a_small_leeway(account):
    # Behaviour at the bound, not the setting restated: 25 s past exp passes, 35 s past does not (leeway <= 30 s)
    now = int(time.time())
    assert authorize(mint(claims_for(account.user_id, account.session_id, exp=now - 25))) is not None
    assert authorize(mint(claims_for(account.user_id, account.session_id, exp=now - 35))) is None
    assert authorize(mint(claims_for(account.user_id, account.session_id, nbf=now + 35))) is None


def test_a_missing_method_arn_is_a_401(account):
    event = authorizer_event(f"Bearer {account.access_token}")
    del event["methodArn"]
    assert run_authorizer(event) is None


@pytest.mark.parametrize("claim", ["iss", "aud", "sub", "exp", "iat", "nbf", "jti", "sid", "role"])
def test_every_claim_is_required(account, claim):
    token = mint(claims_for(account.user_id, account.session_id, **{claim: None}))
    assert authorize(token) is None


def test_issued_tokens_carry_the_spec_header_and_claims(account):
    header = jwt.get_unverified_header(account.access_token)
    assert header == {"alg": "ES256", "kid": signing_keys.current().kid, "typ": "at+jwt"}
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    assert set(claims) == {"iss", "aud", "sub", "exp", "iat", "nbf", "jti", "sid", "role"}
    assert claims["exp"] - claims["iat"] == 900


def test_authorization_costs_at_most_one_dynamodb_round_trip(account):
    calls: list[str] = []
    client = aws_clients.client("dynamodb")
    hook = lambda model, **_: calls.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.dynamodb", hook)
    try:
        assert authorize(account.access_token) is not None
        assert calls == ["BatchGetItem"]
        calls.clear()
        assert authorize(mint(claims_for(account.user_id, "01JNOSUCHSESSION0000000000"))) is None
        assert len(calls) <= 1
        calls.clear()
        assert authorize("garbage") is None
        assert calls == []  # a token that does not verify costs no DynamoDB call at all
    finally:
        client.meta.events.unregister("before-call.dynamodb", hook)


def test_a_dynamodb_outage_is_not_reported_as_a_bad_token(account):
    for fault in FAULTS.values():
        with injected("dynamodb", "BatchGetItem", fault) as fired, pytest.raises(ServiceUnavailableError):
            authorize(account.access_token)  # the gateway's authorizer-failure answer, never a 401
        assert fired


def test_unprocessed_keys_from_the_one_batch_read_are_an_outage_not_a_401_nor_an_allow(account, monkeypatch):
    # Given DynamoDB throttles the authorizer's BatchGetItem and hands the keys back unprocessed
    client = aws_clients.client("dynamodb")
    real = client.batch_get_item

    def throttled(**kwargs):
        real(**kwargs)
        return {"Responses": {}, "UnprocessedKeys": kwargs["RequestItems"]}

    monkeypatch.setattr(client, "batch_get_item", throttled)
    # Then the authorizer fails as unavailable (no second round trip, no 401, no Allow)
    with pytest.raises(ServiceUnavailableError):
        authorize(account.access_token)


def test_a_session_of_another_real_user_is_refused(account):
    # Given two real users, and a token naming one user's id with the other's live session
    other = signed_in()
    token = mint(claims_for(account.user_id, other.session_id))
    # Then it is refused (the session does not belong to the token's sub), and both genuine tokens still work
    assert authorize(token) is None
    assert authorize(mint(claims_for(other.user_id, account.session_id))) is None
    assert authorize(account.access_token) is not None and authorize(other.access_token) is not None


@pytest.mark.parametrize("alg", ["HS256", "ES384", "RS256", "none", "EdDSA"])
def test_the_algorithm_allow_list_itself_refuses_other_algorithms(account, alg):
    # The layer's own allow-list must refuse these before PyJWT's key-type checks get a say
    header = {"alg": alg, "kid": signing_keys.current().kid, "typ": "at+jwt"}
    token = unsigned(header, claims_for(account.user_id, account.session_id), account.access_token.rsplit(".")[-1])
    with pytest.raises(InvalidToken, match=r"^header$"):
        verify_access_token(token)


def _rotate() -> None:
    sm = boto3.client("secretsmanager")
    secret_id = get_settings().signing_key_secret_id
    current = sm.get_secret_value(SecretId=secret_id)["SecretString"]
    sm.put_secret_value(SecretId=secret_id, SecretString=keyset.rotated(current))
    secrets.forget()


def test_after_a_rotation_old_tokens_verify_new_ones_use_the_new_key_and_the_jwks_lists_both(account):
    old_kid = signing_keys.current().kid
    _rotate()
    assert authorize(account.access_token) is not None  # signed by the previous key
    fresh = signed_in()
    new_kid = jwt.get_unverified_header(fresh.access_token)["kid"]
    assert new_kid != old_kid
    jwks = call("jwks").json
    assert [k["kid"] for k in jwks["keys"]] == [new_kid, old_kid]
    _rotate()  # the original key is now two rotations old and is dropped
    assert authorize(account.access_token) is None
    assert authorize(fresh.access_token) is not None


def test_a_kid_rotated_in_elsewhere_is_picked_up_without_waiting_for_the_cache(account, monkeypatch):
    # Given this container cached the secret before another container rotated it
    sm = boto3.client("secretsmanager")
    secret_id = get_settings().signing_key_secret_id
    rotated = keyset.rotated(sm.get_secret_value(SecretId=secret_id)["SecretString"])
    sm.put_secret_value(SecretId=secret_id, SecretString=rotated)
    entry = keyset.parse(rotated).keys[0]
    key = serialization.load_pem_private_key(entry.private_key_pem.encode(), password=None)
    token = mint(claims_for(account.user_id, account.session_id), key=key, headers={"kid": entry.kid})
    # Then, once the cached copy is older than the floor, a token with the new kid verifies
    monkeypatch.setattr(signing_keys, "REFRESH_FLOOR_S", 0.0)
    assert authorize(token) is not None


def test_unknown_kids_do_not_flood_secrets_manager_nor_turn_an_outage_into_an_error(account, monkeypatch):
    reads: list[str] = []
    client = aws_clients.client("secretsmanager")
    hook = lambda model, **_: reads.append(model.name)  # noqa: E731
    client.meta.events.register("before-call.secretsmanager", hook)
    try:
        for n in range(5):
            forged = mint(claims_for(account.user_id, account.session_id), headers={"kid": f"k01unknown{n:016d}"})
            assert authorize(forged) is None
        assert reads == []  # the cached copy is younger than the floor: no re-read
    finally:
        client.meta.events.unregister("before-call.secretsmanager", hook)
    # When Secrets Manager is down and the floor has passed, an unknown kid is still just a 401
    secret_id = get_settings().signing_key_secret_id
    boto3.client("secretsmanager").delete_secret(SecretId=secret_id, ForceDeleteWithoutRecovery=True)
    monkeypatch.setattr(signing_keys, "REFRESH_FLOOR_S", 0.0)
    forged = mint(claims_for(account.user_id, account.session_id), headers={"kid": "k01unknownkid000"})
    assert authorize(forged) is None
    assert authorize(account.access_token) is not None  # and the cached keys keep serving


def test_each_key_is_parsed_once_per_container(account, monkeypatch):
    signing_keys.forget()
    loads: list[str] = []
    original = signing_keys._load
    monkeypatch.setattr(signing_keys, "_load", lambda entry: loads.append(entry.kid) or original(entry))
    for _ in range(5):
        assert authorize(account.access_token) is not None
        signed_in()
    assert loads == [signing_keys.current().kid]


def test_the_jwks_publishes_public_ec_keys_only(aws):
    res = call("jwks")
    assert res.status == 200
    (key,) = res.json["keys"]
    assert set(key) == {"kid", "kty", "crv", "x", "y", "alg", "use"}
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-256", "ES256", "sig")
    assert "d" not in key
    public = ec.EllipticCurvePublicNumbers(
        int.from_bytes(base64.urlsafe_b64decode(key["x"] + "=="), "big"),
        int.from_bytes(base64.urlsafe_b64decode(key["y"] + "=="), "big"),
        ec.SECP256R1(),
    ).public_key()
    assert public == signing_keys.current().public


def test_the_authorizer_reads_no_password_hash_or_refresh_digest(account):
    # Given a signed-in account whose session has rotated once (so it holds a retired digest too)
    refreshed = call("auth_refresh", body={"refresh_token": account.refresh_token})
    assert refreshed.status == 200
    read: list[dict[str, Any]] = []

    def record(parsed: dict[str, Any], **_: Any) -> None:
        read.append(parsed)

    client = aws_clients.client("dynamodb")
    client.meta.events.register("after-call.dynamodb.BatchGetItem", record)
    try:
        # When the authorizer decides on the account's token
        result = run_authorizer(authorizer_event(f"Bearer {account.access_token}", "users_get"))
    finally:
        client.meta.events.unregister("after-call.dynamodb.BatchGetItem", record)
    # Then it allows, having read the session and the user without any secret-derived attribute
    assert result is not None and result["context"]["sid"] == account.session_id
    items = [item for response in read for item in response["Responses"].values() for item in item]
    assert len(items) == 2
    assert not {"password_hash", "refresh_hash", "retired_hashes", "email"} & {k for item in items for k in item}
