"""The OpenAPI document describes what the handlers really answer."""

from __future__ import annotations

import copy

import jsonschema_rs
import pytest
from openapi.handler import served

from infra.gateway_responses import METHOD_NOT_ALLOWED
from infra.ops.openapi_doc import COMMITTED, generate, render
from keel import etags, openapi_examples
from keel.config import Settings
from keel.openapi_servers import servers
from keel.routes import ROUTES
from tests.conftest import call


def _resolve(doc, node):
    while "$ref" in node:
        target = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


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
    conflict = _resolve(doc, responses["409"])
    assert conflict["content"]["application/json"]["schema"]["$ref"].endswith("/ConflictEnvelope")


def test_no_unused_validation_models_leak_into_the_document(doc):
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_every_operation_documents_the_body_rules(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert {"413", "415"} <= set(operation["responses"]), (method, path)


def test_tags_are_documented_unique(doc):
    tags = doc["components"]["schemas"]["PostCreate"]["properties"]["tags"]
    assert tags.get("uniqueItems") is True


def _operations(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_error_response_names_the_codes_of_its_status_from_the_spec_table(doc):
    # Given SPEC §1's table, status -> code
    table = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
             405: "METHOD_NOT_ALLOWED", 409: "CONFLICT", 412: "PRECONDITION_FAILED", 413: "PAYLOAD_TOO_LARGE",
             415: "UNSUPPORTED_MEDIA_TYPE", 422: "VALIDATION_ERROR", 429: "TOO_MANY_REQUESTS",
             500: "INTERNAL_ERROR", 503: "SERVICE_UNAVAILABLE"}  # fmt: skip
    # Then every documented error response's code is an enum of exactly that status's code
    for path, method, operation in _operations(doc):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            envelope = _resolve(doc, _resolve(doc, response)["content"]["application/json"]["schema"])
            info = _resolve(doc, envelope["properties"]["error"])
            assert info["properties"]["code"]["enum"] == [table[int(status)]], (method, path, status)
            assert info["properties"]["details"]["maxItems"] == 20


def test_the_405_envelope_agrees_with_the_gateway(doc):
    response = doc["components"]["responses"]["MethodNotAllowed"]
    example = response["content"]["application/json"]["example"]
    assert example["error"]["code"] == METHOD_NOT_ALLOWED.code
    assert example["error"]["message"] == METHOD_NOT_ALLOWED.message
    assert "Allow" in response["headers"]


def test_responses_document_the_headers_the_routes_send(doc):
    posts = doc["paths"]["/v1/posts"]["post"]["responses"]["201"]["headers"]
    assert {"Location", "ETag", "Idempotent-Replayed", "X-Request-Id"} <= set(posts)
    get = doc["paths"]["/v1/posts/{post_id}"]["get"]["responses"]
    assert "ETag" in get["200"]["headers"] and "ETag" in get["304"]["headers"]
    assert "content" not in get["304"]
    assert "Location" in doc["paths"]["/v1/auth/register"]["post"]["responses"]["201"]["headers"]
    assert "Retry-After" in _resolve(doc, doc["components"]["responses"]["TooManyRequests"])["headers"]
    assert "WWW-Authenticate" in doc["components"]["responses"]["Unauthorized"]["headers"]


def test_every_operation_has_a_description_and_every_body_an_example(doc):
    for path, method, operation in _operations(doc):
        assert operation.get("description"), (method, path)
        bodies = [operation.get("requestBody", {})] + [_resolve(doc, r) for r in operation["responses"].values()]
        for body in bodies:
            for media in body.get("content", {}).values():
                assert "example" in media, (method, path)


def test_examples_are_valid_against_their_schemas(doc):
    for path, method, operation in _operations(doc):
        bodies = [operation.get("requestBody", {})] + [_resolve(doc, r) for r in operation["responses"].values()]
        for body in bodies:
            for media in body.get("content", {}).values():
                schema = {**media["schema"], "components": doc["components"]}
                if "$ref" in schema:
                    schema = {"allOf": [{"$ref": schema.pop("$ref")}], **schema}
                errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(media["example"])]
                assert not errors, (method, path, errors)


def test_tags_are_ordered_auth_first_and_described(doc):
    names = [tag["name"] for tag in doc["tags"]]
    assert names[:3] == ["auth", "users", "posts"]
    assert all(tag.get("description") for tag in doc["tags"])
    assert {op["tags"][0] for _, _, op in _operations(doc)} == set(names)


def test_servers_name_the_local_server_and_a_deployed_stage(doc):
    urls = [server["url"] for server in doc["servers"]]
    assert urls[0] == "http://127.0.0.1:3000"
    assert any("{stage}" in url for url in urls)


def test_a_deployed_stage_names_its_own_public_url():
    urls = [s["url"] for s in servers(Settings(stage="prod", issuer="https://api.example.org"))]
    assert urls == ["/prod", "https://api.example.org"]


def test_conditional_headers_and_cursors_carry_their_syntax_and_are_never_null(doc):
    params = {p["name"]: p["schema"] for p in doc["paths"]["/v1/posts/{post_id}"]["get"]["parameters"]}
    assert params["if-none-match"]["pattern"] == etags.CONDITIONAL_PATTERN
    assert params["if-none-match"]["type"] == "string" and "anyOf" not in params["if-none-match"]
    cursor = {p["name"]: p["schema"] for p in doc["paths"]["/v1/posts"]["get"]["parameters"]}["cursor"]
    assert cursor["pattern"] and cursor["maxLength"] == 1024
    for path, method, operation in _operations(doc):
        for param in operation.get("parameters", []):
            assert "null" not in str(param["schema"]), (method, path, param["name"])


def test_links_lead_from_create_and_login_to_the_next_calls(doc):
    ids = {op["operationId"] for _, _, op in _operations(doc)}
    created = doc["paths"]["/v1/posts"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in created.values()} == {"posts_get", "posts_update", "posts_delete"}
    login = doc["paths"]["/v1/auth/login"]["post"]["responses"]["200"]["links"]
    assert {link["operationId"] for link in login.values()} == {"auth_refresh", "auth_logout"}
    for _, _, operation in _operations(doc):
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                assert link["operationId"] in ids


def test_the_committed_document_is_the_one_the_code_generates():
    # Given the document generated from every handler, When compared with the committed one, Then same text.
    assert render(generate()) == COMMITTED.read_text(), (
        "functions/openapi/openapi.json differs from the document the code generates. If the change to the API is "
        "intended, run `make openapi` (it refuses changes that break clients unless the version changes) and commit it."
    )


def test_the_served_document_is_the_committed_one(doc):
    assert render(doc) == COMMITTED.read_text()


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_a_deployed_stage_serves_what_the_code_generates_for_it(stage):
    # Given a deployed stage's settings, When the function serves the committed document for it,
    # Then it is exactly the document the handlers generate with those settings (servers and version included).
    settings = Settings(stage=stage, issuer=f"https://{stage}.api.example.org", version="9.1.0")
    assert served(settings) == generate(settings)


def test_every_example_value_is_a_realistic_sample_not_a_placeholder(doc):
    # Given the document without its examples, When they are built again, Then no property lacked a sample
    bare = copy.deepcopy(doc)
    for _, _, operation in _operations(bare):
        for body in [operation.get("requestBody", {}), *operation["responses"].values()]:
            for media in body.get("content", {}).values():
                media.pop("example", None)
    assert openapi_examples.add_examples(bare) == set()


def test_a_field_without_a_sample_is_reported_and_gets_a_placeholder():
    missing: set[str] = set()
    schema = {"type": "object", "properties": {"nickname": {"type": "string"}, "title": {"type": "string"}}}
    value = openapi_examples.example(schema, {}, missing=missing)
    assert value == {"nickname": "string", "title": openapi_examples.SAMPLES["title"]}
    assert missing == {"nickname (string)"}
