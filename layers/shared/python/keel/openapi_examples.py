"""Examples for every request body and response of the OpenAPI document, built from their schemas.

A value comes from the schema's ``const`` or ``examples``, else from the sample values below by property
name, else from the schema's ``default`` or first ``enum`` value, else from its structure (objects, arrays).
A string or number with no sample gets a placeholder, and a test fails until it has a realistic one here.
"""

from __future__ import annotations

from typing import Any

_USER_ID = "01KB2M8Z3Q6W9X4Y7T5R1N0PAD"
_POST_ID = "01KB2M9C4V7Y0A3D6G9J2M5QSE"
_NOW = "2026-11-25T15:03:09Z"
_JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiIwMUtCMk04WjNRIn0.c2lnbmF0dXJl"

# Sample values by property name; by JSON type where one name has several (a post's version, the API's).
SAMPLES: dict[str, Any] = {
    "id": "01KB2M7X2P5V8Y1B4E7H0K3NRC",
    "author_id": _USER_ID,
    "email": "ada@example.com",
    "password": "analytical-engine-1843",
    "current_password": "analytical-engine-1843",
    "new_password": "difference-engine-1822",
    "name": "Ada Lovelace",
    "title": "Notes on the Analytical Engine",
    "body": "It weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.",
    "tags": ["math", "history"],
    "created_at": _NOW,
    "updated_at": _NOW,
    "version": {"integer": 1, "string": "0.1.0"},
    "access_token": _JWT,
    "refresh_token": "kS3w9Qx2v7Lr0Yb5Np8Tc1Hm6Ge4Zd.01KB2MA6T9W2Z5C8F1H4K7N0QS",
    "token": "q7Yk2Lw9Xc4Rt1Vb8Nm5Jh3Gf6Dz0Sa2Pe7Uo4Ii9Kl",  # a verification or reset token from a mail link
    "expires_in": 900,
    "request_id": "c6a1f0de-4b7e-4c1a-9a5e-2f6d8b3c0e71",
    "timestamp": _NOW,
    "limit": 20,
    "next_cursor": "eyJrIjp7fSwicyI6InBvc3RzIn0.9iHnRqD7mXo1c2VbYt0aZk5Lw3sPe8uGfJ4hN6rQy2M",
    "has_next": True,
    "field": "title",
    "message": "String should have at most 200 characters",
    "kid": "k-2026-11-25",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    "openapi": "3.1.0",
    "info": {"title": "Keel API", "version": "0.1.0"},
    "paths": {"/v1/health": {"get": {"operationId": "health", "responses": {"200": {"description": "OK."}}}}},
}


_PLACEHOLDERS = {"string": "string", "integer": 0, "number": 0, "boolean": False}


def example(schema: dict[str, Any], schemas: dict[str, Any], name: str | None = None, missing: Any = None) -> Any:
    """An example value of ``schema``; ``schemas`` resolves ``$ref``; ``name`` is the property's name. A leaf
    with no sample gets a bare placeholder and its name is added to the set ``missing`` (a test keeps it empty)."""
    missing = set() if missing is None else missing
    if "$ref" in schema:
        return example(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, name, missing)
    if "const" in schema:
        return schema["const"]
    if schema.get("examples"):
        return schema["examples"][0]
    kind = schema.get("type")
    if name in SAMPLES:
        sample = SAMPLES[name]
        return sample[kind] if isinstance(sample, dict) and kind in sample else sample
    if schema.get("default") is not None:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "anyOf" in schema:
        return example(schema["anyOf"][0], schemas, name, missing)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: example(value, schemas, key, missing) for key, value in props.items()}
    if kind == "array":
        return [example(schema.get("items", {}), schemas, name, missing)]
    if kind != "boolean":
        missing.add(f"{name} ({kind})")
    return _PLACEHOLDERS.get(str(kind), "string")


def add_examples(doc: dict[str, Any]) -> set[str]:
    """Give every JSON request body and response of ``doc`` an ``example``; returns the properties that had no
    sample value (they got a placeholder: add a sample to ``SAMPLES``)."""
    schemas = doc.get("components", {}).get("schemas", {})
    missing: set[str] = set()
    for operations in doc["paths"].values():
        for operation in operations.values():
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                for media in body.get("content", {}).values():
                    if "schema" in media and "example" not in media:
                        media["example"] = example(media["schema"], schemas, missing=missing)
    for response in doc.get("components", {}).get("responses", {}).values():
        for media in response.get("content", {}).values():
            media["example"] = example(media["schema"], schemas, missing=missing)
    return missing
