"""The fault-injection matrix's machinery: run a sample event, find its AWS call sites, snapshot and restore the
emulated table, and check the table's invariants (what "no partial state" means for Keel's items)."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from infra.local.emulator import REGION
from infra.local.event_files import fill_tokens
from infra.local.functions import LambdaContext, handler_of
from infra.local.seed import SAMPLE_USERS, sample_access_token
from keel.config import get_settings
from keel.repositories import secrets as secret_cache
from keel.repositories.dynamo import deserialize
from tests.support.faults import hooked

EVENTS = Path(__file__).resolve().parents[2] / "events"
PLUMBING = ("keel/repositories/dynamo.py", "keel/repositories/aws.py", "keel/repositories/secrets.py")
CONDITIONAL_OPERATIONS = frozenset({"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"})


@dataclass(frozen=True)
class Call:
    """One AWS call a request made: where in Keel's code, which operation, and whether it carries a condition."""

    site: str  # e.g. "keel/repositories/users.py:UsersRepository.create"
    service: str
    operation: str
    conditional: bool


def _site() -> str:
    frame = sys._getframe(1)
    while frame is not None:
        path = frame.f_code.co_filename.replace("\\", "/")
        if "/keel/" in path and not path.endswith(PLUMBING):
            return f"keel/{path.split('/keel/', 1)[1]}:{frame.f_code.co_qualname}"
        frame = frame.f_back  # type: ignore[assignment]
    return "?"


def _conditional(operation: str, params: dict[str, Any]) -> bool:
    if operation == "TransactWriteItems":
        return any("ConditionExpression" in body for item in params.get("TransactItems", []) for body in item.values())
    return operation in CONDITIONAL_OPERATIONS and "ConditionExpression" in params


def run(function: str, event: dict[str, Any]) -> str:
    """The outcome a client would see: the status (with ``+Retry-After``), or the authorizer's verdict."""
    try:
        result = handler_of(function)(copy.deepcopy(event), LambdaContext(function, "fault-matrix"))
    except Exception as exc:
        if function == "authorizer" and str(exc) == "Unauthorized":
            return "401 (deny)"
        return f"authorizer failure: {type(exc).__name__} (gateway 503 + Retry-After)"
    if function == "authorizer":
        return "Allow"
    status = int(result["statusCode"])
    retry = "Retry-After" in (result.get("headers") or {})
    return f"{status}{' + Retry-After' if retry else ''}"


def record(function: str, event: dict[str, Any]) -> tuple[str, list[Call]]:
    """Run ``event`` cold (secrets not cached) and list the AWS calls it made, in order."""
    calls: list[Call] = []

    def hook(model: Any, params: dict[str, Any], **_: Any) -> None:
        service = model.service_model.service_name
        calls.append(Call(_site(), service, model.name, _conditional(model.name, params)))

    secret_cache.forget()
    with hooked("before-parameter-build", hook):
        outcome = run(function, event)
    return outcome, calls


def _token(role: str) -> str:
    return sample_access_token(next(s for s in SAMPLE_USERS if s.role.value == role))


def sample_events(function: str) -> list[tuple[str, dict[str, Any]]]:
    """The function's sample events, ``{{access_token:<role>}}`` filled in as ``make invoke`` does."""
    paths = sorted((EVENTS / function).glob("*.json"))
    return [(p.stem, fill_tokens(json.loads(p.read_text()), _token)) for p in paths]


class TableState:
    """The emulated table's items, snapshotted and restored in memory (moto's own structure: fast)."""

    def __init__(self) -> None:
        self.saved = copy.deepcopy(self.table.items)

    @property
    def table(self) -> Any:
        # Looked up each time: a failed TransactWriteItems makes moto put back a deep copy of all its tables.
        return dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].tables[get_settings().table_name]

    def restore(self) -> None:
        self.table.items = copy.deepcopy(self.saved)

    def items(self) -> list[dict[str, Any]]:
        return [deserialize(item.to_json()["Attributes"]) for item in self.table.all_items()]


def _by_prefix(items: list[dict[str, Any]], prefix: str) -> dict[str, dict[str, Any]]:
    return {str(i["PK"]).removeprefix(prefix): i for i in items if str(i["PK"]).startswith(prefix)}


def _users_and_claims(items: list[dict[str, Any]]) -> list[str]:
    users, claims = _by_prefix(items, "USER#"), _by_prefix(items, "EMAIL#")
    live = {u["email"]: uid for uid, u in users.items() if "deleted_at" not in u}
    broken = [
        f"live user {uid} has no email claim"
        for email, uid in live.items()
        if claims.get(email, {}).get("user_id") != uid
    ]
    broken += [f"claim {e} points at no live user" for e, c in claims.items() if live.get(e) != c["user_id"]]
    return broken


def _posts(items: list[dict[str, Any]]) -> list[str]:
    posts, broken = _by_prefix(items, "POST#"), []
    for pid, post in posts.items():
        indexed = [k for k in ("GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK") if k in post]
        if len(indexed) != (0 if "deleted_at" in post else 4) or int(post["version"]) < 1:
            broken.append(f"post {pid} is half indexed or unversioned")
    for key, record in _by_prefix(items, "IDEMPOTENCY#").items():
        if str(record["post"]["id"]) not in posts:
            broken.append(f"idempotency record {key} without its post")
    return broken


def _sessions_and_locks(items: list[dict[str, Any]]) -> list[str]:
    users, broken = _by_prefix(items, "USER#"), []
    for sid, session in _by_prefix(items, "SESSION#").items():
        if session["user_id"] not in users or len(str(session.get("refresh_hash", ""))) != 64:
            broken.append(f"session {sid} is orphaned or half rotated")
    for email, lock in _by_prefix(items, "LOGIN#").items():
        if len(lock.get("attempts", [])) > get_settings().lockout_max_failures or "version" not in lock:
            broken.append(f"lock {email} is malformed")
    return broken


INVARIANTS: tuple[Callable[[list[dict[str, Any]]], list[str]], ...] = (_users_and_claims, _posts, _sessions_and_locks)


def broken_invariants(items: list[dict[str, Any]]) -> list[str]:
    """Every way the table is half-written; empty when whole."""
    return [problem for check in INVARIANTS for problem in check(items)]
