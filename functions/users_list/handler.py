"""GET /v1/users: live users, newest first, paginated with signed cursors (admin only)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from keel.http import Endpoint, current_caller, page
from keel.models.users import User
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_list")


@app.handle(responses={200: list[User]})  # type: ignore[dict-item]
def list_users(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=1024)] = None,
):
    found, next_cursor = users.list_users(current_caller(app), limit=limit, cursor=cursor, users=factory.users())
    return page(found, limit=limit, next_cursor=next_cursor)


lambda_handler = app.lambda_handler
