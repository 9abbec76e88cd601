"""Matching a request to the route table the way API Gateway walks its resource tree.

At each path segment a static resource wins over a ``{param}`` one (``/v1/users/me`` before
``/v1/users/{user_id}``), and once a resource matches, only its own methods count: another method there is a
405, not a fall-back to a sibling resource.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from keel.routes import ROUTES, Route

_PARAM = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


@dataclass(frozen=True)
class Match:
    route: Route
    path_params: dict[str, str]


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PARAM.split(template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")


def _precedence(template: str) -> tuple[bool, ...]:
    return tuple("{" in segment for segment in template.split("/"))


_TEMPLATES = sorted({r.path for r in ROUTES}, key=_precedence)
_COMPILED = [(template, _pattern(template)) for template in _TEMPLATES]


def resolve(method: str, path: str) -> tuple[Match | None, str | None]:
    """The route for ``method path`` (None when the resource lacks the method) and the resource's path
    template (None for an unknown path: a 404)."""
    for template, pattern in _COMPILED:
        found = pattern.match(path)
        if found is None:
            continue
        for route in ROUTES:
            if route.path == template and route.method == method:  # methods are case-sensitive (RFC 9110)
                return Match(route, found.groupdict()), template
        return None, template
    return None, None
