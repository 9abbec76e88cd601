"""Argon2id hashing: production parameters, no truncation, Unicode, re-hash detection, dummy verification."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters

from keel.auth import passwords
from keel.config import Argon2Params, Settings, get_settings


def test_production_argon2_parameters_meet_the_owasp_minimum():
    # Given the settings a deployed stage gets when no KEEL_ARGON2_* variable lowers them
    params = Settings().argon2
    # Then they are at least m=19456 KiB, t=2, p=1 (SPEC §5), and a hash made with them says so
    assert params.memory_cost >= 19456 and params.time_cost >= 2 and params.parallelism >= 1
    encoded = passwords._hasher(params).hash("a production-strength password")
    made = extract_parameters(encoded)
    assert encoded.startswith("$argon2id$")
    assert (made.memory_cost, made.time_cost, made.parallelism) == (19456, 2, 1)


def test_a_hash_verifies_its_password_only():
    stored = passwords.hash_password("correct-horse-battery-staple")
    assert stored.startswith("$argon2id$")
    assert "correct-horse" not in stored
    assert passwords.verify_password(stored, "correct-horse-battery-staple")
    assert not passwords.verify_password(stored, "correct-horse-battery-stapler")


def test_nothing_is_truncated():
    base = "x" * 127
    stored = passwords.hash_password(base + "a")
    assert not passwords.verify_password(stored, base + "b")
    assert not passwords.verify_password(stored, base)


@pytest.mark.parametrize(
    "password", ["pässwörd-mit-ümlauten", "пароль-очень-длинный", "密码是很长的一句话啊", "🔑🔑 emoji key phrase"]
)
def test_any_unicode_password_round_trips(password):
    assert passwords.verify_password(passwords.hash_password(password), password)


def test_composed_and_decomposed_accents_are_the_same_password():
    composed, decomposed = "caf\u00e9-au-lait-please", "cafe\u0301-au-lait-please"
    assert passwords.verify_password(passwords.hash_password(composed), decomposed)


def test_an_unknown_user_gets_a_dummy_verification_that_always_fails():
    assert passwords.verify_password(None, "anything at all") is False
    assert passwords.verify_password("not-a-phc-string", "anything at all") is False


def test_a_hash_made_with_other_parameters_needs_rehash():
    old = passwords._hasher(Argon2Params(time_cost=1, memory_cost=32, parallelism=1)).hash("pw-pw-pw-pw-pw")
    assert passwords.needs_rehash(old)  # the test settings use m=64
    assert not passwords.needs_rehash(passwords.hash_password("pw-pw-pw-pw-pw"))
    assert get_settings().argon2.memory_cost == 64
