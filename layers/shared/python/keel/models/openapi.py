"""The shape of the OpenAPI document as ``GET /v1/openapi.json`` serves it (unenveloped)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document: the version, the API's info and its paths, and the rest of the standard."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
