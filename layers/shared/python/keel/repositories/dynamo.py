"""A thin typed wrapper over the low-level DynamoDB client: (de)serialization and error translation.

The low-level client is used instead of ``boto3.resource`` because it imports and initialises faster.
Repositories build keys and conditions; this module only moves items.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from botocore.exceptions import ClientError

from keel.repositories import aws
from keel.repositories.conditions import cancellation_reasons, raise_if_retryable

Item = dict[str, Any]


def to_attr(value: Any) -> dict[str, Any]:
    """One Python value as a DynamoDB AttributeValue (str, int, float/Decimal, bool, None, list, dict, set of str).

    Written here rather than taken from ``boto3.dynamodb.types`` because importing that module imports boto3
    and s3transfer, ~100 ms of every cold start for two small functions.
    """
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float | Decimal):
        return {"N": str(value)}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, set | frozenset):
        return {"SS": sorted(str(v) for v in value)}
    if isinstance(value, list | tuple):
        return {"L": [to_attr(v) for v in value]}
    if isinstance(value, Mapping):
        return {"M": {str(k): to_attr(v) for k, v in value.items()}}
    raise TypeError(f"cannot store {type(value).__name__} in DynamoDB")


def from_attr(attr: Mapping[str, Any]) -> Any:
    """The Python value of a DynamoDB AttributeValue (numbers as int when integral, else float)."""
    ((kind, value),) = attr.items()
    if kind in {"S", "BOOL", "B"}:  # the usual attributes first (a constant frozenset lookup)
        return value
    if kind == "N":
        if value.isascii() and value.isdigit():  # a plain non-negative integer (versions, epochs): no Decimal
            return int(value)
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "NULL":
        return None
    if kind == "L":
        return [from_attr(v) for v in value]
    if kind == "M":
        return {k: from_attr(v) for k, v in value.items()}
    if kind in ("SS", "NS", "BS"):
        return sorted(from_attr({kind[0]: v}) for v in value)
    raise TypeError(f"unknown DynamoDB type {kind}")


def serialize(item: Mapping[str, Any]) -> dict[str, Any]:
    """An item for PutItem/Key: attributes whose value is None are left out."""
    return {k: to_attr(v) for k, v in item.items() if v is not None}


def deserialize(raw: Mapping[str, Any]) -> Item:
    return {k: from_attr(v) for k, v in raw.items()}


def values(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Serialize ``ExpressionAttributeValues``."""
    return {k: to_attr(v) for k, v in mapping.items()}


class ConditionFailed(Exception):
    """A write's condition did not hold. ``old`` is the item as it was, when the write asked for it
    (``ReturnValuesOnConditionCheckFailure="ALL_OLD"``)."""

    def __init__(self, old: Item | None) -> None:
        super().__init__("condition failed")
        self.old = old


class TransactionCancelled(Exception):
    """A transaction's condition did not hold, so nothing was written; ``reasons`` has one code per element."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("transaction cancelled")
        self.reasons = reasons


class Table:
    """One DynamoDB table. Every call translates throttling/timeouts/5xx into a 503 error."""

    def __init__(self, name: str, client: Any | None = None) -> None:
        self.name = name
        self._client = client

    @property
    def client(self) -> Any:
        return self._client if self._client is not None else aws.client("dynamodb")

    def get(self, key: Mapping[str, str], *, consistent: bool = False) -> Item | None:
        with aws.unavailable_as_503():
            resp = self.client.get_item(TableName=self.name, Key=serialize(key), ConsistentRead=consistent)
        return deserialize(resp["Item"]) if "Item" in resp else None

    def call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        """Run any client operation against this table with error translation (``TableName`` filled in)."""
        with aws.unavailable_as_503():
            return dict(getattr(self.client, operation)(TableName=self.name, **kwargs))

    def conditional(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        """A conditional write (``put_item``, ``update_item``, ``delete_item``); ``ConditionFailed`` when its
        condition does not hold, so repositories never inspect SDK error codes for it."""
        try:
            return self.call(operation, **kwargs)
        except ClientError as exc:
            if aws.error_code(exc) != "ConditionalCheckFailedException":
                raise
            old: Mapping[str, Any] | None = exc.response.get("Item")  # type: ignore[assignment]
            raise ConditionFailed(deserialize(old) if old else None) from exc

    def transact_write(self, items: list[dict[str, Any]]) -> None:
        """``TransactWriteItems``; each element is ``{"Put"|"Update"|...: {...}}`` without ``TableName``."""
        for element in items:
            for body in element.values():
                body["TableName"] = self.name
        with aws.unavailable_as_503():
            self.client.transact_write_items(TransactItems=items)

    def transact_conditional(self, items: list[dict[str, Any]]) -> None:
        """``transact_write`` whose conditions may refuse it: ``TransactionCancelled`` then, so repositories never
        inspect SDK error codes; a transaction that lost a race with another or was throttled is a 503."""
        try:
            self.transact_write(items)
        except ClientError as exc:
            reasons = cancellation_reasons(exc)
            raise_if_retryable(reasons, exc)
            if not reasons:
                raise
            raise TransactionCancelled(reasons) from exc
