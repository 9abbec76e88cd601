"""GET /v1/users/me: the caller's profile."""

from keel.http import Endpoint, current_caller, ok
from keel.models.users import User
from keel.repositories import factory
from keel.services import users

app = Endpoint("users_me_get")


@app.handle(responses={200: User})
def get_me():
    return ok(users.get_me(current_caller(app), users=factory.users()))


lambda_handler = app.lambda_handler
