"""The SPEC §1 response envelope as pydantic models: what clients receive, and what OpenAPI documents."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Meta(BaseModel):
    request_id: str
    timestamp: str


class Envelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T
    meta: Meta


class Pagination(BaseModel):
    limit: int
    next_cursor: str | None
    has_next: bool


class Page(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    pagination: Pagination
    meta: Meta


class ErrorDetail(BaseModel):
    field: str
    message: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorInfo
    meta: Meta
