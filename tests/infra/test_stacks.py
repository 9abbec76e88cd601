"""Decoupled stacks: no export ties the API stack to the data stack, and an app change leaves the data stack alone."""

from __future__ import annotations

import json

from infra.stacks.data import CURSOR_KEY_ARN, SIGNING_KEY_ARN
from tests.infra.conftest import SYNTH, ref_name

pytestmark = SYNTH


def test_the_api_stack_imports_no_export_and_the_data_stack_exports_nothing(stage):
    assert "Fn::ImportValue" not in json.dumps(stage.api_json)
    for output in stage.data_json.get("Outputs", {}).values():
        assert "Export" not in output


def test_the_api_finds_the_secrets_through_ssm_parameters_the_data_stack_publishes(stage):
    params = {p["Properties"]["Name"]: p["Properties"] for p in stage.resources("AWS::SSM::Parameter", "data").values()}
    for key, secret in ((SIGNING_KEY_ARN, "SigningKeys"), (CURSOR_KEY_ARN, "CursorKey")):
        name = stage.config.parameter(key)
        assert ref_name(params[name]["Value"]).startswith(secret)
        # resolved by CloudFormation when the API stack deploys, not copied at synth time
        (param,) = [p for p in stage.api_json["Parameters"].values() if p.get("Default") == name]
        assert param["Type"] == "AWS::SSM::Parameter::Value<String>"


def test_the_api_stack_is_deployed_after_the_data_stack(stage):
    manifest = json.loads((stage.directory / "manifest.json").read_text())
    api = next(a for name, a in manifest["artifacts"].items() if name.endswith("-Api"))
    assert any(d.endswith("-Data") for d in api["dependencies"])


def test_a_handler_edit_changes_only_that_functions_version_and_never_the_data_stack(dev, dev_edited):
    assert dev_edited.data_json == dev.data_json

    before, after = set(dev.resources("AWS::Lambda::Version")), set(dev_edited.resources("AWS::Lambda::Version"))
    changed = {dev_edited.api_json["Resources"][v]["Properties"]["FunctionName"]["Ref"] for v in after - before}
    handlers = sorted(dev.api_json["Resources"][f]["Properties"]["Handler"].split(".")[0] for f in changed)
    assert handlers == ["health"]  # openapi serves its committed document: it carries no other handler


def test_the_rotation_function_ships_only_its_own_code(stage):
    (rotator,) = stage.resources("AWS::Lambda::Function", "data").values()
    assert rotator["Properties"]["Handler"] == "rotate_signing_key.handler.lambda_handler"
    asset = stage.directory / f"asset.{rotator['Properties']['Code']['S3Key'].removesuffix('.zip')}"
    assert sorted(p.name for p in asset.iterdir() if p.is_dir()) == ["rotate_signing_key"]


def test_the_rotation_function_has_its_live_alias_too(stage):
    (alias,) = stage.resources("AWS::Lambda::Alias", "data").values()
    (rotator,) = stage.resources("AWS::Lambda::Function", "data")
    assert alias["Properties"]["Name"] == "live"
    assert ref_name(alias["Properties"]["FunctionName"]) == rotator
