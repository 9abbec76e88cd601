"""PATCH /v1/posts/{post_id}: owner, moderator or admin; If-Match makes it conditional on the version seen."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path

from keel.http import Endpoint, current_caller, ok
from keel.models.posts import POST_ID_PATTERN, Post, PostUpdate
from keel.repositories.posts import repository
from keel.services import posts as service

app = Endpoint("posts_update")


@app.handle(responses={200: Post, 404: None, 412: None}, headers={200: ["ETag"]})
def update_post(
    post_id: Annotated[str, Path(pattern=POST_ID_PATTERN)],
    patch: Annotated[PostUpdate, Body()],
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
):
    served = service.update(current_caller(app), post_id, patch, if_match=if_match, posts=repository())
    return ok(served.post, headers={"ETag": served.etag})


lambda_handler = app.lambda_handler
