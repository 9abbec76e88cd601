"""Swagger UI for the OpenAPI document at /docs, from the swagger-ui-dist npm package when installed."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from werkzeug.wrappers import Response

DIST = Path(__file__).resolve().parents[2] / "node_modules" / "swagger-ui-dist"
CDN = "https://unpkg.com/swagger-ui-dist@5"
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")
PATHS = frozenset({"/docs", "/docs/"} | {f"/docs/{a}" for a in ASSETS})

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keel API</title>
<link rel="stylesheet" href="{base}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{base}/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({{url: "/v1/openapi.json", dom_id: "#swagger-ui"}});</script>
</body></html>
"""


# Swagger UI needs its own scripts and styles (and one inline bootstrap script); nothing else is allowed.
DOCS_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}


def serve(path: str) -> Response:
    response = _serve(path)
    response.headers.update(DOCS_HEADERS)
    return response


def _serve(path: str) -> Response:
    name = path.removeprefix("/docs").strip("/")
    if not name:
        base = "/docs" if DIST.is_dir() else CDN
        return Response(PAGE.format(base=base), content_type="text/html; charset=utf-8")
    asset = DIST / name
    if name not in ASSETS or not asset.is_file():
        return Response("not found", status=404, content_type="text/plain")
    return Response(asset.read_bytes(), content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
