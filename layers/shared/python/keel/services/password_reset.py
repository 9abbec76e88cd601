"""Forgotten passwords (SPEC §7): an enumeration-safe request for a link, and the reset with that link's token.

``forgot`` makes the same DynamoDB calls, in the same order, and no Argon2 work, whether or not the address has
an account: two reads of the address's quota and account, then one transaction (for an unknown address it only
counts the request). Only the transaction's content differs.
"""

from __future__ import annotations

from keel.auth import mail_tokens, password_policy, passwords
from keel.clock import Clock, iso, system
from keel.models.mail import ForgotPasswordRequest, MailKind, ResetPasswordRequest, Template
from keel.observability import security_event
from keel.repositories.lockout import LockoutRepository
from keel.repositories.mail import MailRepository
from keel.repositories.users import UsersRepository
from keel.services import mail_intents
from keel.services.email_verification import bad_token

KIND = MailKind.RESET_PASSWORD


def forgot(
    request: ForgotPasswordRequest, *, users: UsersRepository, mail: MailRepository, clock: Clock = system
) -> None:
    """Queue a reset link for the address's account, if there is one and its quota allows; always returns."""
    now = int(clock())
    email = request.email  # already normalized by the model
    sends = mail_intents.quota(email, KIND, mail=mail, now=now)
    user = users.find_by_email(email)  # read even when limited, so a limited answer costs the same
    if sends is None:
        return mail_intents.rate_limited(KIND)
    # Requests for unknown addresses count too: the quota protects the address, whoever owns it.
    elements = [mail_intents.count_send(email, KIND, sends, mail=mail, now=now)]
    if user is not None:
        mail_elements, digest = mail_intents.mail_elements(user, Template.RESET_PASSWORD, KIND, mail=mail, now=now)
        elements += [mail.hold_reset_token(user.id, digest), *mail_elements]
    if not mail.commit(elements):
        return mail_intents.rate_limited(KIND)  # a concurrent request counted first
    if user is not None:
        security_event("PasswordResetRequested", user_id=user.id)
    return None


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
