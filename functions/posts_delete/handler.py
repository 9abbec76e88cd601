"""DELETE /v1/posts/{post_id}: soft delete by the owner, a moderator or an admin; optional If-Match."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path

from keel.http import Endpoint, current_caller, empty
from keel.models.posts import POST_ID_PATTERN
from keel.repositories.posts import repository
from keel.services import posts as service

app = Endpoint("posts_delete")


@app.handle(responses={204: None, 404: None, 412: None})
def delete_post(
    post_id: Annotated[str, Path(pattern=POST_ID_PATTERN)],
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
):
    service.delete(current_caller(app), post_id, if_match=if_match, posts=repository())
    return empty(204)


lambda_handler = app.lambda_handler
