"""The password policy judges exactly the string that is hashed (NFKC-normalized) and on its whole length
(SPEC §5; issue 9 items 3 and 4)."""

from __future__ import annotations

import pytest
import zxcvbn

from keel.auth.password_policy import problems
from keel.auth.password_text import normalize

EMAIL = "alice.smith@example.com"
RANDOM_88 = "Vq7#pL2xR9!mWz4@Kd8$Ns3^Hy6&Tb1*Jc5(Gf0)Xe-Ua_Ow=Ri+Pk[Ql]Sm{Zn}Dv;Cg:Bh,Ej.Fy/Lt?Mr<Nw>Ky"[:88]


def fullwidth(ascii_text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in ascii_text)


@pytest.mark.parametrize(
    "password",
    [
        fullwidth("password1234"),  # NFKC makes it password1234
        fullwidth("qwertyuiop123"),
        "".join(chr(0x24D0 + ord(c) - ord("a")) for c in "password") + "1234",  # circled letters
        "".join(chr(0x1D41A + ord(c) - ord("a")) for c in "password") + "1234",  # mathematical bold
    ],
)
def test_common_passwords_in_compatibility_characters_are_refused(password):
    # Given a common password spelled with characters NFKC folds to ASCII
    assert normalize(password) != password
    # Then it is refused like the ASCII spelling the hash would be taken of
    assert problems(password, email=EMAIL) != []


def test_the_email_local_part_in_fullwidth_characters_is_refused():
    found = problems(f"my-{fullwidth('alice.smith')}-secret", email=EMAIL)
    assert found and "email" in found[0].message


def test_a_password_whose_normalized_form_is_too_short_is_refused():
    # Twelve code points typed; combining accents compose under NFKC, and the hash is taken of six characters
    decomposed = "e\u0301" * 6  # 12 code points, NFKC: 6 characters
    assert len(decomposed) == 12 and len(normalize(decomposed)) == 6
    assert problems(decomposed, email=EMAIL) != []


def test_a_long_strong_password_with_a_weak_start_is_accepted():
    # Given 40 repeated characters followed by 88 random ones (128 characters)
    password = "a" * 40 + RANDOM_88
    assert len(password) == 128
    # Then it is judged on its whole length, and accepted
    assert problems(password, email=EMAIL) == []


@pytest.mark.parametrize("password", ["a" * 128, "1234567890" * 12, "a" * 60 + "1234567890" * 6])
def test_a_long_password_made_only_of_weak_stretches_is_refused(password):
    assert problems(password, email=EMAIL) != []


def test_the_email_local_part_after_the_fortieth_character_is_refused():
    found = problems(RANDOM_88[:45] + "alice.smith", email=EMAIL)
    assert found and "email" in found[0].message


def test_whole_length_judging_never_hands_zxcvbn_a_long_input(monkeypatch):
    # zxcvbn's matching grows faster than linearly with length (~4.6 s on this whole string, ~0.25 s in windows):
    # the policy must judge every character while giving zxcvbn only bounded slices.
    seen: list[str] = []
    real = zxcvbn.zxcvbn

    def spy(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(zxcvbn, "zxcvbn", spy)
    worst = "".join(chr(33 + (i * 7) % 90) for i in range(128))
    problems(worst, email=EMAIL)
    assert seen and max(map(len, seen)) <= 40 and len(seen) <= 6
    covered = set()
    for text in seen:
        start = worst.index(text)  # a slice of the input (index raises otherwise)
        covered |= set(range(start, start + len(text)))
    assert covered == set(range(128))  # every character judged
