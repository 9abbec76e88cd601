"""The composition root: the real repositories, on the table the settings name (tests pass fakes instead)."""

from __future__ import annotations

from keel.config import get_settings
from keel.repositories.dynamo import Table
from keel.repositories.lockout import LockoutRepository
from keel.repositories.sessions import SessionsRepository
from keel.repositories.users import UsersRepository


def table() -> Table:
    # Cheap to build; the boto3 client inside is the cached one from keel.repositories.aws.
    return Table(get_settings().table_name)


def users() -> UsersRepository:
    return UsersRepository(table())


def sessions() -> SessionsRepository:
    return SessionsRepository(table())


def lockouts() -> LockoutRepository:
    return LockoutRepository(table())
