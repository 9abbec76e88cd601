"""The OpenAPI 3.1 document, generated from the routers of the real handlers (the same models they validate)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from keel.config import get_settings
from keel.http import make_resolver

DESCRIPTION = (
    "Keel: accounts with role-based access and posts, as a versioned REST API. Every response uses the "
    "envelope `{success, data|error, meta}`; errors carry a stable `code`."
)


def document(routers: list[Router]) -> dict[str, Any]:
    """The whole API's OpenAPI document from the given routers."""
    app = make_resolver(*routers)
    text = app.get_openapi_json_schema(
        title="Keel API",
        version=get_settings().version,
        description=DESCRIPTION,
        security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")},
    )
    doc: dict[str, Any] = json.loads(text)
    return doc
