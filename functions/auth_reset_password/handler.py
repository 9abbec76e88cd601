"""POST /v1/auth/reset-password: 204, every session revoked and the lockout cleared; 400 bad token, 422 weak."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, empty
from keel.models.mail import ResetPasswordRequest
from keel.repositories import factory
from keel.services import password_reset

app = Endpoint("auth_reset_password")


@app.handle(responses={204: None, 400: None})
def reset_password(request: Annotated[ResetPasswordRequest, Body()]):
    password_reset.reset(request, users=factory.users(), mail=factory.mail(), lockouts=factory.lockouts())
    return empty()


lambda_handler = app.lambda_handler
