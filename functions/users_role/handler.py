"""PATCH /v1/users/{user_id}/role: set another user's role (admin only); takes effect at once."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from keel.http import Endpoint, current_caller, ok
from keel.models.ids import ULID_PATTERN
from keel.models.users import RoleChangeRequest, User
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_role")


@app.handle(responses={200: User, 404: None})
def change_role(
    user_id: Annotated[str, Path(pattern=ULID_PATTERN)],
    request: Annotated[RoleChangeRequest, Body()],
):
    return ok(users.change_role(current_caller(app), user_id, request, users=factory.users()))


lambda_handler = app.lambda_handler
