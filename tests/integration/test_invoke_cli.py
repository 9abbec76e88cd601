"""``make invoke``'s mistakes (one line, exit 2, nothing on stdout) and STAGE=dev, which invokes the deployed
function through its ``live`` alias (botocore Stubber: no account needed)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from infra.local.event_files import InvokeError
from infra.local.invoke import main
from infra.local.invoke_remote import FunctionFailed, RemoteRunner

EVENTS = Path(__file__).resolve().parents[2] / "events"


def one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.strip().splitlines()
    return line


@pytest.mark.parametrize(
    ("content", "says"),
    [("{}", "not an event"), ("[1, 2]", "not an event"), ('{"resource": ', "not valid JSON"), ("\xff", "not valid")],
)
def test_a_malformed_event_is_named(capsys, tmp_path, content, says):
    event = tmp_path / "bad.json"
    event.write_bytes(content.encode("latin-1"))
    line = one_line_error(capsys, ["--function", "health", str(event)])
    assert says in line and str(event) in line


def test_an_unknown_function_lists_the_valid_ones(capsys):
    line = one_line_error(capsys, ["--function", "helth", str(EVENTS / "health/ok.json")])
    assert "'helth'" in line and "health" in line and "rotate_signing_key" in line and "authorizer" in line


def test_a_missing_event_file_and_a_missing_argument_are_named(capsys):
    assert "no such file" in one_line_error(capsys, ["--function", "health", "events/health/nope.json"])
    assert "usage: make invoke" in one_line_error(capsys, [])


def test_an_event_of_another_route_names_the_expected_one(capsys):
    line = one_line_error(capsys, ["--function", "health", str(EVENTS / "posts_get/ok.json")])
    assert "GET /v1/posts/{post_id}" in line and "GET /v1/health" in line


def test_events_of_the_wrong_kind_for_the_authorizer_and_the_rotation(capsys):
    assert "REQUEST authorizer" in one_line_error(capsys, ["--function", "authorizer", str(EVENTS / "health/ok.json")])
    line = one_line_error(capsys, ["--function", "rotate_signing_key", str(EVENTS / "health/ok.json")])
    assert "finishSecret" in line


def test_one_bad_event_in_a_folder_stops_before_anything_runs(capsys, tmp_path):
    (tmp_path / "health").mkdir()
    (tmp_path / "health" / "a.json").write_text((EVENTS / "health/ok.json").read_text())
    (tmp_path / "health" / "b.json").write_text("[]")
    assert "b.json" in one_line_error(capsys, [str(tmp_path)])


def stubbed_lambda(payload: dict, function_error: str | None = None) -> tuple[object, Stubber]:
    client = boto3.client("lambda", region_name="us-east-1")
    stubber = Stubber(client)
    raw = json.dumps(payload).encode()
    answer = {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(raw), len(raw))}
    if function_error:
        answer["FunctionError"] = function_error
    event = json.loads((EVENTS / "posts_get/ok.json").read_text())
    expected = {"FunctionName": "keel-dev-posts-get", "Qualifier": "live", "Payload": json.dumps(event).encode()}
    stubber.add_response("invoke", answer, expected)
    return client, stubber


def test_stage_dev_invokes_the_deployed_function_through_its_live_alias():
    client, stubber = stubbed_lambda({"statusCode": 200, "body": "{}"})
    event = json.loads((EVENTS / "posts_get/ok.json").read_text())
    with stubber, RemoteRunner("dev", client) as runner:
        assert runner.run("posts_get", event) == {"statusCode": 200, "body": "{}"}
        stubber.assert_no_pending_responses()


def test_a_deployed_function_that_raises_gives_lambdas_error_payload():
    client, stubber = stubbed_lambda({"errorType": "KeyError", "errorMessage": "x"}, "Unhandled")
    event = json.loads((EVENTS / "posts_get/ok.json").read_text())
    with stubber, RemoteRunner("dev", client) as runner, pytest.raises(FunctionFailed) as failed:
        runner.run("posts_get", event)
    assert failed.value.payload["errorType"] == "KeyError"


def test_without_credentials_stage_dev_says_so_in_one_line(capsys, monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    line = one_line_error(capsys, ["--stage", "dev", "--function", "health", str(EVENTS / "health/ok.json")])
    assert "no AWS credentials" in line and "dev" in line


def test_prod_and_local_only_events_are_refused_for_remote_runs():
    with pytest.raises(InvokeError, match="dev only"):
        RemoteRunner("prod")
    event = json.loads((EVENTS / "authorizer/allow_user.json").read_text())
    with RemoteRunner("dev", object()) as runner, pytest.raises(InvokeError, match="locally only"):
        runner.run("authorizer", event)
