"""POST /v1/auth/logout: revoke the refresh token's session; 204 whether or not the token was known."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, empty
from keel.models.auth import RefreshRequest
from keel.repositories import factory
from keel.services import revocation

app = Endpoint("auth_logout")


@app.handle(responses={204: None})
def logout(request: Annotated[RefreshRequest, Body()]):
    revocation.logout(request.refresh_token, sessions=factory.sessions())
    return empty()


lambda_handler = app.lambda_handler
