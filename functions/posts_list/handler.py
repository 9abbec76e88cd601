"""GET /v1/posts: posts newest first, globally or by author, one page per call with a signed cursor."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from keel.http import Endpoint, page
from keel.models.posts import USER_ID_PATTERN, Post
from keel.repositories.posts import repository
from keel.services import posts as service

app = Endpoint("posts_list")


@app.handle(responses={200: list[Post]})  # type: ignore[dict-item]
def list_posts(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page (opaque)")] = None,
    author_id: Annotated[str | None, Query(pattern=USER_ID_PATTERN)] = None,
):
    listing = service.list_posts(limit=limit, cursor=cursor, author_id=author_id, posts=repository())
    return page(listing.posts, limit=limit, next_cursor=listing.next_cursor)


lambda_handler = app.lambda_handler
