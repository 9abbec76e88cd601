"""GET /v1/openapi.json: the document is built once per container from every handler in the route table."""

import importlib
from functools import lru_cache
from typing import Any

from keel import openapi
from keel.http import Endpoint, Raw, raw
from keel.models.openapi import OpenApiDocument
from keel.routes import ROUTES

app = Endpoint("openapi")


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    routers = [importlib.import_module(f"{route.function}.handler").app.router for route in ROUTES]
    return openapi.document(routers)


@app.handle(responses={200: Raw(OpenApiDocument)}, description="The OpenAPI 3.1 document, not enveloped.")
def get_openapi():
    return raw(_document())


lambda_handler = app.lambda_handler
