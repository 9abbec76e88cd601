"""A thin typed wrapper over the low-level DynamoDB client: (de)serialization and error translation.

The low-level client is used instead of ``boto3.resource`` because it imports and initialises faster.
Repositories build keys and conditions; this module only moves items.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from keel.repositories import aws

_ser = TypeSerializer()
_de = TypeDeserializer()

Item = dict[str, Any]


def serialize(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _ser.serialize(v) for k, v in item.items() if v is not None}


def deserialize(raw: Mapping[str, Any]) -> Item:
    return {k: _plain(_de.deserialize(v)) for k, v in raw.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def values(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Serialize ``ExpressionAttributeValues``."""
    return {k: _ser.serialize(v) for k, v in mapping.items()}


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

    def transact_write(self, items: list[dict[str, Any]]) -> None:
        """``TransactWriteItems``; each element is ``{"Put"|"Update"|...: {...}}`` without ``TableName``."""
        for element in items:
            for body in element.values():
                body["TableName"] = self.name
        with aws.unavailable_as_503():
            self.client.transact_write_items(TransactItems=items)
