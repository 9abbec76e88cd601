"""Strict JSON for request bodies: no duplicate keys, no NaN/Infinity, bounded nesting, objects only.

``json.loads`` alone accepts NaN, keeps the last duplicate key and raises RecursionError on deep nesting;
each of those becomes a 400 here, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

from keel.errors import BadRequestError


def _reject_constant(name: str) -> Any:
    raise BadRequestError(f"The JSON body contains {name}, which is not valid JSON.")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # a key came twice: dict() kept one of them
        raise BadRequestError("The JSON body repeats a key.")
    return obj


# Built once: ``json.loads`` with hooks builds a new decoder on every call.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def _depth(value: Any, limit: int) -> int:
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest


def loads_object(text: str | bytes, *, max_depth: int = 32) -> dict[str, Any]:
    """Parse a request body that must be one JSON object; raise ``BadRequestError`` otherwise."""
    try:
        # bytes as json.loads reads them: UTF-8, -16 or -32, detected
        decoded = text.decode(json.detect_encoding(text), "surrogatepass") if isinstance(text, bytes) else text
        value = _DECODER.decode(decoded)
    except RecursionError:
        raise BadRequestError("The JSON body is nested too deeply.") from None
    except (ValueError, UnicodeDecodeError):
        raise BadRequestError("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise BadRequestError("The JSON body must be an object.")
    if _may_nest_beyond(decoded, max_depth) and _depth(value, max_depth) > max_depth:
        raise BadRequestError("The JSON body is nested too deeply.")
    return value


def _may_nest_beyond(text: str, limit: int) -> bool:
    # Every level of nesting opens a bracket, so a text with few brackets (the usual body) cannot be too deep;
    # brackets inside strings only make this count larger, never smaller.
    brackets = text.count("{") + text.count("[")
    return brackets > limit
