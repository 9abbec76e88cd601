"""Secrets Manager rotation of the JWT signing-key set (invoked by Secrets Manager, not by API Gateway).

The four steps of a rotation, each called with the secret's ARN and the new version's ``ClientRequestToken``:
createSecret stores ``keyset.rotated(current)`` as AWSPENDING (a new current key, the previous one kept so the
tokens it signed still verify); setSecret has nothing to do (no external system holds the key); testSecret
checks that the pending value is a usable key set; finishSecret moves AWSCURRENT to the new version. At first
deploy the current value is a random placeholder, which ``rotated`` replaces with a fresh key set.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from keel.auth import keyset
from keel.observability import logger
from keel.repositories import aws

CURRENT, PENDING = "AWSCURRENT", "AWSPENDING"


class RotationError(Exception):
    """The secret is not in a state this step can act on; Secrets Manager marks the rotation failed."""


def _pending_exists(sm: Any, arn: str, token: str) -> bool:
    try:
        sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage=PENDING)
    except sm.exceptions.ResourceNotFoundException:
        return False
    return True


def step_create(sm: Any, arn: str, token: str) -> None:
    current = sm.get_secret_value(SecretId=arn, VersionStage=CURRENT)["SecretString"]
    if _pending_exists(sm, arn, token):  # a retried step: the new key set is already stored
        return
    sm.put_secret_value(
        SecretId=arn, ClientRequestToken=token, SecretString=keyset.rotated(current), VersionStages=[PENDING]
    )


def step_set(sm: Any, arn: str, token: str) -> None:
    """Nothing outside Secrets Manager holds the keys: the API reads them from the secret."""


def step_test(sm: Any, arn: str, token: str) -> None:
    pending = sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage=PENDING)["SecretString"]
    try:
        keys = keyset.parse(pending).keys
        for entry in keys:
            key = load_pem_private_key(entry.private_key_pem.encode(), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
                raise ValueError("not a P-256 key")
    except ValueError as exc:
        raise RotationError("the pending signing-key set is not usable") from exc


def step_finish(sm: Any, arn: str, token: str) -> None:
    versions = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    current = next((v for v, stages in versions.items() if CURRENT in stages), None)
    if current == token:  # a retried step: already finished
        return
    sm.update_secret_version_stage(
        SecretId=arn, VersionStage=CURRENT, MoveToVersionId=token, RemoveFromVersionId=current
    )


STEPS = {"createSecret": step_create, "setSecret": step_set, "testSecret": step_test, "finishSecret": step_finish}


def _check_version(sm: Any, arn: str, token: str) -> bool:
    """Whether this rotation still has work to do; raises for a secret or version it must not touch."""
    meta = sm.describe_secret(SecretId=arn)
    if not meta.get("RotationEnabled"):
        raise RotationError("rotation is not enabled on this secret")
    stages = meta.get("VersionIdsToStages", {}).get(token)
    if stages is None:
        raise RotationError("the version to rotate to does not exist")
    if CURRENT in stages:
        return False
    if PENDING not in stages:
        raise RotationError("the version to rotate to is not pending")
    return True


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    if step not in STEPS:
        raise RotationError(f"unknown rotation step {step!r}")
    sm = aws.client("secretsmanager")
    if not _check_version(sm, arn, token):
        logger.info("signing-key version already current", extra={"step": step, "version": token})
        return
    STEPS[step](sm, arn, token)
    logger.info("signing-key rotation step done", extra={"step": step, "version": token})
