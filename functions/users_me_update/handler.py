"""PATCH /v1/users/me: change the caller's name; any other field (role, email, ...) is a 422."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, current_caller, ok
from keel.models.users import UpdateMeRequest, User
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_me_update")


@app.handle(responses={200: User})
def update_me(request: Annotated[UpdateMeRequest, Body()]):
    return ok(users.update_me(current_caller(app), request, users=factory.users()))


lambda_handler = app.lambda_handler
