"""The floor for a list route: the least a validated Powertools REST list route does (issue 13).

A bare resolver with ``enable_validation=True`` returning ``list[Post]`` (a pydantic model), from one botocore
Query on a client made at init: the index, partition and page size of Keel's global feed (this month's GSI2
bucket, newest first, one item more than the page). No envelope, cursor, conventions, headers, config or
metrics: Keel's list routes are measured against it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import botocore.session
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel

TABLE = os.environ.get("KEEL_TABLE_NAME", "keel-local")
PAGE = 20
ddb: Any = botocore.session.get_session().create_client("dynamodb")
app = APIGatewayRestResolver(enable_validation=True)


class Post(BaseModel):
    id: str
    author_id: str
    title: str
    body: str
    tags: list[str]
    created_at: str
    updated_at: str
    version: int


def _post(item: dict[str, Any]) -> Post:
    return Post(id=item["id"]["S"], author_id=item["author_id"]["S"], title=item["title"]["S"],
                body=item["body"]["S"], tags=[t["S"] for t in item["tags"]["L"]], created_at=item["created_at"]["S"],
                updated_at=item["updated_at"]["S"], version=int(item["version"]["N"]))  # fmt: skip


@app.get("/v1/posts")
def list_posts() -> list[Post]:
    bucket = f"FEED#{datetime.now(UTC):%Y-%m}"
    found = ddb.query(TableName=TABLE, IndexName="GSI2", KeyConditionExpression="GSI2PK = :p",
                      ExpressionAttributeValues={":p": {"S": bucket}},
                      ScanIndexForward=False, Limit=PAGE + 1)  # fmt: skip
    return [_post(item) for item in found["Items"][:PAGE]]


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
