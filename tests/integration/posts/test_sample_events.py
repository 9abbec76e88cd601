"""Every sample event under events/posts_*/ runs against the seeded emulator with the status its name promises
(what ``make invoke FN=... EVENT=...`` shows a tester)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.local.functions import invoke
from infra.local.seed_posts import USER_POST, seed_sample_posts

EVENTS = Path(__file__).resolve().parents[3] / "events"

EXPECTED = {
    "posts_create/ok.json": 201,
    "posts_create/idempotent.json": 201,
    "posts_create/anonymous.json": 401,
    "posts_create/unknown_field.json": 422,
    "posts_create/invalid_fields.json": 422,
    "posts_create/not_json.json": 415,
    "posts_create/duplicate_keys.json": 400,
    "posts_list/feed.json": 200,
    "posts_list/feed_page_of_2.json": 200,
    "posts_list/by_author.json": 200,
    "posts_list/limit_out_of_range.json": 422,
    "posts_list/bad_cursor.json": 400,
    "posts_get/ok.json": 200,
    "posts_get/not_modified.json": 304,
    "posts_get/not_found.json": 404,
    "posts_get/deleted.json": 404,
    "posts_get/malformed_id.json": 422,
    "posts_update/owner.json": 200,
    "posts_update/moderator_edits_other.json": 200,
    "posts_update/admin_edits_other.json": 200,
    "posts_update/forbidden.json": 403,
    "posts_update/stale_if_match.json": 412,
    "posts_update/not_found.json": 404,
    "posts_update/anonymous.json": 401,
    "posts_update/unknown_field.json": 422,
    "posts_delete/owner.json": 204,
    "posts_delete/moderator_deletes_other.json": 204,
    "posts_delete/admin_deletes_other.json": 204,
    "posts_delete/forbidden.json": 403,
    "posts_delete/stale_if_match.json": 412,
    "posts_delete/already_deleted.json": 404,
    "posts_delete/anonymous.json": 401,
}


def test_every_posts_event_has_an_expectation():
    on_disk = {str(p.relative_to(EVENTS)) for p in EVENTS.glob("posts_*/*.json")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_event(aws, name):
    seed_sample_posts()
    event = json.loads((EVENTS / name).read_text())

    response = invoke(name.split("/")[0], event)

    assert response["statusCode"] == EXPECTED[name], response["body"]


def test_seeding_twice_changes_nothing(aws):
    seed_sample_posts()
    seed_sample_posts()
    mine = invoke("posts_list", json.loads((EVENTS / "posts_list/by_author.json").read_text()))
    assert [p["id"] for p in json.loads(mine["body"])["data"]] == [USER_POST]  # the deleted sample is not listed
