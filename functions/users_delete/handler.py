"""DELETE /v1/users/{user_id}: soft-delete a user and revoke its sessions (admin only)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path

from keel.http import Endpoint, current_caller, empty
from keel.models.ids import ULID_PATTERN
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_delete")


@app.handle(responses={204: None, 404: None})
def delete_user(user_id: Annotated[str, Path(pattern=ULID_PATTERN)]):
    users.delete_user(current_caller(app), user_id, users=factory.users())
    return empty()


lambda_handler = app.lambda_handler
