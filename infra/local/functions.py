"""Finding and running the real Lambda handler of a function in-process, as the Lambda runtime would.

``invoke`` serves ``make invoke``, the integration tests and the bench; ``make serve`` runs every function in
execution environments of its own instead (``infra.local.runtime``), through the same ``Invoker`` signature.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
