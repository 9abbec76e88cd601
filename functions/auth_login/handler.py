"""POST /v1/auth/login: a new session and token pair; one 401 for every bad credential; 429 while locked."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from keel.http import Endpoint, ok
from keel.models.auth import LoginRequest, LoginResult
from keel.repositories import factory
from keel.services import login as service

app = Endpoint("auth_login")


@app.handle(responses={200: LoginResult, 401: None})
def login(request: Annotated[LoginRequest, Body()]):
    result = service.login(request, users=factory.users(), sessions=factory.sessions(), lockouts=factory.lockouts())
    return ok(result)


lambda_handler = app.lambda_handler
