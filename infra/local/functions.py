"""Finding and running the real Lambda handler of a function in-process, as the Lambda runtime would.

``invoke`` serves ``make invoke``, the integration tests and the bench; ``make serve`` runs every function in
execution environments of its own instead (``infra.local.runtime``), through the same ``Invoker`` signature.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from keel.routes import ROUTES, Route

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
Invoker = Callable[[str, dict[str, Any]], dict[str, Any]]  # (function, event) -> the handler's result


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object that Powertools reads."""

    function_name: str
    aws_request_id: str
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:local"
    deadline: float = 0.0  # time.monotonic() when the invocation times out; 0: no deadline (in-process runs)
    log_stream_name: str = "local"
    function_version: str = "$LATEST"

    def get_remaining_time_in_millis(self) -> int:
        if not self.deadline:
            return 29_000
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def handler_of(function: str) -> Handler:
    """``functions/<function>/handler.py``'s ``lambda_handler`` (imported once, like a warm container)."""
    module = importlib.import_module(f"{function}.handler")
    handler: Handler = module.lambda_handler
    return handler


# Lambda runs one request per container at a time, and Powertools relies on that: the resolver keeps the
# request being handled in a class attribute (BaseRouter.current_event) shared by every resolver in the
# process. In-process callers therefore run one handler invocation at a time.
_invocation_lock = threading.RLock()


def invoke(function: str, event: dict[str, Any]) -> dict[str, Any]:
    """Run ``function``'s handler on ``event`` as one Lambda invocation."""
    request_id = str((event.get("requestContext") or {}).get("requestId", "local"))
    handler = handler_of(function)
    with _invocation_lock:
        return handler(event, LambdaContext(function, request_id))


_PARAM = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")


@dataclass(frozen=True)
class Match:
    route: Route
    path_params: dict[str, str]


def _pattern(path: str) -> re.Pattern[str]:
    parts = _PARAM.split(path)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")


_COMPILED = [(route, _pattern(route.path)) for route in ROUTES]


def match(method: str, path: str) -> tuple[Match | None, bool]:
    """The route for ``method path`` and whether the path exists under any method (405 vs 404 on AWS)."""
    path_exists = False
    static_first = sorted(_COMPILED, key=lambda rp: "{" in rp[0].path)
    for route, pattern in static_first:
        m = pattern.match(path)
        if m:
            path_exists = True
            if route.method == method.upper():
                return Match(route, m.groupdict()), True
    return None, path_exists
