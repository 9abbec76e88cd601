"""Reading DynamoDB's answers to conditional writes: which condition failed, and why a transaction stopped."""

from __future__ import annotations

from botocore.exceptions import ClientError

from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.repositories.aws import error_code

RETRYABLE_REASONS = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})


def condition_failed(exc: ClientError) -> bool:
    return error_code(exc) == "ConditionalCheckFailedException"


def cancellation_reasons(exc: ClientError) -> list[str]:
    """The per-item reason codes of a cancelled transaction ("None" for items that were fine)."""
    if error_code(exc) != "TransactionCanceledException":
        return []
    reasons = exc.response.get("CancellationReasons") or []  # type: ignore[typeddict-item]
    return [str(r.get("Code") or "None") for r in reasons]


def raise_if_retryable(reasons: list[str], exc: ClientError) -> None:
    """A transaction that lost a race with another one, or was throttled, is a 503: retrying may succeed."""
    if any(r in RETRYABLE_REASONS for r in reasons):
        raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s) from exc
