"""The composition root: the real repositories, on the table the settings name (tests pass fakes instead)."""

from __future__ import annotations

from keel.config import get_settings
from keel.repositories.dynamo import Table
from keel.repositories.lockout import LockoutRepository
from keel.repositories.mail import MailRepository
from keel.repositories.mail_sender import FileSender, Sender, SesSender
from keel.repositories.outbox import OutboxRepository
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


def mail() -> MailRepository:
    return MailRepository(table())


def outbox() -> OutboxRepository:
    return OutboxRepository(table())


def mail_sender() -> Sender:
    """SES, unless the settings name a local outbox file (``make serve``)."""
    settings = get_settings()
    if settings.mail_outbox_file:
        return FileSender(settings.mail_outbox_file)
    return SesSender(settings.mail_from, settings.mail_configuration_set)
