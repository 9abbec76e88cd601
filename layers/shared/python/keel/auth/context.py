"""The caller, as the API Gateway authorizer handed it to the handler (``requestContext.authorizer``).

The authorizer verified the token, the session and the user, and passes ``sub``, ``role`` and ``sid``; the
role is the user's current role read from the table, so a role change takes effect at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from keel.auth.permissions import Action, Role, allowed
from keel.errors import ForbiddenError, UnauthorizedError


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: Role
    session_id: str

    def can(self, action: Action) -> bool:
        return allowed(self.role, action)

    def require(self, action: Action) -> None:
        """Raise ``ForbiddenError`` unless the caller's role allows ``action``."""
        if not self.can(action):
            raise ForbiddenError()


def caller_from(event: Mapping[str, Any]) -> Caller:
    """The authenticated caller of a bearer route; 401 if the authorizer context is missing or malformed."""
    ctx = ((event.get("requestContext") or {}).get("authorizer")) or {}
    try:
        return Caller(user_id=str(ctx["sub"]), role=Role(ctx["role"]), session_id=str(ctx["sid"]))
    except (KeyError, ValueError):
        raise UnauthorizedError() from None


def authorizer_context(user_id: str, role: Role | str, session_id: str) -> dict[str, str]:
    """The context an authorizer returns (API Gateway passes string values only)."""
    return {"sub": user_id, "role": Role(role).value, "sid": session_id}
