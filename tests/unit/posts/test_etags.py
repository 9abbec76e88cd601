"""ETags and conditional-header lists."""

from __future__ import annotations

import re

import pytest

from keel import etags
from keel.errors import BadRequestError

POST = "01M7W2Y7M00000000000000001"


def test_an_etag_is_a_quoted_strong_validator_of_id_and_version():
    tag = etags.etag(POST, 3)
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert etags.etag(POST, 3) == tag
    assert etags.etag(POST, 4) != tag
    assert etags.etag("01M7W2Y7M00000000000000002", 3) != tag


def test_versions_named_by_a_list_use_strong_comparison_unless_weak_is_allowed():
    header = f'{etags.etag(POST, 1)}, W/{etags.etag(POST, 2)}, "{"01M7W2Y7M00000000000000009"}.v3", "junk"'
    tags = etags.parse(header)
    assert tags is not None
    assert etags.versions_for(tags, POST, weak_ok=False) == {1}
    assert etags.versions_for(tags, POST, weak_ok=True) == {1, 2}


def test_star_and_absence():
    assert etags.parse(None) is None
    star = etags.parse(" * ")
    assert star is not None and star.any
    assert etags.none_match("*", POST, 7)
    assert not etags.none_match(None, POST, 7)


def test_if_none_match_uses_weak_comparison():
    assert etags.none_match(f"W/{etags.etag(POST, 2)}", POST, 2)
    assert not etags.none_match(etags.etag(POST, 1), POST, 2)


@pytest.mark.parametrize("value", ["", " ", ",", "abc", '"a" "b"', '"a', 'W/"a', '"a",b', '"with space"', "x" * 3000])
def test_unusable_headers_are_bad_requests(value):
    with pytest.raises(BadRequestError):
        etags.parse(value)


def test_huge_version_numbers_do_not_match_and_do_not_crash():
    tags = etags.parse(f'"{POST}.v{"9" * 40}"')
    assert tags is not None
    assert etags.versions_for(tags, POST, weak_ok=False) == frozenset()


@pytest.mark.parametrize("value", ['"a",,"b"', ', "a"', '"a" ,', '\t"a"\t', 'W/"a"'])
def test_lists_with_empty_elements_and_optional_whitespace_are_accepted(value):
    tags = etags.parse(value)
    assert tags is not None and tags.tags


@pytest.mark.parametrize("value", ['\x0b"a"', '"a"\x1c', "*,*", '*, "a"'])
def test_only_spaces_and_tabs_are_whitespace_and_star_stands_alone(value):
    with pytest.raises(BadRequestError):
        etags.parse(value)


def test_the_published_pattern_is_the_grammar_the_parser_applies():
    # Given values either side of the grammar, the OpenAPI pattern and the parser agree on every one.
    samples = ['"a"', '"a",,"b"', " * ", "", ",", '"a" "b"', 'W/"x" , "y"', "\t,", '"a",\t']
    for value in samples:
        try:
            etags.parse(value)
            accepted = True
        except BadRequestError:
            accepted = False
        assert accepted == bool(re.fullmatch(etags.CONDITIONAL_PATTERN, value)), value


def test_a_long_hostile_header_is_refused():
    with pytest.raises(BadRequestError):
        etags.parse(" ," * 1000 + "x")
