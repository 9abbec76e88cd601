"""Swagger UI for the OpenAPI document at /docs, served offline from the swagger-ui-dist npm package.

``make serve`` installs it (``node_modules/``, pinned in package-lock.json). The page loads nothing from elsewhere,
so its Content-Security-Policy allows only this origin: scripts and styles from files (the bootstrap is a file too,
not an inline script), images from files and ``data:`` URLs (its icons), and requests to this origin (the OpenAPI
document, "Try it out"). Checked in headless Chromium with every operation expanded: no violation. Every
response carries the request id and the security headers; anything else under /docs is an enveloped 404.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from werkzeug.wrappers import Request, Response

from infra.gateway_responses import COMMON_HEADERS, METHOD_NOT_ALLOWED, GatewayError
from infra.local.failures import GatewayFailure

DIST = Path(__file__).resolve().parents[2] / "node_modules" / "swagger-ui-dist"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})
PAGE_PATHS = frozenset({"/docs", "/docs/"})
NOT_INSTALLED = GatewayError(
    503,
    "SERVICE_UNAVAILABLE",
    "Swagger UI is not installed: run `make install` (or `make serve`).",
    {"Retry-After": "60"},
)

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keel API</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>
"""
INIT = b'window.ui = SwaggerUIBundle({url: "/v1/openapi.json", dom_id: "#swagger-ui"});\n'

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def owns(path: str) -> bool:
    """Whether ``path`` is the docs' (the page and its assets); the gateway routes everything else."""
    return path in PAGE_PATHS or path.startswith("/docs/")


def serve(request: Request, request_id: str) -> Response:
    """The page or one of its assets; ``GatewayFailure`` (404, 405, 503) otherwise."""
    if request.method not in ("GET", "HEAD"):
        raise GatewayFailure(METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD"})
    data, content_type = _content(request.path)
    response = Response(data, content_type=content_type)
    response.headers.update({**COMMON_HEADERS, "Content-Security-Policy": CSP, "X-Request-Id": request_id})
    return response


def _content(path: str) -> tuple[bytes, str]:
    if not DIST.is_dir():
        raise GatewayFailure(NOT_INSTALLED)
    if path in PAGE_PATHS:
        return PAGE, "text/html; charset=utf-8"
    name = path.removeprefix("/docs/")
    if name == "init.js":
        return INIT, "text/javascript; charset=utf-8"
    if name not in ASSETS or not (DIST / name).is_file():
        raise GatewayFailure("RESOURCE_NOT_FOUND")
    return (DIST / name).read_bytes(), mimetypes.guess_type(name)[0] or "application/octet-stream"
