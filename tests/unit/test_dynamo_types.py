"""The AttributeValue marshaller round-trips every shape Keel stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keel.repositories.dynamo import deserialize, from_attr, serialize, to_attr


@pytest.mark.parametrize(
    "value",
    ["", "héllo", 0, -7, 2**53, 1.5, True, False, None, [], ["a", 1, {"b": [True]}], {"x": {"y": "z"}}],
)
def test_values_round_trip(value):
    assert from_attr(to_attr(value)) == value


def test_sets_are_string_sets_and_come_back_sorted():
    assert to_attr({"b", "a"}) == {"SS": ["a", "b"]}
    assert from_attr({"SS": ["b", "a"]}) == ["a", "b"]


def test_numbers_are_sent_as_strings_and_read_back_as_int_or_float():
    assert to_attr(Decimal("1.25")) == {"N": "1.25"}
    assert from_attr({"N": "10"}) == 10
    assert isinstance(from_attr({"N": "10"}), int)
    assert from_attr({"N": "0.5"}) == 0.5


def test_items_drop_none_attributes():
    assert serialize({"PK": "A", "gone": None}) == {"PK": {"S": "A"}}
    assert deserialize({"PK": {"S": "A"}, "n": {"N": "3"}}) == {"PK": "A", "n": 3}


def test_unsupported_types_are_refused():
    with pytest.raises(TypeError):
        to_attr(object())
