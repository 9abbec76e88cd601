"""Races, on the emulator (whose lock makes moto's conditional writes atomic, as DynamoDB's are): 50 concurrent
registrations of one email create one user and no orphan item; 20 concurrent refreshes of one token give
exactly one new pair."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

from keel.config import get_settings
from keel.errors import ConflictError, UnauthorizedError
from keel.models.users import RegisterRequest
from keel.repositories import factory
from keel.repositories.sessions import SessionsRepository
from keel.services import accounts, sessions
from tests.support.auth import GOOD_PASSWORD, signed_in


def race(n: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(i)`` in ``n`` threads released together; each result or raised exception."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return action(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def all_items() -> list[dict[str, Any]]:
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=get_settings().table_name)
    return [item for page in pages for item in page["Items"]]


def test_fifty_concurrent_registrations_of_one_email_create_exactly_one_user(aws):
    spellings = ["race@example.com", "RACE@example.com", " race@example.com ", "Race@Example.com"]

    def register(i: int) -> Any:
        request = RegisterRequest(email=spellings[i % 4], password=GOOD_PASSWORD, name=f"Racer {i}")
        return accounts.register(request, users=factory.users())

    results = race(50, register)
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(r, ConflictError) for r in results if r not in winners)
    items = all_items()
    users = [i for i in items if i["PK"]["S"].startswith("USER#")]
    claims = [i for i in items if i["PK"]["S"].startswith("EMAIL#")]
    assert len(users) == len(claims) == 1 and len(items) == 2  # no orphan of any kind
    assert claims[0]["user_id"]["S"] == users[0]["id"]["S"] == winners[0].id


class ReadTogether(SessionsRepository):
    """Sessions whose reads all complete before any caller goes on: every refresh then decides on the same
    state, so only the write's condition can tell them apart (the race is certain, not left to scheduling)."""

    def __init__(self, table: Any, parties: int) -> None:
        super().__init__(table)
        self.barrier = threading.Barrier(parties, timeout=10)

    def get(self, session_id: str) -> Any:
        found = super().get(session_id)
        self.barrier.wait()
        return found


def test_twenty_concurrent_refreshes_of_one_token_give_exactly_one_success(aws):
    account = signed_in()
    repository = ReadTogether(factory.table(), 20)

    def refresh(_: int) -> Any:
        return sessions.refresh(account.refresh_token, sessions=repository, users=factory.users())

    results = race(20, refresh)
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(r, UnauthorizedError) for r in results if r not in winners)
    # The losers presented a token that was no longer current: that is reuse, and the session is revoked.
    session = factory.sessions().get(account.session_id)
    assert session is not None and session.revoked_at is not None
