"""The floor for a write route: the least a validated Powertools REST route does (issue 13).

A bare resolver with ``enable_validation=True``, one pydantic model in, one botocore PutItem on a client made
at init. No envelope, conventions, headers, config or metrics: Keel's write routes are measured against it.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import botocore.session
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel, Field

TABLE = os.environ.get("KEEL_TABLE_NAME", "keel-local")
ddb: Any = botocore.session.get_session().create_client("dynamodb")
app = APIGatewayRestResolver(enable_validation=True)


class NewPost(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20000)


@app.post("/v1/posts")
def create_post(post: NewPost) -> dict[str, str]:
    post_id = uuid.uuid4().hex
    item = {"PK": {"S": f"POST#{post_id}"}, "SK": {"S": "POST"}, "title": {"S": post.title}, "body": {"S": post.body}}
    ddb.put_item(TableName=TABLE, Item=item, ConditionExpression="attribute_not_exists(PK)")
    return {"id": post_id}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
