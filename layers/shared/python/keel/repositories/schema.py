"""Key schema of the single DynamoDB table, shared by repositories, the CDK table and the test/local tables.

Every item has ``PK``/``SK``; secondary access patterns use sparse GSIs (an item is in an index only while it
carries that index's key attributes). ``expires_at`` (epoch seconds) is the TTL attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PK = "PK"
SK = "SK"
TTL_ATTRIBUTE = "expires_at"


@dataclass(frozen=True)
class Index:
    name: str
    pk: str
    sk: str


GSI1 = Index("GSI1", "GSI1PK", "GSI1SK")
GSI2 = Index("GSI2", "GSI2PK", "GSI2SK")
INDEXES: tuple[Index, ...] = (GSI1, GSI2)


def create_table_kwargs(table_name: str) -> dict[str, Any]:
    """``CreateTable`` arguments for this schema (moto, local gateway); CDK builds the same from the constants."""
    attrs = {PK, SK} | {a for i in INDEXES for a in (i.pk, i.sk)}
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in sorted(attrs)],
        "KeySchema": [{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": i.name,
                "KeySchema": [
                    {"AttributeName": i.pk, "KeyType": "HASH"},
                    {"AttributeName": i.sk, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for i in INDEXES
        ],
    }
