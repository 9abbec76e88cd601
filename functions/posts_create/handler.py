"""POST /v1/posts: create a post (any signed-in user); with an Idempotency-Key a repeat returns the first 201."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Header

from keel.http import Endpoint, current_caller, ok
from keel.models.posts import Post, PostCreate
from keel.repositories.posts import repository
from keel.services import posts as service
from keel.services.posts import IDEMPOTENCY_KEY_HELP

app = Endpoint("posts_create")


@app.handle(responses={201: Post, 409: None}, headers={201: ["Location", "ETag", "Idempotent-Replayed"]})
def create_post(
    request: Annotated[PostCreate, Body()],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", description=IDEMPOTENCY_KEY_HELP)] = None,
):
    served = service.create(current_caller(app), request, idempotency_key=idempotency_key, posts=repository())
    headers = {"Location": f"/v1/posts/{served.post.id}", "ETag": served.etag}
    if served.replayed:
        headers["Idempotent-Replayed"] = "true"
    return ok(served.post, status=201, headers=headers)


lambda_handler = app.lambda_handler
