"""Resetting a forgotten password with the token from the reset mail (SPEC §7)."""

from __future__ import annotations

from keel.auth import mail_tokens, password_policy, passwords
from keel.clock import Clock, iso, system
from keel.models.mail import MailKind, ResetPasswordRequest
from keel.observability import security_event
from keel.repositories.lockout import LockoutRepository
from keel.repositories.mail import MailRepository
from keel.repositories.users import UsersRepository
from keel.services.email_verification import bad_token

KIND = MailKind.RESET_PASSWORD


def reset(
    request: ResetPasswordRequest,
    *,
    users: UsersRepository,
    mail: MailRepository,
    lockouts: LockoutRepository,
    clock: Clock = system,
) -> None:
    """Set the new password with the account's current reset token, revoke every session, clear the lockout."""
    now = int(clock())
    digest = mail_tokens.digest(request.token) if mail_tokens.well_formed(request.token) else None
    token = mail.token(digest) if digest else None
    if digest is None or token is None or token.kind is not KIND or token.expires_at <= now:
        raise bad_token()
    user = users.get(token.user_id)
    if user is None or user.deleted_at or user.reset_token != digest:
        raise bad_token()  # a newer link voided this one
    password_policy.check(request.new_password, email=user.email, name=user.name, field="new_password")
    new_hash = passwords.hash_password(request.new_password)
    stamp = iso(now)
    if not mail.commit(
        [mail.consume_token(digest, now=now), mail.reset_password(user.id, digest, new_hash, stamp=stamp)]
    ):
        raise bad_token()  # used concurrently, voided or expired meanwhile
    clear_lockout(user.email, lockouts=lockouts)
    security_event("AllSessionsRevoked", user_id=user.id, reason="password-reset")


def clear_lockout(email: str, *, lockouts: LockoutRepository) -> None:
    """The one place a reset touches the login lockout: whoever proved the address may sign in at once."""
    lockouts.clear(email)
