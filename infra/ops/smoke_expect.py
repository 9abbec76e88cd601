"""What every smoke check asserts about a response: status, the SPEC §1 envelope, headers. A broken expectation
raises ``CheckFailed`` with a message saying what was expected and what came back (never a body's secrets: only
status, error code and header names are quoted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra.ops.smoke_client import Response


class CheckFailed(AssertionError):
    """The API broke the contract."""


class Skipped(Exception):
    """A check that needs what an earlier, failed check should have produced."""


@dataclass
class Session:
    """What the smoke run created, so later checks and the cleanup can use it."""

    email: str
    password: str
    user_id: str | None = None
    access: str | None = None
    refresh: str | None = None
    post_id: str | None = None
    etag: str | None = None
    deleted: set[str] = field(default_factory=set)  # "post", "user" once cleaned up


def need(value: str | None, what: str) -> str:
    if not value:
        raise Skipped(f"needs {what}")
    return value


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def _describe(res: Response) -> str:
    body = res.json()
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return f"{res.status} {code}" if code else str(res.status)


def _meta(res: Response, body: Any) -> None:
    check(bool(res.header("X-Request-Id")), "no X-Request-Id header")
    meta = body.get("meta") if isinstance(body, dict) else None
    check(isinstance(meta, dict) and bool(meta.get("request_id")), "envelope without meta.request_id")


def ok(res: Response, status: int = 200) -> Any:
    """The ``data`` of a success envelope with ``status`` (None for a 204/304)."""
    check(res.status == status, f"expected {status}, got {_describe(res)}")
    check(res.header("X-Request-Id") != "", "no X-Request-Id header")
    if status in (204, 304):
        check(res.text == "", f"{status} with a body")
        return None
    body = res.json()
    check(isinstance(body, dict) and body.get("success") is True, "not a success envelope")
    _meta(res, body)
    return body["data"]


def error(res: Response, status: int, code: str) -> dict[str, Any]:
    """The ``error`` object of an error envelope with ``status`` and ``code``."""
    check(res.status == status, f"expected {status} {code}, got {_describe(res)}")
    body = res.json()
    check(isinstance(body, dict) and body.get("success") is False, "not an error envelope")
    err = body.get("error")
    check(isinstance(err, dict) and err.get("code") == code, f"expected error code {code}, got {_describe(res)}")
    check(isinstance(err.get("message"), str) and isinstance(err.get("details"), list), "error without message/details")
    _meta(res, body)
    return dict(err)
