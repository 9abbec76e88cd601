"""Reachability probes for the health route: cheap calls that read no data and no secret value, made with
one attempt and sub-second timeouts so a health check answers quickly even when a dependency hangs."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from keel.config import get_settings
from keel.repositories import aws


def table_reachable() -> bool:
    """``DescribeTable`` answers and the table is ACTIVE."""
    try:
        table = aws.probe_client("dynamodb").describe_table(TableName=get_settings().table_name)["Table"]
    except (ClientError, BotoCoreError):
        return False
    return table.get("TableStatus") in ("ACTIVE", "UPDATING")


def signing_key_reachable() -> bool:
    """``DescribeSecret`` answers (the secret's value is not read) and the secret has a current version."""
    try:
        secret = aws.probe_client("secretsmanager").describe_secret(SecretId=get_settings().signing_key_secret_id)
    except (ClientError, BotoCoreError):
        return False
    versions = secret.get("VersionIdsToStages") or {}
    return any("AWSCURRENT" in stages for stages in versions.values())
