"""The breaking-change rule, proved on modified copies of the committed document."""

from __future__ import annotations

import copy
import json

import pytest

from infra.ops.openapi_diff import breaking_changes, main
from infra.ops.openapi_doc import COMMITTED


@pytest.fixture(scope="module")
def committed():
    return json.loads(COMMITTED.read_text())


@pytest.fixture
def doc(committed):
    return copy.deepcopy(committed)


def test_the_document_does_not_break_itself(committed, doc):
    assert breaking_changes(committed, doc) == []


def test_a_removed_response_field_breaks_clients(committed, doc):
    del doc["components"]["schemas"]["Post"]["properties"]["version"]
    breaks = breaking_changes(committed, doc)
    assert "removed field: GET /v1/posts/{post_id} 200.data.version" in breaks


def test_a_new_required_body_field_breaks_clients(committed, doc):
    schema = doc["components"]["schemas"]["PostCreate"]
    schema["properties"]["slug"] = {"type": "string"}
    schema["required"].append("slug")
    assert breaking_changes(committed, doc) == ["newly required: POST /v1/posts body.slug"]


def test_a_removed_enum_value_breaks_clients(committed, doc):
    doc["components"]["schemas"]["Role"]["enum"].remove("moderator")
    breaks = breaking_changes(committed, doc)
    assert breaks and all(line.startswith("removed enum:") and '"moderator"' in line for line in breaks)


def test_a_removed_operation_and_a_narrowed_type_break_clients(committed, doc):
    del doc["paths"]["/v1/users/me"]["delete"]
    doc["components"]["schemas"]["Pagination"]["properties"]["next_cursor"] = {"type": "string"}
    breaks = breaking_changes(committed, doc)
    assert "removed operation: DELETE /v1/users/me" in breaks
    assert "removed type: GET /v1/posts 200.pagination.next_cursor null" in breaks


def test_an_added_optional_field_or_operation_passes(committed, doc):
    doc["components"]["schemas"]["PostCreate"]["properties"]["summary"] = {"type": "string", "maxLength": 200}
    doc["components"]["schemas"]["Post"]["properties"]["summary"] = {"type": "string"}
    doc["paths"]["/v1/posts"]["put"] = copy.deepcopy(doc["paths"]["/v1/posts"]["post"])
    assert breaking_changes(committed, doc) == []


def test_a_new_version_accepts_a_breaking_change(committed, doc):
    del doc["paths"]["/v1/users/me"]["delete"]
    doc["info"]["version"] = "0.2.0"
    assert breaking_changes(committed, doc) == []


def test_the_command_exits_1_and_says_what_breaks(committed, doc, tmp_path, capsys):
    del doc["components"]["schemas"]["Post"]["properties"]["title"]
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(committed))
    new.write_text(json.dumps(doc))
    assert main([str(old), str(new)]) == 1
    out = capsys.readouterr()
    assert "removed field: POST /v1/posts 201.data.title" in out.out
    assert "info.version" in out.err
    assert main([str(old), str(old)]) == 0
