"""The OpenAPI 3.1 document, generated from the routers of the real handlers (the same models they validate)."""

from __future__ import annotations

import json
import re
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
    _drop_unused_schemas(doc)
    return doc


_REF = re.compile(r'"#/components/schemas/([^"]+)"')


def _drop_unused_schemas(doc: dict[str, Any]) -> None:
    """Remove component schemas nothing refers to (the resolver's own validation-error models: Keel answers
    422 with its error envelope instead)."""
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    outside = {k: v for k, v in doc.items() if k != "components"}
    used = set(_REF.findall(json.dumps(outside)))
    pending = list(used)
    while pending:
        for name in _REF.findall(json.dumps(schemas.get(pending.pop(), {}))):
            if name not in used:
                used.add(name)
                pending.append(name)
    for name in set(schemas) - used:
        del schemas[name]
