"""The ``servers`` of the OpenAPI document: where each stage serves the API. Kept apart from ``keel.openapi``
(which builds the whole document) so that the openapi function serves the committed document without importing
the schema machinery."""

from __future__ import annotations

from typing import Any

from keel.config import Settings

LOCAL_SERVER = "http://127.0.0.1:3000"


def servers(settings: Settings) -> list[dict[str, Any]]:
    """Where the API is served. A deployed stage names itself relative to where the document was fetched (the
    execute-api URL ends with the stage) and by its public URL (its issuer, e.g. a custom domain); elsewhere the
    local server and the URL template of a deployed stage."""
    if settings.stage in ("dev", "prod"):
        return [
            {"url": f"/{settings.stage}", "description": f"The {settings.stage} stage, where this document is served"},
            {"url": settings.issuer, "description": f"The {settings.stage} stage's public URL"},
        ]
    deployed = {
        "url": "https://{api_id}.execute-api.{region}.amazonaws.com/{stage}",
        "description": "A deployed stage (the API stack's output ApiUrl)",
        "variables": {
            "api_id": {"default": "abcdef1234", "description": "The REST API id"},
            "region": {"default": "eu-west-1"},
            "stage": {"default": "dev", "enum": ["dev", "prod"]},
        },
    }
    return [{"url": LOCAL_SERVER, "description": "make serve"}, deployed]
