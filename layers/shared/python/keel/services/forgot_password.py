"""Asking for a password reset link (SPEC §7), enumeration-safe.

``forgot`` makes the same DynamoDB calls, in the same order, and no Argon2 work, whether or not the address has
an account: two reads of the address's quota and account, then one transaction (for an unknown address it only
counts the request). Only the transaction's content differs. Kept apart from the reset itself, so this function
never loads argon2.
"""

from __future__ import annotations

from keel.clock import Clock, system
from keel.models.mail import ForgotPasswordRequest, MailKind, Template
from keel.observability import security_event
from keel.repositories.mail import MailRepository
from keel.repositories.users import UsersRepository
from keel.services import mail_intents

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
