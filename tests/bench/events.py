"""The events ``make bench`` sends each function: its first sample event, except where replaying one would
measure a different path (the authorizer's samples are refusals; a refresh token rotates once)."""

from __future__ import annotations

import copy
import json
import secrets
import time
from pathlib import Path
from typing import Any

from infra.local import seed
from infra.local.authorizer import request_authorizer_event
from infra.local.events import proxy_event
from keel.auth.refresh_tokens import digest, new_refresh_token
from keel.config import get_settings
from keel.models.auth import StoredSession
from keel.repositories import factory
from keel.routes import AUTHORIZER

ROOT = Path(__file__).resolve().parents[2]
FLOOR_EVENTS = {"floor_read": "posts_get", "floor_write": "posts_create"}


def _sample(function: str) -> dict[str, Any] | None:
    files = sorted((ROOT / "events" / function).glob("*.json"))
    preferred = [f for f in files if f.stem in ("ok", "get", "list", "valid", "feed")] or files
    return json.loads(preferred[0].read_text()) if preferred else None


def fresh_refresh_tokens(count: int) -> list[str]:
    """``count`` never-rotated refresh tokens of the sample user, each in its own new session."""
    settings, now, tokens = get_settings(), int(time.time()), []
    for _ in range(count):
        session_id = f"bench-{secrets.token_hex(8)}"
        token = new_refresh_token(session_id)
        session = StoredSession(id=session_id, user_id=seed.SAMPLE_USER.id, epoch=0, refresh_hash=digest(token),
                                created_at=now, last_used_at=now,
                                absolute_expiry=now + settings.refresh_absolute_ttl_s)  # fmt: skip
        factory.sessions().create(session, expires_at=session.expires_at(settings.refresh_idle_ttl_s))
        tokens.append(token)
    return tokens


def events_for(function: str, count: int) -> list[dict[str, Any]] | None:
    """The events for one cold environment making ``count`` invocations (a list of one is replayed)."""
    if function == AUTHORIZER.name:  # the Allow path, with a live token
        bearer = {"Authorization": [f"Bearer {seed.sample_access_token(seed.SAMPLE_ADMIN)}"]}
        return [request_authorizer_event(proxy_event("GET", "/v1/users/me", headers=bearer))]
    event = _sample(FLOOR_EVENTS.get(function, function))
    if event is None or function != "auth_refresh":
        return None if event is None else [event]
    events = []
    for token in fresh_refresh_tokens(count):
        fresh = copy.deepcopy(event)
        fresh["body"] = json.dumps({"refresh_token": token})
        events.append(fresh)
    return events
