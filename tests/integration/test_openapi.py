"""The OpenAPI document describes what the handlers really answer."""

from __future__ import annotations

import pytest

from keel.routes import ROUTES
from tests.conftest import call


@pytest.fixture(scope="module")
def doc():
    res = call("openapi")
    assert res.status == 200
    return res.json


def test_every_route_in_the_table_is_documented_with_its_method(doc):
    for route in ROUTES:
        assert route.method.lower() in doc["paths"][route.path], route


def test_bearer_routes_declare_the_bearer_scheme_and_public_ones_do_not(doc):
    for route in ROUTES:
        operation = doc["paths"][route.path][route.method.lower()]
        assert ("security" in operation) == (route.auth.value == "bearer"), route.function


def test_lists_are_documented_as_pages(doc):
    ok = doc["paths"]["/v1/posts"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = doc["components"]["schemas"][ok.rsplit("/", 1)[1]]
    assert {"success", "data", "pagination", "meta"} <= set(page["properties"])


def test_unenveloped_documents_are_described_as_they_are_served(doc):
    jwks = doc["paths"]["/.well-known/jwks.json"]["get"]["responses"]["200"]["content"]["application/json"]
    schema = doc["components"]["schemas"][jwks["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "keys" in schema["properties"]


def test_a_patch_body_documents_non_null_fields_and_at_least_one(doc):
    schema = doc["components"]["schemas"]["PostUpdate"]
    assert schema["minProperties"] == 1
    assert "null" not in str(schema["properties"])


def test_body_routes_document_413_415_and_errors_use_the_envelope(doc):
    responses = doc["paths"]["/v1/posts"]["post"]["responses"]
    assert {"201", "409", "413", "415", "422"} <= set(responses)
    assert responses["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorEnvelope")


def test_no_unused_validation_models_leak_into_the_document(doc):
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_every_operation_documents_the_body_rules(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert {"413", "415"} <= set(operation["responses"]), (method, path)


def test_tags_are_documented_unique(doc):
    tags = doc["components"]["schemas"]["PostCreate"]["properties"]["tags"]
    assert tags.get("uniqueItems") is True
