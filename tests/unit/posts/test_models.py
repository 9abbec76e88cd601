"""Post request models: what a client may send."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from keel.models.posts import PostCreate, PostUpdate, StoredPost


def test_a_patch_changes_only_the_fields_sent():
    assert PostUpdate(title="t").changes() == {"title": "t"}
    assert PostUpdate(tags=[]).changes() == {"tags": []}


@pytest.mark.parametrize("fields", [{}, {"title": None}, {"body": "  "}, {"id": "x"}, {"tags": ["a", "a"]}])
def test_invalid_patches(fields):
    with pytest.raises(ValidationError):
        PostUpdate(**fields)


def test_create_forbids_server_owned_fields():
    with pytest.raises(ValidationError) as err:
        PostCreate.model_validate({"title": "t", "body": "b", "author_id": "x", "created_at": "y"})
    assert {e["loc"][0] for e in err.value.errors()} == {"author_id", "created_at"}


def test_the_public_shape_never_carries_storage_fields():
    stored = StoredPost(
        id="i", author_id="a", title="t", body="b", tags=[], created_at="c", updated_at="u", version=1, deleted_at="d"
    )
    assert "deleted_at" not in stored.public().model_dump()


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"title": "a\u0000b"}, False),
        ({"title": "line\nbreak"}, False),
        ({"body": "tab\tand\nnewline\r\n"}, True),
        ({"body": "bell\u0007"}, False),
        ({"title": "émoji 🚀 ok"}, True),
        ({"title": "evil\u202etxt.exe"}, False),
        ({"body": "zero\u200bwidth"}, False),
    ],
)
def test_control_characters_are_refused_except_whitespace_in_bodies(fields, ok):
    body = {"title": "t", "body": "b", **fields}
    if ok:
        PostCreate.model_validate(body)
        PostUpdate.model_validate(fields)
    else:
        with pytest.raises(ValidationError):
            PostCreate.model_validate(body)
        with pytest.raises(ValidationError):
            PostUpdate.model_validate(fields)
