"""The signing-key rotation function, driven step by step the way Secrets Manager drives it (moto)."""

from __future__ import annotations

import time
import uuid

import boto3
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.secretsmanager.models import secretsmanager_backends
from rotate_signing_key import handler

from infra.local.emulator import REGION
from keel.auth import keyset

NAME = "keel/test/rotation"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


@pytest.fixture
def sm(aws):
    return boto3.client("secretsmanager", region_name=REGION)


def begin_rotation(name: str) -> str:
    """What RotateSecret does before it calls the function: a new version labelled AWSPENDING, with no value."""
    secret = secretsmanager_backends[DEFAULT_ACCOUNT_ID][REGION].secrets[name]
    token = str(uuid.uuid4())
    secret.versions[token] = {"createdate": int(time.time()), "version_id": token, "version_stages": ["AWSPENDING"]}
    secret.rotation_requested = secret.rotation_enabled = True
    return token


def run(arn: str, token: str, steps=STEPS) -> None:
    for step in steps:
        handler.lambda_handler({"SecretId": arn, "ClientRequestToken": token, "Step": step}, None)


def current(sm, arn: str) -> tuple[str, keyset.KeySet]:
    value = sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
    return value["VersionId"], keyset.parse(value["SecretString"])


def test_first_rotation_replaces_the_deploy_time_placeholder_with_a_key_set(sm):
    # Given a fresh secret holding the random placeholder CloudFormation generated
    arn = sm.create_secret(Name=NAME, SecretString="random-placeholder-from-cloudformation")["ARN"]
    token = begin_rotation(NAME)

    # When Secrets Manager runs the four steps
    run(arn, token)

    # Then the new version is AWSCURRENT and holds one usable key
    version, keys = current(sm, arn)
    assert version == token
    assert len(keys.keys) == 1


def test_rotation_makes_a_new_key_current_and_keeps_the_previous_one(sm):
    # Given a secret with a key set already in use
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]
    (old_kid,) = [k.kid for k in current(sm, arn)[1].keys]

    # When it is rotated
    token = begin_rotation(NAME)
    run(arn, token)

    # Then a new key signs, the old one still verifies, and the old version is AWSPREVIOUS
    _, keys = current(sm, arn)
    assert [k.kid for k in keys.keys][1:] == [old_kid]
    assert keys.keys[0].kid != old_kid
    stages = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    assert "AWSCURRENT" in stages[token]
    assert sum("AWSPREVIOUS" in s for s in stages.values()) == 1


def test_create_step_puts_the_new_set_as_pending_without_touching_current(sm):
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]
    before, _ = current(sm, arn)
    token = begin_rotation(NAME)

    run(arn, token, steps=("createSecret",))

    pending = sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    assert len(keyset.parse(pending["SecretString"]).keys) == 2
    assert current(sm, arn)[0] == before


def test_retried_steps_do_not_generate_a_second_key(sm):
    # Given a rotation whose createSecret already ran (Secrets Manager retries steps on timeouts)
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]
    token = begin_rotation(NAME)
    run(arn, token, steps=("createSecret",))
    first = sm.get_secret_value(SecretId=arn, VersionId=token)["SecretString"]

    # When every step runs again, and finishSecret twice
    run(arn, token)
    run(arn, token, steps=("finishSecret",))

    # Then the key set is the one created first
    assert sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"] == first


def test_a_pending_value_that_is_not_a_key_set_fails_the_test_step(sm):
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]
    token = begin_rotation(NAME)
    sm.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString="garbage", VersionStages=["AWSPENDING"])

    with pytest.raises(handler.RotationError):
        run(arn, token, steps=("testSecret",))


def test_a_secret_without_rotation_enabled_is_refused(sm):
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]

    with pytest.raises(handler.RotationError, match="not enabled"):
        run(arn, str(uuid.uuid4()), steps=("createSecret",))


def test_a_version_that_is_not_pending_is_refused(sm):
    arn = sm.create_secret(Name=NAME, SecretString=keyset.initial())["ARN"]
    begin_rotation(NAME)

    with pytest.raises(handler.RotationError, match="does not exist"):
        run(arn, str(uuid.uuid4()), steps=("createSecret",))
