"""Property-based tests (hypothesis): the strict JSON reader, single-line text, ETags, cursors and the password
policy's normalization hold for generated inputs, not only for the examples someone thought of."""

from __future__ import annotations

import contextlib
import json
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keel import clock, etags, pagination
from keel.auth import password_policy, passwords
from keel.auth.password_text import normalize
from keel.errors import BadRequestError
from keel.jsonbody import loads_object
from keel.models.text import multi_line, single_line

FAST = settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
json_values = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4), max_leaves=20
)
json_objects = st.dictionaries(st.text(), json_values, max_size=6)


# --- timestamps -------------------------------------------------------------------------------------------------


@FAST
@given(st.lists(st.floats(min_value=0, max_value=4e9), min_size=1, max_size=8))
def test_a_timestamp_is_its_own_second_in_utc_whatever_came_before(epochs):
    # iso() keeps the last second it formatted: a run of calls must never hand out a stale one
    for epoch in epochs:
        assert clock.iso(epoch) == datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- strict JSON ------------------------------------------------------------------------------------------------


@FAST
@given(json_objects)
def test_every_json_object_reads_back_as_itself(value):
    assert loads_object(json.dumps(value)) == value


@FAST
@given(json_values.filter(lambda v: not isinstance(v, dict)))
def test_anything_but_an_object_is_a_400(value):
    with pytest.raises(BadRequestError):
        loads_object(json.dumps(value))


@FAST
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_is_an_object_or_a_400_never_another_error(text):
    with contextlib.suppress(BadRequestError):
        assert isinstance(loads_object(text), dict)


@FAST
@given(st.text(min_size=0, max_size=20), json_values, json_values)
def test_a_repeated_key_is_a_400_wherever_it_appears(key, first, second):
    text = f"{{{json.dumps(key)}: {json.dumps(first)}, {json.dumps(key)}: {json.dumps(second)}}}"
    with pytest.raises(BadRequestError):
        loads_object(text)
    with pytest.raises(BadRequestError):
        loads_object(f'{{"outer": [{text}]}}')


@FAST
@given(st.integers(min_value=33, max_value=5000), st.sampled_from(["[", '{"a":']))
def test_nesting_beyond_the_limit_is_a_400(depth, opener):
    closer = "]" if opener == "[" else "}"
    with pytest.raises(BadRequestError):
        loads_object('{"x":' + opener * depth + "1" + closer * depth + "}", max_depth=32)


@FAST
@given(json_objects, st.sampled_from(["NaN", "Infinity", "-Infinity"]))
def test_non_finite_numbers_are_a_400(value, constant):
    with pytest.raises(BadRequestError):
        loads_object(json.dumps({**value, "n": 0}).replace('"n": 0', f'"n": {constant}'))


# --- single-line text -------------------------------------------------------------------------------------------

REFUSED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@FAST
@given(st.text(max_size=40))
def test_single_line_text_is_accepted_exactly_when_no_character_is_refused(text):
    refused = any(unicodedata.category(c) in REFUSED for c in text)
    try:
        single_line(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted is not refused


@FAST
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_text_is_judged_as_any_text_is(text):
    # only characters outside printable ASCII are looked up: the other ones must never be refused
    refused = any(unicodedata.category(c) in REFUSED for c in text)
    for validator, allowed in ((single_line, ""), (multi_line, "\t\n\r")):
        try:
            validator(text)
            accepted = True
        except ValueError:
            accepted = False
        assert accepted is not (refused and any(c not in allowed for c in text if unicodedata.category(c) in REFUSED))


@FAST
@given(st.text(max_size=40), st.sampled_from(["\n", "\t", "\r\n"]))
def test_multi_line_text_keeps_line_breaks_that_single_line_refuses(text, brk):
    visible = "".join(c for c in text if unicodedata.category(c) not in REFUSED)
    assert multi_line(visible + brk + visible) == visible + brk + visible
    with pytest.raises(ValueError):
        single_line(visible + brk + visible)


# --- ETags ------------------------------------------------------------------------------------------------------

ids = st.from_regex(r"[0-9A-Za-z]{1,30}", fullmatch=True)
versions = st.integers(min_value=1, max_value=10**17)


@FAST
@given(ids, versions, versions)
def test_an_etag_matches_its_own_version_only(resource_id, version, other):
    tags = etags.parse(etags.etag(resource_id, version))
    assert tags is not None
    assert etags.versions_for(tags, resource_id, weak_ok=False) == {version}
    assert etags.none_match(etags.etag(resource_id, version), resource_id, version)
    assert etags.none_match(f"W/{etags.etag(resource_id, version)}", resource_id, version)
    if other != version:
        assert not etags.none_match(etags.etag(resource_id, version), resource_id, other)
    assert etags.versions_for(tags, resource_id + "x", weak_ok=True) == frozenset()


@FAST
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='"'), max_size=40))
def test_one_bare_entity_tag_reads_as_the_same_tag_in_a_list(opaque):
    # a lone strong tag takes a shorter path than a list; both must read it alike
    alone, listed = etags.parse(f'"{opaque}"'), etags.parse(f' "{opaque}" ,')
    assert alone == listed == etags.TagList(any=False, tags=(etags.EntityTag(opaque),))


@FAST
@given(st.text(max_size=100))
def test_any_conditional_header_parses_or_is_a_400(value):
    with contextlib.suppress(BadRequestError):
        etags.parse(value)


# --- cursors ----------------------------------------------------------------------------------------------------

keys = st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=40), min_size=1, max_size=4)
scopes = st.text(min_size=1, max_size=30)


@pytest.fixture(autouse=True)
def cursor_key(monkeypatch):
    monkeypatch.setattr(pagination, "_key", lambda: b"a-fixed-test-key-for-cursor-properties")


@FAST
@given(keys, scopes, scopes)
def test_a_cursor_decodes_to_its_key_in_its_scope_only(key, scope, other_scope):
    cursor = pagination.encode_cursor(key, scope)
    assert cursor is not None and len(cursor) < 2 * pagination.MAX_CURSOR_CHARS
    if len(cursor) <= pagination.MAX_CURSOR_CHARS:
        assert pagination.decode_cursor(cursor, scope) == key
    if other_scope != scope:
        with pytest.raises(BadRequestError):
            pagination.decode_cursor(cursor, other_scope)


@FAST
@given(keys, scopes, st.data())
def test_any_one_character_change_to_a_cursor_is_a_400(key, scope, data):
    cursor = pagination.encode_cursor(key, scope)
    assert cursor is not None
    at = data.draw(st.integers(min_value=0, max_value=len(cursor) - 1))
    replacement = data.draw(st.sampled_from("AbZ09-_.=x").filter(lambda c: c != cursor[at]))
    tampered = cursor[:at] + replacement + cursor[at + 1 :]
    try:
        decoded = pagination.decode_cursor(tampered, scope)
    except BadRequestError:
        return
    # base64 padding bits can absorb a change in the last character: only then may it decode, to the same key
    assert decoded == key


@FAST
@given(st.text(max_size=300))
def test_any_string_is_a_cursor_or_a_400_never_another_error(text):
    with contextlib.suppress(BadRequestError):
        pagination.decode_cursor(text, "posts:feed")


# --- password normalization -------------------------------------------------------------------------------------

passwords_text = st.text(min_size=12, max_size=48)


@FAST
@given(passwords_text)
def test_normalization_is_idempotent(password):
    assert normalize(normalize(password)) == normalize(password)


@SLOW
@given(passwords_text)
def test_the_policy_judges_the_normalized_password(password):
    email = "alice.smith@example.com"
    assert password_policy.problems(password, email=email) == password_policy.problems(normalize(password), email=email)


@SLOW
@given(passwords_text)
def test_a_password_and_its_normalized_form_are_one_password(password):
    stored = passwords.hash_password(password)
    assert passwords.verify_password(stored, normalize(password))
    assert passwords.verify_password(passwords.hash_password(normalize(password)), password)
