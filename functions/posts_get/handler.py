"""GET /v1/posts/{post_id}: a live post with its ETag; 304 when If-None-Match still matches."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path

from keel.http import Endpoint, empty, ok
from keel.models.posts import POST_ID_PATTERN, Post
from keel.repositories.posts import repository
from keel.services import posts as service

app = Endpoint("posts_get")


@app.handle(responses={200: Post, 304: None, 404: None}, headers={200: ["ETag"], 304: ["ETag"]})
def get_post(
    post_id: Annotated[str, Path(pattern=POST_ID_PATTERN)],
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
):
    served = service.get(post_id, if_none_match=if_none_match, posts=repository())
    if served.not_modified:
        return empty(304, headers={"ETag": served.etag})
    return ok(served.post, headers={"ETag": served.etag})


lambda_handler = app.lambda_handler
