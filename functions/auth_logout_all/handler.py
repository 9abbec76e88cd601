"""POST /v1/auth/logout-all: revoke every session of the caller (their access tokens die with them)."""

from keel.http import Endpoint, current_caller, empty
from keel.repositories import factory
from keel.services import revocation

app = Endpoint("auth_logout_all")


@app.handle(responses={204: None})
def logout_all():
    revocation.logout_all(current_caller(app), users=factory.users())
    return empty()


lambda_handler = app.lambda_handler
