"""The emulator answers a write with the state that write produced, however many writes race.

moto's write requests serialize the stored item after the backend call; an item a concurrent update mutates in
place then answers with someone else's version. A slow serializer widens that window so the race shows every
time instead of only on a loaded machine.
"""

from __future__ import annotations

import time

import pytest
from moto.dynamodb.models.dynamo_type import Item

from tests.integration.posts.test_update_delete import _race
from tests.support.posts import create, get


@pytest.fixture
def slow_serializer(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Item.to_json

    def slow(self: Item) -> dict:
        time.sleep(0.002)
        return original(self)

    monkeypatch.setattr(Item, "to_json", slow)


def test_each_concurrent_update_answers_the_version_it_wrote(aws, slow_serializer):
    # Given a post, When 12 unconditional updates race
    post_id = create().data["id"]
    results = _race(post_id, None, writers=12)
    # Then every answer names a distinct version, the one its own write produced
    assert sorted(r.post.version for r in results) == list(range(2, 14))
    assert get(post_id).data["version"] == 13
