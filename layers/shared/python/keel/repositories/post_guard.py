"""The write guard for post updates and deletes: authorization and concurrency as a DynamoDB condition.

Part of the posts repository. The owner-or-privileged check is evaluated by DynamoDB inside the write, never by
a read before it, so a post that changes hands or is deleted in between cannot be overwritten. When the
condition fails, the item as it was (``ALL_OLD``) tells 404 from 403 from 412 without another read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keel.errors import ConflictError, ForbiddenError, KeelError, NotFoundError, PreconditionFailedError
from keel.repositories.dynamo import Item
from keel.repositories.schema import PK


@dataclass(frozen=True)
class Guard:
    """Who may write and against which version: evaluated by DynamoDB inside the write itself."""

    caller_id: str
    any_owner: bool  # moderator/admin: may change anyone's post
    versions: frozenset[int] | None = None  # from If-Match; None = no version precondition

    def condition(self) -> tuple[str, dict[str, str], dict[str, Any]]:
        # Live post only: a write never edits or resurrects a soft-deleted post, nor creates one (upsert).
        parts = ["attribute_exists(#pk)", "attribute_not_exists(#deleted_at)"]
        names = {"#pk": PK, "#deleted_at": "deleted_at"}
        vals: dict[str, Any] = {}
        if not self.any_owner:
            # Ownership checked by the write, not by an earlier read: a post that changed hands fails here.
            parts.append("#author_id = :caller")
            names["#author_id"], vals[":caller"] = "author_id", self.caller_id
        if self.versions is not None:
            # Optimistic concurrency: the version the client saw must still be current. No post has version 0,
            # so an If-Match naming only other resources can never pass.
            wanted = sorted(self.versions) or [0]
            parts.append(f"#version IN ({', '.join(f':v{i}' for i in range(len(wanted)))})")
            names["#version"] = "version"
            vals |= {f":v{i}": v for i, v in enumerate(wanted)}
        return " AND ".join(parts), names, vals

    def refusal(self, old: Item | None) -> KeelError:
        """Why the condition failed, from the item as it was (ALL_OLD): 404, then 403, then 412."""
        if old is None or "deleted_at" in old:
            return NotFoundError("The post does not exist.")
        if not self.any_owner and old.get("author_id") != self.caller_id:
            return ForbiddenError("Only the author, a moderator or an admin can change this post.")
        if self.versions is not None and old.get("version") not in self.versions:
            return PreconditionFailedError()
        return ConflictError("The post changed during the request. Try again.")
