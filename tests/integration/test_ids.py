"""Path ids are ULIDs, exactly: anything else breaks the schema (422), an unknown valid id is 404."""

from __future__ import annotations

import pytest

from tests.conftest import call

VALID_UNKNOWN = "01J0000000000000000000NXNE"


@pytest.mark.parametrize("post_id", [VALID_UNKNOWN.lower(), VALID_UNKNOWN[:-1], "x" * 26])
def test_a_malformed_post_id_is_422_naming_the_field(aws, post_id):
    res = call("posts_get", path_params={"post_id": post_id})
    assert res.status == 422
    assert res.json["error"]["details"][0]["field"] == "post_id"


def test_an_unknown_well_formed_post_id_is_404(aws):
    assert call("posts_get", path_params={"post_id": VALID_UNKNOWN}).status == 404
