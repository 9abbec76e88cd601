"""Which new passwords are refused: common ones and ones containing the email's local part (SPEC §5)."""

from __future__ import annotations

import pytest

from keel.auth.password_policy import problems

EMAIL = "alice.smith@example.com"


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "123456789012",
        "qwertyuiop123",
        "passwordpassword",
        "iloveyou1234",
        "aaaaaaaaaaaa",
        "abcdefghijkl",
        "1q2w3e4r5t6y",
        "letmeinletmein",
        "P@ssw0rd2024",
        "Password123!",
        "football2020",
        "qazwsxedcrfv",
    ],
)
def test_common_passwords_are_refused(password):
    found = problems(password, email=EMAIL)
    assert [p.field for p in found] == ["password"]
    assert "common" in found[0].message


@pytest.mark.parametrize(
    ("password", "email"),
    [
        ("my-alice.smith-secret", EMAIL),
        ("ALICE.SMITH-is-me-2026", EMAIL),
        ("zz-bob-zz-unusual-words", "bob+news@example.com"),
    ],
)
def test_passwords_containing_the_email_local_part_are_refused(password, email):
    found = problems(password, email=email)
    assert found and "email" in found[0].message


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "granite-meadow-lantern-7",
        "Ünïcödé pässwörd mit Sätzen",
        "密码是很长的一句话啊真的",
        "a" * 3 + "-j8#Lq2!vR9@zW" + "x" * 100,  # 117 characters, still fine
    ],
)
def test_uncommon_passwords_are_accepted(password):
    assert problems(password, email=EMAIL) == []


def test_a_short_local_part_does_not_block_every_password():
    assert problems("granite-meadow-lantern-7", email="a@example.com") == []


def test_the_name_counts_as_a_guessable_word():
    assert problems("Gwendolyn12345", email="x9@example.com", name="Gwendolyn Jones") != []


def test_the_field_name_is_the_one_given():
    assert problems("password1234", email=EMAIL, field="new_password")[0].field == "new_password"
