"""POST /v1/auth/verify-email: 200 with the user, now ``email_verified``; 400 for a used, expired or unknown token."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.mail import VerifyEmailRequest
from keel.models.users import User
from keel.repositories import factory
from keel.services import email_verification

app = Endpoint("auth_verify_email")


@app.handle(responses={200: User, 400: None})
def verify_email(request: Annotated[VerifyEmailRequest, Body()]):
    return ok(email_verification.verify(request, users=factory.users(), mail=factory.mail()))


lambda_handler = app.lambda_handler
