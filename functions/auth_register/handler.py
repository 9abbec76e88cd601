"""POST /v1/auth/register: 201 with the new user and its Location; 409 when the email is taken."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.users import RegisterRequest, User
from keel.repositories import factory
from keel.services import accounts

app = Endpoint("auth_register")


@app.handle(responses={201: User, 409: None}, headers={201: ["Location"]})
def register(request: Annotated[RegisterRequest, Body()]):
    user = accounts.register(request, users=factory.users(), mail=factory.mail())
    return ok(user, status=201, headers={"Location": f"/v1/users/{user.id}"})


lambda_handler = app.lambda_handler
