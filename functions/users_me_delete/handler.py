"""DELETE /v1/users/me: soft-delete the caller's account; every session is revoked."""

from keel.http import Endpoint, current_caller, empty
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_me_delete")


@app.handle(responses={204: None})
def delete_me():
    users.delete_me(current_caller(app), users=factory.users())
    return empty()


lambda_handler = app.lambda_handler
