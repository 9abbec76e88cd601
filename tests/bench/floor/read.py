"""The floor for a read route: the least a validated Powertools REST route does (issue 13).

A bare resolver with ``enable_validation=True``, one pydantic model out, one botocore GetItem on a client made
at init. No envelope, conventions, headers, config or metrics: Keel's read routes are measured against it.
"""

from __future__ import annotations

import os
from typing import Any

import botocore.session
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from pydantic import BaseModel

TABLE = os.environ.get("KEEL_TABLE_NAME", "keel-local")
ddb: Any = botocore.session.get_session().create_client("dynamodb")
app = APIGatewayRestResolver(enable_validation=True)


class Post(BaseModel):
    id: str
    title: str
    body: str


@app.get("/v1/posts/<post_id>")
def get_post(post_id: str) -> Post:
    item = ddb.get_item(TableName=TABLE, Key={"PK": {"S": f"POST#{post_id}"}, "SK": {"S": "POST"}}).get("Item")
    if item is None:
        raise NotFoundError("post not found")
    return Post(id=item["id"]["S"], title=item["title"]["S"], body=item["body"]["S"])


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
