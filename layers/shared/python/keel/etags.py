"""Entity tags (RFC 9110 §8.8.3) and the ``If-Match`` / ``If-None-Match`` lists that carry them.

A Keel ETag is a strong validator derived from a resource id and its version: ``"<id>.v<version>"``. It is
opaque to clients; only this module builds and reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from keel.errors import BadRequestError

# RFC 9110's grammar for If-Match / If-None-Match, with OWS as space or tab: "*", or a comma list of entity tags
# that may hold empty elements. The OpenAPI document publishes CONDITIONAL_PATTERN, so the values a client (or a
# fuzzer) reads as valid are exactly the values parse() accepts.
_OWS = "[ \\t]*"
_TAG = f'{_OWS}(?:W/)?"[\\x21\\x23-\\x7e]*"{_OWS}'
CONDITIONAL_PATTERN = f"^(?:{_OWS}\\*{_OWS}|(?:{_OWS},)*{_TAG}(?:,(?:{_TAG}|{_OWS}))*)$"
_LIST = re.compile(CONDITIONAL_PATTERN)
_ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e]*)"')
_ONE_STRONG = re.compile(r'"([\x21\x23-\x7e]*)"')  # what clients send back almost always: one ETag as given
_OURS = re.compile(r"^(?P<id>[0-9A-Za-z]+)\.v(?P<version>[1-9][0-9]{0,17})$")
MAX_HEADER_CHARS = 2048


@dataclass(frozen=True)
class EntityTag:
    opaque: str
    weak: bool = False


@dataclass(frozen=True)
class TagList:
    """A parsed ``If-Match`` / ``If-None-Match`` value: ``*`` or a list of entity tags."""

    any: bool
    tags: tuple[EntityTag, ...] = ()


def etag(resource_id: str, version: int) -> str:
    """The strong ETag header value (quoted) of ``resource_id`` at ``version``."""
    return f'"{resource_id}.v{version}"'


def parse(value: str | None) -> TagList | None:
    """Parse a conditional header; ``None`` when absent, ``BadRequestError`` when it is not a valid list."""
    if value is None:
        return None
    if len(value) > MAX_HEADER_CHARS:
        raise BadRequestError("The conditional header is too long.")
    one = _ONE_STRONG.fullmatch(value)
    if one:  # a special case of the list grammar below, read without it
        return TagList(any=False, tags=(EntityTag(one.group(1)),))
    if not _LIST.fullmatch(value):
        raise BadRequestError("The conditional header is not a list of entity tags.")
    if value.strip(" \t") == "*":
        return TagList(any=True)
    tags = tuple(EntityTag(m.group(2), weak=bool(m.group(1))) for m in _ENTITY_TAG.finditer(value))
    return TagList(any=False, tags=tags)


def versions_for(tags: TagList, resource_id: str, *, weak_ok: bool) -> frozenset[int]:
    """The versions of ``resource_id`` that ``tags`` names (strong comparison unless ``weak_ok``)."""
    versions = set()
    for tag in tags.tags:
        match = _OURS.match(tag.opaque)
        if match and match["id"] == resource_id and (weak_ok or not tag.weak):
            versions.add(int(match["version"]))
    return frozenset(versions)


def none_match(value: str | None, resource_id: str, version: int) -> bool:
    """True when ``If-None-Match`` matches the current representation (weak comparison): answer 304."""
    tags = parse(value)
    if tags is None:
        return False
    return tags.any or version in versions_for(tags, resource_id, weak_ok=True)
