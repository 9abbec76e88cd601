"""GET /v1/users/{user_id}: a user, for an admin or for the user themself."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path

from keel.http import Endpoint, current_caller, ok
from keel.models.ids import ULID_PATTERN
from keel.models.users import User
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_get")


@app.handle(responses={200: User, 404: None})
def get_user(user_id: Annotated[str, Path(pattern=ULID_PATTERN)]):
    return ok(users.get_user(current_caller(app), user_id, users=factory.users()))


lambda_handler = app.lambda_handler
