"""How an invocation can fail, in Lambda's terms; the gateway turns each into API Gateway's answer."""

from __future__ import annotations


class InvocationError(Exception):
    """The function produced no result."""


class FunctionError(InvocationError):
    """The handler raised: ``str(exc)`` is Lambda's ``errorMessage`` (an authorizer's "Unauthorized" included)."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


class EnvironmentFailed(InvocationError):
    """The environment crashed, failed its init or timed out; it was discarded."""


class Throttled(InvocationError):
    """Lambda's TooManyRequestsException: every environment the function may have is busy."""
