"""POST /v1/auth/forgot-password: 202 whether or not the account exists (same body, same work); 422 bad email."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.mail import RESET_ACCEPTED, Accepted, ForgotPasswordRequest
from keel.repositories import factory
from keel.services import forgot_password

app = Endpoint("auth_forgot_password")


@app.handle(responses={202: Accepted})
def request_reset_link(request: Annotated[ForgotPasswordRequest, Body()]):
    forgot_password.forgot(request, users=factory.users(), mail=factory.mail())
    return ok(RESET_ACCEPTED, status=202)


lambda_handler = app.lambda_handler
