"""Post shapes, kept apart: what a client may send, what it gets back, and what the table stores.

Request models forbid unknown fields (no mass assignment: ``author_id``, ``version``... are never accepted).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from keel.models.ids import ULID_PATTERN
from keel.models.text import multi_line, single_line

# Canonical ULID: 26 Crockford base32 characters, upper case, first one 0-7 (48-bit timestamp).
POST_ID_PATTERN = ULID_PATTERN
USER_ID_PATTERN = ULID_PATTERN
TAG_PATTERN = r"^[a-z0-9-]{1,32}$"
MAX_TAGS = 10

Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS, json_schema_extra={"uniqueItems": True})]


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise PydanticCustomError("blank", "Must not be blank.")
    return value


def _unique(tags: list[str] | None) -> list[str] | None:
    if tags is not None and len(set(tags)) != len(tags):
        raise PydanticCustomError("unique", "Tags must be unique.")
    return tags


class PostCreate(BaseModel):
    """POST /v1/posts body."""

    model_config = ConfigDict(extra="forbid")
    title: Title
    body: Text
    tags: Tags = []

    _blank = field_validator("title", "body")(_not_blank)
    _title = field_validator("title")(single_line)
    _body = field_validator("body")(multi_line)
    _tags = field_validator("tags")(_unique)


def _patch_schema(schema: dict[str, Any]) -> None:
    """Document what the validators enforce: fields may be omitted but not null, and at least one is sent."""
    for prop in schema.get("properties", {}).values():
        options = [o for o in prop.pop("anyOf", []) if o.get("type") != "null"]
        if len(options) == 1:
            prop.update(options[0])
        elif options:
            prop["anyOf"] = options
        prop.pop("default", None)
    schema["minProperties"] = 1


class PostUpdate(BaseModel):
    """PATCH /v1/posts/{post_id} body: at least one field; a field that is sent may not be null."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)
    title: Title | None = None
    body: Text | None = None
    tags: Tags | None = None

    _blank = field_validator("title", "body")(_not_blank)
    _title = field_validator("title")(single_line)
    _body = field_validator("body")(multi_line)
    _tags = field_validator("tags")(_unique)

    @field_validator("title", "body", "tags")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("not_null", "May be omitted but not null.")
        return value

    @model_validator(mode="after")
    def _something(self) -> PostUpdate:
        if not self.model_fields_set:
            raise PydanticCustomError("empty_patch", "Send at least one of title, body, tags.")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, and only those."""
        return self.model_dump(include=self.model_fields_set)


class Post(BaseModel):
    """A post as clients see it."""

    id: str
    author_id: str
    title: str
    body: str
    tags: list[str]
    created_at: str
    updated_at: str
    version: int


class StoredPost(Post):
    """A post as the table holds it: soft-deleted posts keep their content and gain ``deleted_at``."""

    deleted_at: str | None = None

    def public(self) -> Post:
        return Post.model_validate(self.model_dump(exclude={"deleted_at"}))
