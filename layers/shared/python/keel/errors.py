"""Typed domain errors and the ONE mapping from an error to an HTTP status, code and envelope.

Services and repositories raise these; ``keel.http`` turns them into responses. Nothing matches on message
strings: the class decides the status and code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

MAX_DETAILS = 20
MAX_DETAIL_CHARS = 100  # a field name can be a client's 60 KB key: never echo it whole


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def bounded(self) -> FieldError:
        def cut(text: str) -> str:
            return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"

        return FieldError(cut(self.field), cut(self.message))


class KeelError(Exception):
    """Base class: ``status`` and ``code`` come from the SPEC §1 table, ``message`` is safe to show."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "INTERNAL_ERROR"
    default_message: ClassVar[str] = "An internal error occurred."

    def __init__(
        self,
        message: str | None = None,
        *,
        details: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        # An error body stays small whatever the request (SPEC §1): at most 20 details, each of bounded size.
        self.details = [d.bounded() for d in (details or [])[:MAX_DETAILS]]
        self.headers = headers or {}
        super().__init__(self.message)


class BadRequestError(KeelError):
    status, code, default_message = 400, "BAD_REQUEST", "The request is malformed."


class UnauthorizedError(KeelError):
    status, code, default_message = 401, "UNAUTHORIZED", "Authentication is required."

    def __init__(self, message: str | None = None, *, error: str = "invalid_token") -> None:
        header = f'Bearer realm="keel", error="{error}"'
        super().__init__(message, headers={"WWW-Authenticate": header})


class ForbiddenError(KeelError):
    status, code, default_message = 403, "FORBIDDEN", "You are not allowed to do this."


class NotFoundError(KeelError):
    status, code, default_message = 404, "NOT_FOUND", "The resource does not exist."


class ConflictError(KeelError):
    status, code, default_message = 409, "CONFLICT", "The request conflicts with the current state."


class PreconditionFailedError(KeelError):
    status, code, default_message = 412, "PRECONDITION_FAILED", "The resource has changed since you read it."


class PayloadTooLargeError(KeelError):
    status, code, default_message = 413, "PAYLOAD_TOO_LARGE", "The request body is too large."


class UnsupportedMediaTypeError(KeelError):
    status, code = 415, "UNSUPPORTED_MEDIA_TYPE"
    default_message = "Request bodies must be sent as application/json."


class RequestValidationFailed(KeelError):
    status, code, default_message = 422, "VALIDATION_ERROR", "The request is not valid."


class _RetryableError(KeelError):
    def __init__(
        self, message: str | None = None, *, retry_after_s: int = 1, details: list[FieldError] | None = None
    ) -> None:
        super().__init__(message, details=details, headers={"Retry-After": str(max(1, int(retry_after_s)))})
        self.retry_after_s = retry_after_s


class TooManyRequestsError(_RetryableError):
    status, code, default_message = 429, "TOO_MANY_REQUESTS", "Too many requests. Try again later."


class ServiceUnavailableError(_RetryableError):
    status, code = 503, "SERVICE_UNAVAILABLE"
    default_message = "The service is temporarily unavailable. Try again later."


class InternalError(KeelError):
    """A bug. The message shown is always the generic one; detail goes to the logs only."""


def error_body(error: KeelError) -> dict[str, object]:
    """The ``error`` member of the SPEC §1 envelope for ``error``."""
    return {
        "code": error.code,
        "message": error.message,
        "details": [{"field": d.field, "message": d.message} for d in error.details],
    }
