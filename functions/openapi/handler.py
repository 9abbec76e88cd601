"""GET /v1/openapi.json: the committed document beside this handler, with this stage's servers.

``make openapi`` generates ``openapi.json`` from every handler in the route table (``infra/ops/openapi_doc.py``)
and a test fails while it differs from what the code generates, for every stage; so the function serves the
contract without importing 27 handlers and rebuilding the schema in its first request. Read once per container,
and encoded once per container too (it is ~125 KB: encoding it was 80 % of a warm request).
"""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from keel.config import Settings, get_settings
from keel.http import Endpoint, Raw, encode, raw_text
from keel.models.openapi import OpenApiDocument
from keel.openapi_servers import servers

DOCUMENT_FILE = Path(__file__).with_name("openapi.json")

app = Endpoint("openapi")


@lru_cache(maxsize=1)
def committed() -> dict[str, Any]:
    return dict(json.loads(DOCUMENT_FILE.read_text()))


def served(settings: Settings) -> dict[str, Any]:
    """The document as ``settings``' stage serves it: its version and its servers (the rest is the same)."""
    document = committed()
    info = {**document["info"], "version": settings.version}
    return {**document, "info": info, "servers": servers(settings)}


@lru_cache(maxsize=1)
def encoded(settings: Settings) -> str:
    """``served(settings)`` as JSON text. Settings are frozen and come from one cached ``get_settings()``, so the
    text is made once per container (a test that changes the settings gets a new text)."""
    return encode(served(settings))


if DOCUMENT_FILE.exists():  # always, but for `make openapi` writing it the first time
    encoded(get_settings())  # read and encoded in the init phase


@app.handle(responses={200: Raw(OpenApiDocument)}, description="The OpenAPI 3.1 document, not enveloped.")
def get_openapi():
    return raw_text(encoded(get_settings()))


lambda_handler = app.lambda_handler
