"""Sample events for ``make invoke``: finding them, reading them, and checking each fits its function.

An event is for the function named by its folder (``events/<function>/<scenario>.json``) unless ``FN`` says
otherwise. A route's event must carry that route's ``resource`` and ``httpMethod``; the authorizer's is a REQUEST
authorizer event for a bearer route; the key rotation's names one of the four Secrets Manager steps.

Strings may hold ``{{access_token:<role>}}`` (role: user, moderator or admin): locally it becomes a fresh access
token of that seeded sample user, signed with the emulator's current key, so an event can pass the authorizer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from keel.routes import AUTHORIZER, BY_FUNCTION, Auth

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = sorted(p.parent.name for p in (ROOT / "functions").glob("*/handler.py"))
ROTATOR = "rotate_signing_key"
ROTATION_STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
TOKEN = re.compile(r"\{\{access_token:([a-z]+)\}\}")


class InvokeError(Exception):
    """A mistake in what was asked: printed as one line, exit status 2."""


def check_function(name: str) -> str:
    if name not in FUNCTIONS:
        raise InvokeError(f"no function named {name!r}; the functions are: {', '.join(FUNCTIONS)}")
    return name


def collect(target: str, function: str | None) -> list[tuple[str, Path]]:
    """``(function, file)`` for a file, or for every ``*.json`` under a folder (sorted, subfolders included)."""
    path = Path(target)
    if path.is_dir():
        files = sorted(path.rglob("*.json"))
        if not files:
            raise InvokeError(f"no events (*.json) under {target}")
    elif path.is_file():
        files = [path]
    else:
        raise InvokeError(f"cannot read event {target}: no such file or folder")
    return [(check_function(function or f.parent.name), f) for f in files]


def load(function: str, path: Path) -> dict[str, Any]:
    """The event in ``path``, checked against ``function``; ``InvokeError`` says what is wrong with it."""
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvokeError(f"cannot read event {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvokeError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(event, dict) or not event:
        raise InvokeError(f"{path} is not an event: expected a non-empty JSON object")
    _CHECKS.get(_kind(function), _any)(function, path, event)
    return event


def _kind(function: str) -> str:
    return "route" if function in BY_FUNCTION else function


def _route(function: str, path: Path, event: dict[str, Any]) -> None:
    route = BY_FUNCTION[function]
    if event.get("resource") != route.path or event.get("httpMethod") != route.method:
        got = f"{event.get('httpMethod', '?')} {event.get('resource', '?')}"
        raise InvokeError(f"{path} is an event for {got}, but {function} serves {route.method} {route.path}")


def _authorizer(function: str, path: Path, event: dict[str, Any]) -> None:
    bearer = {(r.method, r.path) for r in BY_FUNCTION.values() if r.auth is Auth.BEARER}
    if event.get("type") != "REQUEST" or not event.get("methodArn"):
        raise InvokeError(f"{path} is not a REQUEST authorizer event (type REQUEST with a methodArn)")
    if (event.get("httpMethod"), event.get("resource")) not in bearer:
        got = f"{event.get('httpMethod', '?')} {event.get('resource', '?')}"
        raise InvokeError(f"{path} asks about {got}, which the authorizer does not guard (not a bearer route)")


def _rotation(function: str, path: Path, event: dict[str, Any]) -> None:
    if not (event.get("SecretId") and event.get("ClientRequestToken")) or event.get("Step") not in ROTATION_STEPS:
        steps = ", ".join(ROTATION_STEPS)
        raise InvokeError(f"{path} is not a rotation event: it needs SecretId, ClientRequestToken and Step ({steps})")


def _any(function: str, path: Path, event: dict[str, Any]) -> None:
    """A function that is neither a route nor one of the known ones takes any JSON object."""


_CHECKS: dict[str, Callable[[str, Path, dict[str, Any]], None]] = {
    "route": _route,
    AUTHORIZER.name: _authorizer,
    ROTATOR: _rotation,
}


def fill_tokens(event: Any, token_for: Callable[[str], str]) -> Any:
    """``event`` with every ``{{access_token:<role>}}`` replaced by ``token_for(role)``."""
    if isinstance(event, dict):
        return {k: fill_tokens(v, token_for) for k, v in event.items()}
    if isinstance(event, list):
        return [fill_tokens(v, token_for) for v in event]
    if isinstance(event, str):
        return TOKEN.sub(lambda m: token_for(m.group(1)), event)
    return event
