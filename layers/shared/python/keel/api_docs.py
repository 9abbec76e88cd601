"""How a route's responses are documented in OpenAPI: enveloped success models, pages, unenveloped documents,
and the error envelope for every error status the route can give."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args, get_origin

from keel.conventions import JSON
from keel.models.envelope import Envelope, ErrorEnvelope, Page
from keel.routes import Auth, Route


@dataclass(frozen=True)
class Raw:
    """Marks a success model that is served as is, without the envelope (``raw()``): JWKS, OpenAPI."""

    model: Any


def _success_model(model: Any) -> Any:
    """``list[X]`` documents as the paginated ``Page[X]``, ``Raw(X)`` as ``X``, anything else as ``Envelope[X]``."""
    if isinstance(model, Raw):
        return model.model
    if get_origin(model) is list:
        return Page[get_args(model)[0]]  # type: ignore[misc]
    return Envelope[model]


def responses_for(success: dict[int, Any], route: Route) -> dict[int, Any]:
    """OpenAPI responses: enveloped success models plus the error envelope for the errors a route can give."""
    out: dict[int, Any] = {}
    for status, model in success.items():
        if status >= 400:  # an error a route names explicitly (404, 409, 412...): the error envelope
            continue
        content = {JSON: {"model": _success_model(model)}} if model else {}
        out[status] = {"description": "Success", "content": content}
    errors = [400, 422, 429, 500, 503] + ([401, 403] if route.auth is Auth.BEARER else [])
    errors += [413, 415]  # the body rules hold on every method (keel.conventions)
    errors += [status for status in success if status >= 400]
    for status in errors:
        out.setdefault(status, {"description": "Error", "content": {JSON: {"model": ErrorEnvelope}}})
    return out
