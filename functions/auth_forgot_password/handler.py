"""POST /v1/auth/forgot-password: 202 whether or not the account exists (same body, same work); 422 bad email."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.mail import RESET_ACCEPTED, Accepted, ForgotPasswordRequest
from keel.repositories import factory
from keel.services import password_reset

app = Endpoint("auth_forgot_password")


@app.handle(responses={202: Accepted})
def forgot_password(request: Annotated[ForgotPasswordRequest, Body()]):
    password_reset.forgot(request, users=factory.users(), mail=factory.mail())
    return ok(RESET_ACCEPTED, status=202)


lambda_handler = app.lambda_handler
