"""PUT /v1/users/me/password: 204 and every session revoked; 403 for a wrong current password; 422 weak."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, current_caller, empty
from keel.models.users import ChangePasswordRequest
from keel.repositories import factory
from keel.services import accounts

app = Endpoint("users_me_password")


@app.handle(responses={204: None, 409: None})
def change_password(request: Annotated[ChangePasswordRequest, Body()]):
    caller = current_caller(app)
    accounts.change_password(caller, request, users=factory.users(), lockouts=factory.lockouts())
    return empty()


lambda_handler = app.lambda_handler
