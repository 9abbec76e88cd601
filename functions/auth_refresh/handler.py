"""POST /v1/auth/refresh: rotate the refresh token; a rotated token presented again revokes the session."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.auth import RefreshRequest, TokenPair
from keel.repositories import factory
from keel.services import sessions

app = Endpoint("auth_refresh")


@app.handle(responses={200: TokenPair, 401: None})
def refresh(request: Annotated[RefreshRequest, Body()]):
    return ok(sessions.refresh(request.refresh_token, sessions=factory.sessions(), users=factory.users()))


lambda_handler = app.lambda_handler
