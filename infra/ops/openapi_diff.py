"""Does a new OpenAPI document break clients of the old one? ``python -m infra.ops.openapi_diff OLD NEW``.

The rule, in one sentence: what clients rely on must not disappear, and what clients must send must not grow,
unless ``info.version`` changes. Each document is flattened into facts:

- *promises* (an operation, a success status, a response field or header, an enum value, a type a value
  may have): every promise of the old document must still hold in the new one;
- *demands* (a required parameter, a required body field): an existing operation may not demand more.

So a removed operation, response field or enum value, a new required input, and a narrowed type all fail;
an added optional field, operation or enum value passes. Exit status 1 lists what breaks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Fact = tuple[str, ...]
MAX_DEPTH = 12  # recursive schemas stop here


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _schema_facts(doc: dict[str, Any], schema: dict[str, Any], at: str, *, request: bool) -> set[Fact]:
    """Facts about one schema at location ``at`` (``body.tags[]``); ``request`` marks what clients send."""
    schema, facts = _resolve(doc, schema), set[Fact]()
    if at.count(".") + at.count("[") > MAX_DEPTH:
        return facts
    kinds = schema.get("type", [])
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        facts.add(("type", at, kind))
    for value in schema.get("enum", []) + ([schema["const"]] if "const" in schema else []):
        facts.add(("enum", at, json.dumps(value)))
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        facts |= _schema_facts(doc, option, at, request=request)
    for name, prop in schema.get("properties", {}).items():
        if request and name in schema.get("required", []):
            facts.add(("demand", f"{at}.{name}"))
        elif not request:
            facts.add(("field", f"{at}.{name}"))
        facts |= _schema_facts(doc, prop, f"{at}.{name}", request=request)
    if "items" in schema:
        facts |= _schema_facts(doc, schema["items"], f"{at}[]", request=request)
    return facts


def _operation_facts(doc: dict[str, Any], op_id: str, operation: dict[str, Any]) -> set[Fact]:
    facts: set[Fact] = {("operation", op_id)}
    for param in operation.get("parameters", []):
        where = f"{op_id} {param['in']}:{param['name'].lower()}"
        if param.get("required"):
            facts.add(("demand", where))
        facts |= _schema_facts(doc, param.get("schema", {}), where, request=True)
    body = _resolve(doc, operation.get("requestBody", {}))
    if body.get("required"):
        facts.add(("demand", f"{op_id} body"))
    for media in body.get("content", {}).values():
        facts |= _schema_facts(doc, media.get("schema", {}), f"{op_id} body", request=True)
    for status, documented in operation.get("responses", {}).items():
        response = _resolve(doc, documented)
        if status.startswith(("2", "3")):
            facts.add(("status", f"{op_id} {status}"))
        facts |= {("header", f"{op_id} {status} {name.lower()}") for name in response.get("headers", {})}
        for media in response.get("content", {}).values():
            facts |= _schema_facts(doc, media.get("schema", {}), f"{op_id} {status}", request=False)
    return facts


def facts(doc: dict[str, Any]) -> set[Fact]:
    """Every promise and demand of ``doc``."""
    found: set[Fact] = set()
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "responses" in operation:
                found |= _operation_facts(doc, f"{method.upper()} {path}", operation)
    return found


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What in ``new`` breaks clients of ``old``, in words; empty when nothing does or the version changed."""
    if old.get("info", {}).get("version") != new.get("info", {}).get("version"):
        return []
    before, after = facts(old), facts(new)
    lost = sorted(f for f in before - after if f[0] != "demand")
    existing = {f[1] for f in before if f[0] == "operation"}  # a new operation demands nothing of old clients
    gained = sorted(f for f in after - before if f[0] == "demand" and " ".join(f[1].split()[:2]) in existing)
    return [f"removed {f[0]}: {' '.join(f[1:])}" for f in lost] + [f"newly required: {f[1]}" for f in gained]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m infra.ops.openapi_diff OLD.json NEW.json", file=sys.stderr)
        return 2
    old, new = (json.loads(Path(p).read_text()) for p in args)
    breaks = breaking_changes(old, new)
    for line in breaks:
        print(line)
    if breaks:
        print(f"{len(breaks)} change(s) break existing clients: undo them, or change info.version.", file=sys.stderr)
    return 1 if breaks else 0


if __name__ == "__main__":
    sys.exit(main())
