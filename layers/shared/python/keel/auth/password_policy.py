"""Which new passwords are refused (SPEC §5): common ones, and ones containing the email's local part.

Length (12..128 characters) is checked by the request models. "Common" is decided by zxcvbn (Dropbox's
estimator): its 30,000 most common passwords, dictionary words, names, keyboard walks, repeats and sequences,
plus this user's own email and name. A password it can guess in fewer than ``password_min_guesses`` tries is
refused. There are no composition rules. zxcvbn is imported inside ``problems`` so that only the functions
that set passwords load it.
"""

from __future__ import annotations

import re

from keel.config import get_settings
from keel.errors import FieldError, RequestValidationFailed

# zxcvbn's matching grows faster than linearly with length (seconds at 128 characters); a password whose first
# 40 characters are not guessable is not a common password, so only that much is estimated.
ESTIMATED_CHARS = 40
MIN_LOCAL_PART = 3  # shorter local parts ("a@...") would refuse half of all passwords


def _local_parts(email: str) -> set[str]:
    local = email.split("@", 1)[0].casefold()
    parts = {local, local.split("+", 1)[0]}
    return {p for p in parts if len(p) >= MIN_LOCAL_PART}


def problems(password: str, *, email: str, name: str | None = None, field: str = "password") -> list[FieldError]:
    """The reasons ``password`` is refused for the account ``email``; empty when it is acceptable."""
    from zxcvbn import zxcvbn  # noqa: PLC0415 - loaded only by the functions that set passwords

    folded = password.casefold()
    if any(part in folded for part in _local_parts(email)):
        return [FieldError(field, "The password must not contain your email address.")]
    hints = [email, email.split("@", 1)[0], *re.split(r"\W+", name or "")]
    sample = password[:ESTIMATED_CHARS]
    guesses = float(zxcvbn(sample, user_inputs=[h for h in hints if h], max_length=ESTIMATED_CHARS)["guesses"])
    if guesses < get_settings().password_min_guesses:
        return [FieldError(field, "This password is too common or too easy to guess. Choose another one.")]
    return []


def check(password: str, *, email: str, name: str | None = None, field: str = "password") -> None:
    """Raise ``RequestValidationFailed`` (422) naming ``field`` when the password is refused."""
    found = problems(password, email=email, name=name, field=field)
    if found:
        raise RequestValidationFailed(details=found)
