"""CORS on the local gateway, as deployed: the dev stage's allow-list unless ``KEEL_CORS_ALLOW_ORIGINS`` says
otherwise (an empty value turns CORS off).

The handlers read the same variable (``keel.config``), so the gateway's own answers (errors, preflights) and the
handlers' responses always agree. Every response whose CORS headers depend on the request's ``Origin`` says
``Vary: Origin``, so a cache never serves one origin's answer to another.
"""

from __future__ import annotations

import os

from keel.config import get_settings
from keel.http import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS
from keel.routes import ROUTES

ENV = "KEEL_CORS_ALLOW_ORIGINS"
PREFLIGHT_MAX_AGE_S = 3600  # the deployed preflight's Access-Control-Max-Age (infra/constructs/api.py)


def dev_stage_origins() -> tuple[str, ...]:
    """The origins the deployed dev stage allows: the one place the local gateway learns them."""
    from infra.stages import load_stage  # noqa: PLC0415 - stage config only when the server starts

    return tuple(load_stage("dev").cors_origins)


def apply_local_default() -> None:
    """Give the gateway and every handler the dev stage's origins, unless the variable is already set."""
    if ENV not in os.environ:
        os.environ[ENV] = ",".join(dev_stage_origins())
        get_settings.cache_clear()


def allowed_origins() -> tuple[str, ...]:
    return get_settings().cors_allow_origins


def response_headers(origin: str | None) -> dict[str, str]:
    """The CORS headers of a gateway answer to a request from ``origin`` (nothing when CORS is off)."""
    if not allowed_origins():
        return {}
    headers = {"Vary": "Origin"}
    if origin and origin in allowed_origins():
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = ",".join(CORS_EXPOSE_HEADERS)
    return headers


def preflight_headers(origin: str | None) -> dict[str, str]:
    """A preflight's answer, as the deployed API's OPTIONS methods give it: allowed origins only."""
    headers = response_headers(origin)
    if "Access-Control-Allow-Origin" in headers:
        headers |= {
            "Access-Control-Allow-Methods": ",".join(sorted({r.method for r in ROUTES})),
            "Access-Control-Allow-Headers": ",".join(CORS_ALLOW_HEADERS),
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_S),
        }
    return headers
