"""Which new passwords are refused (SPEC §5): common ones, and ones containing the email's local part.

Length (12..128 characters) is checked by the request models. "Common" is decided by zxcvbn (Dropbox's
estimator): its 30,000 most common passwords, dictionary words, names, keyboard walks, repeats and sequences,
plus this user's own email and name. A password it can guess in fewer than ``password_min_guesses`` tries is
refused. There are no composition rules. zxcvbn is imported inside ``problems`` so that only the functions
that set passwords load it.

Everything is judged on the NFKC-normalized password, the very string that is hashed (``password1234`` typed in
fullwidth letters is ``password1234``), and on its whole length. zxcvbn's matching grows faster than linearly with
length (seconds at 128 characters), so a long password is estimated in overlapping windows of 40 characters (stride
20) and is strong when any window is: a 40-character stretch that needs a million guesses on its own makes the whole
need at least as many, while a password made only of weak stretches (a common one repeated) stays weak. The local-
part check is a plain substring test over the whole normalized string.
"""

from __future__ import annotations

import re

from keel.auth.password_text import normalize
from keel.config import get_settings
from keel.errors import FieldError, RequestValidationFailed
from keel.models.users import PASSWORD_MIN

WINDOW, STRIDE = 40, 20  # zxcvbn input per estimate, and the step between overlapping windows
MIN_LOCAL_PART = 3  # shorter local parts ("a@...") would refuse half of all passwords


def _local_parts(email: str) -> set[str]:
    local = email.split("@", 1)[0].casefold()
    parts = {local, local.split("+", 1)[0]}
    return {p for p in parts if len(p) >= MIN_LOCAL_PART}


def _windows(text: str) -> list[str]:
    """Overlapping ``WINDOW``-character slices covering all of ``text`` (``text`` itself when short enough)."""
    last = max(0, len(text) - WINDOW)
    starts = sorted({*range(0, last + 1, STRIDE), last})
    return [text[i : i + WINDOW] for i in starts]


def problems(password: str, *, email: str, name: str | None = None, field: str = "password") -> list[FieldError]:
    """The reasons ``password`` is refused for the account ``email``; empty when it is acceptable."""
    from zxcvbn import zxcvbn  # noqa: PLC0415 - loaded only by the functions that set passwords

    judged = normalize(password)  # exactly what is hashed
    if len(judged) < PASSWORD_MIN:
        return [FieldError(field, f"The password must be at least {PASSWORD_MIN} characters long.")]
    folded = judged.casefold()
    if any(part in folded for part in _local_parts(normalize(email))):
        return [FieldError(field, "The password must not contain your email address.")]
    hints = [h for h in [email, email.split("@", 1)[0], *re.split(r"\W+", name or "")] if h]
    guesses = max(float(zxcvbn(w, user_inputs=hints, max_length=WINDOW)["guesses"]) for w in _windows(judged))
    if guesses < get_settings().password_min_guesses:
        return [FieldError(field, "This password is too common or too easy to guess. Choose another one.")]
    return []


def check(password: str, *, email: str, name: str | None = None, field: str = "password") -> None:
    """Raise ``RequestValidationFailed`` (422) naming ``field`` when the password is refused."""
    found = problems(password, email=email, name=name, field=field)
    if found:
        raise RequestValidationFailed(details=found)
