"""Safe releases: every function is published behind the alias ``live`` that API Gateway invokes; prod shifts it
with a CodeDeploy canary that rolls back on the function's alarms; dev moves it at once."""

from __future__ import annotations

import json

from infra.constructs.releases import CANARY
from keel.routes import AUTHORIZER
from tests.infra.conftest import SYNTH, alias_target, ref_name
from tests.infra.test_monitoring import alarms as alarms_by_name

pytestmark = SYNTH


def aliases(synth) -> dict[str, dict]:
    """Function name ("health") -> its alias resource, with the alias's logical id under "id"."""
    found = {}
    for logical, alias in synth.resources("AWS::Lambda::Alias").items():
        function = synth.api_json["Resources"][alias_target(synth, logical)]
        found[function["Properties"]["Handler"].split(".")[0]] = alias | {"id": logical}
    return found


def test_every_function_and_the_authorizer_is_published_behind_live(stage):
    found = aliases(stage)
    assert set(found) == set(stage.specs)
    assert AUTHORIZER.name in found
    versions = stage.resources("AWS::Lambda::Version")
    for name, alias in found.items():
        props = alias["Properties"]
        assert props["Name"] == "live", name
        version = ref_name(props["FunctionVersion"])
        assert ref_name(versions[version]["Properties"]["FunctionName"]) == ref_name(props["FunctionName"])


def test_api_gateway_may_invoke_only_the_aliases(stage):
    alias_ids = {a["id"] for a in aliases(stage).values()}
    for permission in stage.resources("AWS::Lambda::Permission").values():
        assert ref_name(permission["Properties"]["FunctionName"]) in alias_ids


def test_prod_shifts_each_alias_by_a_canary_that_rolls_back_on_the_functions_alarms(prod):
    groups = prod.resources("AWS::CodeDeploy::DeploymentGroup")
    alarms = prod.resources("AWS::CloudWatch::Alarm")
    for name, alias in aliases(prod).items():
        group_id = ref_name(alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]["DeploymentGroupName"])
        group = groups[group_id]["Properties"]
        assert group["DeploymentConfigName"] == CANARY.deployment_config_name
        assert "Canary10Percent" in group["DeploymentConfigName"]
        assert set(group["AutoRollbackConfiguration"]["Events"]) >= {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}
        watched = {
            alarms[ref_name(a["Name"])]["Properties"]["AlarmName"] for a in group["AlarmConfiguration"]["Alarms"]
        }
        subject = "Authorizer" if name == AUTHORIZER.name else f"Fn-{name}"
        assert watched == {f"keel-prod-{subject}-Errors", f"keel-prod-{subject}-DurationP99"}, name


def test_function_alarms_watch_what_callers_get_through_the_alias(stage):
    for name, alarm in alarms_by_name(stage).items():
        if name.startswith(("Fn-", "Authorizer-")):
            resource = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}["Resource"]
            assert resource["Fn::Join"][1][-1] == ":live", name


def test_dev_moves_aliases_at_once(dev):
    assert dev.resources("AWS::CodeDeploy::DeploymentGroup") == {}
    assert all("UpdatePolicy" not in a for a in dev.resources("AWS::Lambda::Alias").values())


def test_snapstart_is_an_opt_in_on_published_versions(prod, derived):
    for props in [f["Properties"] for f in prod.resources("AWS::Lambda::Function").values()]:
        assert "SnapStart" not in props
    for props in [f["Properties"] for f in derived.resources("AWS::Lambda::Function").values()]:
        assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"}


def test_no_concurrency_is_reserved_unless_the_deployer_opts_in(dev, prod):
    for synth in (dev, prod):
        for template in (synth.api_json, synth.data_json):
            assert "ReservedConcurrentExecutions" not in json.dumps(template)


def test_new_secrets_behind_the_ssm_parameters_publish_new_versions(stage):
    """The ARNs reach the functions at deploy (SSM): each version's description names them, so a re-created data
    stack (new secrets) replaces the versions instead of leaving ``live`` on ones that name deleted secrets."""
    ssm = {k for k in stage.api_json["Parameters"] if k.startswith("SsmParameterValue")}
    assert len(ssm) == 2
    for logical, version in stage.resources("AWS::Lambda::Version").items():
        parts = version["Properties"]["Description"]["Fn::Join"][1]
        assert {ref_name(p) for p in parts if isinstance(p, dict)} == ssm, logical
