"""Rules for free text users send (names, titles, bodies): no invisible or control characters.

Refused: Unicode categories Cc (controls), Cf (format: zero-width, bidi overrides usable for spoofing), Cs
(surrogates), Co (private use) and Cn (unassigned). Single-line fields (names, titles) also refuse the line and
paragraph separators Zl and Zp (U+2028, U+2029), which break lines as surely as a newline. Multi-line fields may
keep tab and newlines.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic_core import PydanticCustomError

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
SEPARATOR_CATEGORIES = frozenset({"Zl", "Zp"})
LINE_BREAKS = frozenset("\t\n\r")


# A category lookup per character cost half a millisecond for a 10,000-character body. Printable ASCII is never
# refused, so ASCII text only looks up what this finds (usually nothing); other text looks up each distinct character.
_SUSPECTS = re.compile(r"[^\x20-\x7e]")


def has_invisible(value: str, *, allow: frozenset[str] = frozenset()) -> bool:
    """True when ``value`` holds a character of a refused category (other than those in ``allow``)."""
    suspects = _SUSPECTS.findall(value) if value.isascii() else set(value)
    return any(unicodedata.category(c) in REFUSED_CATEGORIES and c not in allow for c in suspects)


def breaks_line(value: str) -> bool:
    """True when ``value`` is not one line of visible text (invisible characters, or line/paragraph separators)."""
    if has_invisible(value):
        return True
    return not value.isascii() and any(unicodedata.category(c) in SEPARATOR_CATEGORIES for c in set(value))


def single_line(value: str | None) -> str | None:
    """Validator: one line of visible text."""
    if value is not None and breaks_line(value):
        raise PydanticCustomError("control_characters", "Must not contain control or invisible characters.")
    return value


def multi_line(value: str | None) -> str | None:
    """Validator: visible text, tab and line breaks allowed."""
    if value is not None and has_invisible(value, allow=LINE_BREAKS):
        raise PydanticCustomError(
            "control_characters", "Must not contain control or invisible characters except tab and newlines."
        )
    return value
