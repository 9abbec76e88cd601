"""The OpenAPI 3.1 document, generated from the routers of the real handlers (the same models they validate),
then completed from the code that enforces each rule: header and cursor syntax, response headers, the 405
every path gives for the methods it does not serve, tags in reading order, servers and examples."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from keel import etags, openapi_examples
from keel.api_docs import error_model, error_response
from keel.config import Settings, get_settings
from keel.http import make_resolver
from keel.openapi_servers import servers
from keel.openapi_text import DESCRIPTION, HEADERS, TAGS
from keel.pagination import CURSOR_PATTERN, MAX_CURSOR_CHARS
from keel.services.posts import IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_HELP

SCHEMA_REF = "#/components/schemas/"
_CONDITIONAL = {"type": "string", "pattern": etags.CONDITIONAL_PATTERN, "maxLength": etags.MAX_HEADER_CHARS}

# Syntax the handlers check themselves (a 400, not a 422), published so clients and fuzzers know it.
PARAMETERS: dict[tuple[str, str], dict[str, Any]] = {
    ("header", "if-match"): {**_CONDITIONAL, "description": "`*` or ETags: update only that version (else 412)."},
    ("header", "if-none-match"): {**_CONDITIONAL, "description": "`*` or ETags: 304 while one is current."},
    ("header", "idempotency-key"): {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern,
                                    "description": IDEMPOTENCY_KEY_HELP},
    ("query", "cursor"): {"type": "string", "pattern": CURSOR_PATTERN, "maxLength": MAX_CURSOR_CHARS,
                          "description": "`pagination.next_cursor` of the previous page; opaque, signed (else 400)."},
}  # fmt: skip


def document(routers: list[Router], settings: Settings | None = None) -> dict[str, Any]:
    """The whole API's OpenAPI document from the given routers."""
    settings = settings or get_settings()
    text = make_resolver(*routers).get_openapi_json_schema(
        title="Keel API",
        version=settings.version,
        description=DESCRIPTION,
        security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")},
    )
    doc: dict[str, Any] = json.loads(text)
    doc["servers"] = servers(settings)
    used = {op.get("tags", ["root"])[0] for ops in doc["paths"].values() for op in ops.values()}
    doc["tags"] = [tag for tag in TAGS if tag["name"] in used] + [{"name": t} for t in sorted(used - _names())]
    _complete_operations(doc)
    _add_components(doc)
    openapi_examples.add_examples(doc)
    _share_error_responses(doc)
    _drop_unused_schemas(doc)
    return doc


def _names() -> set[str]:
    return {tag["name"] for tag in TAGS}


def _complete_operations(doc: dict[str, Any]) -> None:
    for operations in doc["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _complete_parameter(parameter)
            operation["responses"] = dict(sorted(operation["responses"].items(), key=lambda item: int(item[0])))
            for response in operation["responses"].values():
                if not response.get("content"):
                    response.pop("content", None)  # 204, 304: no body at all


def _complete_parameter(parameter: dict[str, Any]) -> None:
    """A parameter is absent or a string: never null. Then the syntax the handler checks, where it has one."""
    schema = parameter["schema"]
    options = [o for o in schema.pop("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        schema.update(options[0])
    elif options:
        schema["anyOf"] = options
    extra = PARAMETERS.get((parameter["in"], parameter["name"].lower()), {})
    schema.update({k: v for k, v in extra.items() if k != "description"})
    if "description" in extra:
        parameter["description"] = schema["description"] = extra["description"]


def _add_components(doc: dict[str, Any]) -> None:
    components = doc.setdefault("components", {})
    components["headers"] = copy.deepcopy(HEADERS)
    schemas = components.setdefault("schemas", {})
    model = error_model(405)
    generated = model.model_json_schema(ref_template=SCHEMA_REF + "{model}", mode="serialization")
    for name, schema in generated.pop("$defs", {}).items():
        schemas.setdefault(name, schema)
    schemas.setdefault(model.__name__, generated)
    not_allowed = error_response(405)
    not_allowed["content"] = {"application/json": {"schema": {"$ref": SCHEMA_REF + model.__name__}}}
    components["responses"] = {"MethodNotAllowed": not_allowed}  # every path, for the methods it does not serve


def _share_error_responses(doc: dict[str, Any]) -> None:
    """An error status is documented the same on every operation: once in ``components.responses``, referred
    to from each operation (``#/components/responses/NotFound``)."""
    shared = doc["components"]["responses"]
    for operations in doc["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    name = ref.rsplit("/", 1)[1].removesuffix("Envelope")
                    shared.setdefault(name, response)
                    operation["responses"][status] = {"$ref": f"#/components/responses/{name}"}
    doc["components"]["responses"] = dict(sorted(shared.items()))


_REF = re.compile(r'"#/components/(\w+)/([^"]+)"')


def _refs(value: Any, kind: str) -> set[str]:
    return {f"#/components/{k}/{n}" for k, n in _REF.findall(json.dumps(value)) if k == kind}


def _drop_unused_schemas(doc: dict[str, Any]) -> None:
    """Remove component schemas nothing refers to (the resolver's own validation-error models: Keel answers
    422 with its error envelope instead)."""
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    outside = {k: v for k, v in doc.items() if k != "components"}
    outside["other"] = {k: v for k, v in doc.get("components", {}).items() if k != "schemas"}
    used = {ref.rsplit("/", 1)[1] for ref in _refs(outside, "schemas")}
    pending = list(used)
    while pending:
        for ref in _refs(schemas.get(pending.pop(), {}), "schemas"):
            name = ref.rsplit("/", 1)[1]
            if name not in used:
                used.add(name)
                pending.append(name)
    for name in set(schemas) - used:
        del schemas[name]
