"""SPEC §1 conventions applied by keel.http to every route, table-driven, on a test route with a body."""

from __future__ import annotations

import json
from typing import Annotated

import pytest
from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import BaseModel, ConfigDict, Field

from infra.local.events import proxy_event
from keel import errors
from keel.http import Endpoint, ok
from keel.routes import Route


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    count: int = 0


app = Endpoint("things_create", route=Route("POST", "/v1/things", "things_create", "test route"))
raised: list[Exception] = []


@app.handle(responses={201: Thing})
def create(thing: Annotated[Thing, Body()]):
    if raised:
        raise raised[0]
    return ok(thing, status=201)


def post(body: str | bytes | None, content_type: str | None = "application/json") -> tuple[int, dict, dict]:
    headers = {"Content-Type": [content_type]} if content_type else {}
    event = proxy_event("POST", "/v1/things", headers=headers, body=body, request_id="rid-1")
    res = app.lambda_handler(event, None)
    return res["statusCode"], res["headers"], json.loads(res["body"]) if res["body"] else {}


@pytest.fixture(autouse=True)
def _no_raise():
    raised.clear()


def test_a_valid_body_is_enveloped_with_meta_and_security_headers():
    status, headers, body = post('{"name": "x", "count": 2}')
    assert status == 201
    assert body["success"] is True
    assert body["data"] == {"name": "x", "count": 2}
    assert body["meta"]["request_id"] == "rid-1" == headers["X-Request-Id"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in headers["Strict-Transport-Security"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ('{"name": "x"}', None, 415, "UNSUPPORTED_MEDIA_TYPE"),
        ('{"name": "x"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ('{"name": "x"}', "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ('{"name": "' + "x" * (64 * 1024) + '"}', "application/json", 413, "PAYLOAD_TOO_LARGE"),
        ('{"name": "' + "é" * (33 * 1024) + '"}', "application/json", 413, "PAYLOAD_TOO_LARGE"),  # bytes, not chars
        ('{"name": "\ud800"}', "application/json", 400, "BAD_REQUEST"),  # a lone surrogate is not UTF-8
        ('{"name": "x", "name": "y"}', "application/json", 400, "BAD_REQUEST"),
        ('{"name": "x", "count": NaN}', "application/json", 400, "BAD_REQUEST"),
        ('{"name": "x", "count": Infinity}', "application/json", 400, "BAD_REQUEST"),
        ('{"name": "x", "count": -Infinity}', "application/json", 400, "BAD_REQUEST"),
        ("[" * 30000 + "]" * 30000, "application/json", 400, "BAD_REQUEST"),
        ('{"a":' * 40 + "1" + "}" * 40, "application/json", 400, "BAD_REQUEST"),
        ("[1, 2]", "application/json", 400, "BAD_REQUEST"),
        ('"name"', "application/json", 400, "BAD_REQUEST"),
        ("null", "application/json", 400, "BAD_REQUEST"),
        ("{not json", "application/json", 400, "BAD_REQUEST"),
        (b"\xff\xfe{}", "application/json", 400, "BAD_REQUEST"),
        ('{"name": "x", "role": "admin"}', "application/json", 422, "VALIDATION_ERROR"),
        ('{"count": 1}', "application/json", 422, "VALIDATION_ERROR"),
        ('{"name": "x", "count": "many"}', "application/json", 422, "VALIDATION_ERROR"),
        ('{"name": "x"}', "application/json; charset=utf-8", 201, None),
        ('{"name": "x"}', "Application/JSON", 201, None),
        ('{"name": "x"}', "APPLICATION/JSON; Charset=UTF-8", 201, None),
        ('{"name": "x"}', "application/json; charset=utf-16", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("", "application/json", 422, "VALIDATION_ERROR"),
    ],
)
def test_body_rules(body, content_type, status, code):
    got_status, headers, got = post(body, content_type)
    assert got_status == status
    if code:
        assert got["success"] is False
        assert got["error"]["code"] == code
        assert headers["X-Request-Id"] == "rid-1"


remover = Endpoint("things_delete", route=Route("DELETE", "/v1/things", "things_delete", "test route"))


@remover.handle(responses={204: None})
def remove():
    return ok({"removed": True})


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [("hello", "text/plain", 400), ("{", "application/json", 400), ('{"a": NaN}', "application/json", 400),
     (None, None, 200), ("", "application/json", 200), ("{}", "application/json", 400),
     ('{"hard": true}', "application/json", 400)],
)  # fmt: skip
def test_a_route_that_takes_no_body_refuses_any_non_empty_body(body, content_type, status):
    headers = {"Content-Type": [content_type]} if content_type else {}
    event = proxy_event("DELETE", "/v1/things", headers=headers, body=body, request_id="rid-2")
    assert remover.lambda_handler(event, None)["statusCode"] == status


def test_a_missing_body_is_named_as_such():
    _, _, body = post("")
    assert body["error"]["details"] == [
        {"field": "(body)", "message": "A JSON object is required as the request body."}
    ]


def test_validation_errors_name_each_field():
    _, _, body = post('{"role": "admin", "count": "x"}')
    fields = {d["field"]: d["message"] for d in body["error"]["details"]}
    assert fields["role"] == "Unknown field."
    assert "name" in fields
    assert "count" in fields


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.BadRequestError(), 400, "BAD_REQUEST"),
        (errors.UnauthorizedError(), 401, "UNAUTHORIZED"),
        (errors.ForbiddenError(), 403, "FORBIDDEN"),
        (errors.NotFoundError(), 404, "NOT_FOUND"),
        (errors.ConflictError(), 409, "CONFLICT"),
        (errors.PreconditionFailedError(), 412, "PRECONDITION_FAILED"),
        (errors.PayloadTooLargeError(), 413, "PAYLOAD_TOO_LARGE"),
        (errors.UnsupportedMediaTypeError(), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (errors.RequestValidationFailed(), 422, "VALIDATION_ERROR"),
        (errors.TooManyRequestsError(retry_after_s=30), 429, "TOO_MANY_REQUESTS"),
        (errors.ServiceUnavailableError(retry_after_s=2), 503, "SERVICE_UNAVAILABLE"),
        (errors.InternalError(), 500, "INTERNAL_ERROR"),
        (RuntimeError("secret detail: table keel-prod"), 500, "INTERNAL_ERROR"),
    ],
)
def test_every_error_maps_to_one_status_and_code(error, status, code):
    raised.append(error)
    got_status, headers, body = post('{"name": "x"}')
    assert (got_status, body["error"]["code"]) == (status, code)
    assert "keel-prod" not in json.dumps(body)
    if status == 401:
        assert headers["WWW-Authenticate"].startswith("Bearer")
    if status in (429, 503):
        assert int(headers["Retry-After"]) >= 1
