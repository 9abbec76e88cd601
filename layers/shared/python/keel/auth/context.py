"""The caller, as the API Gateway authorizer handed it to the handler (``requestContext.authorizer``).

The authorizer verified the token, the session and the user, and passes ``sub``, ``role`` and ``sid``; the
role is the user's current role read from the table, so a role change takes effect at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from keel.auth.permissions import Action, Role, allowed
from keel.config import get_settings
from keel.errors import ForbiddenError, UnauthorizedError

# What an unverified account may not do while the stage makes unverified accounts read-only (SPEC §7): content
# and administration writes. Managing one's own account (resend the link, sign out, change the password, delete
# the account) stays open, so nobody is stuck.
WRITES = frozenset({Action.CREATE_POST, Action.EDIT_OWN_POST, Action.EDIT_ANY_POST, Action.MANAGE_USERS})


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: Role
    session_id: str
    email_verified: bool = True

    def can(self, action: Action) -> bool:
        return allowed(self.role, action)

    def require(self, action: Action) -> None:
        """Raise ``ForbiddenError`` unless the caller's role allows ``action`` (and, where the stage makes
        unverified accounts read-only, unless a write comes from a verified account)."""
        if not self.can(action):
            raise ForbiddenError()
        if action in WRITES and not self.email_verified and get_settings().unverified_read_only:
            raise ForbiddenError("Verify your email address first: unverified accounts are read-only.")


def caller_from(event: Mapping[str, Any]) -> Caller:
    """The authenticated caller of a bearer route; 401 if the authorizer context is missing or malformed."""
    ctx = ((event.get("requestContext") or {}).get("authorizer")) or {}
    try:
        verified = str(ctx.get("email_verified", "true")) != "false"  # contexts cached before the field existed
        return Caller(
            user_id=str(ctx["sub"]), role=Role(ctx["role"]), session_id=str(ctx["sid"]), email_verified=verified
        )
    except (KeyError, ValueError):
        raise UnauthorizedError() from None


def authorizer_context(
    user_id: str, role: Role | str, session_id: str, *, email_verified: bool = True
) -> dict[str, str]:
    """The context an authorizer returns (API Gateway passes string values only)."""
    verified = "true" if email_verified else "false"
    return {"sub": user_id, "role": Role(role).value, "sid": session_id, "email_verified": verified}
