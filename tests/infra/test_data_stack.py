"""The stateful stack: table, secrets and the signing key's rotation, and nothing stateful anywhere else."""

from __future__ import annotations

import json

from aws_cdk.assertions import Match

from keel.repositories.schema import GSI1, GSI2, PK, SK, TTL_ATTRIBUTE
from tests.infra.conftest import SYNTH, ref_name

pytestmark = SYNTH
STATEFUL = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::SecretsManager::Secret")


def test_stateful_resources_live_only_in_the_data_stack(stage):
    for cfn_type in STATEFUL:
        assert stage.resources(cfn_type, "api") == {}
    assert len(stage.resources("AWS::DynamoDB::Table", "data")) == 1
    assert len(stage.resources("AWS::SecretsManager::Secret", "data")) == 2


def test_table_is_built_from_the_schema_constants(prod):
    prod.data.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "KeySchema": [{"AttributeName": PK, "KeyType": "HASH"}, {"AttributeName": SK, "KeyType": "RANGE"}],
            "GlobalSecondaryIndexes": [
                Match.object_like({
                    "IndexName": index.name,
                    "KeySchema": [
                        {"AttributeName": index.pk, "KeyType": "HASH"},
                        {"AttributeName": index.sk, "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                })
                for index in (GSI1, GSI2)
            ],
            "TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
        },
    )  # fmt: skip


def test_table_is_on_demand_encrypted_recoverable_and_observed(stage):
    stage.data.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "BillingMode": "PAY_PER_REQUEST",
            "SSESpecification": {"SSEEnabled": True},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "ContributorInsightsSpecification": {"Enabled": True},
        },
    )


def test_prod_data_is_retained_but_a_failed_first_create_rolls_back_cleanly(prod):
    (table,) = prod.resources("AWS::DynamoDB::Table", "data").values()
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    for resource in [table, *prod.resources("AWS::SecretsManager::Secret", "data").values()]:
        assert resource["DeletionPolicy"] == "RetainExceptOnCreate"
        assert resource["UpdateReplacePolicy"] == "Retain"
    assert prod.data_json["Resources"]  # and the stack itself has termination protection (manifest):
    manifest = (prod.directory / "manifest.json").read_text()
    assert '"terminationProtection": true' in manifest


def test_dev_data_can_be_torn_down(dev):
    (table,) = dev.resources("AWS::DynamoDB::Table", "data").values()
    assert table["Properties"]["DeletionProtectionEnabled"] is False
    assert table["DeletionPolicy"] == "Delete"


def secret_named(synth, name: str) -> str:
    """The logical id of the secret whose name starts ``keel/<stage>/<name>-``."""
    prefix = f"keel/{synth.config.name}/{name}-"
    (found,) = [k for k, v in synth.resources("AWS::SecretsManager::Secret", "data").items()
                if v["Properties"]["Name"]["Fn::Join"][1][0] == prefix]  # fmt: skip
    return found


def test_both_secrets_are_generated_at_deploy_time_under_a_name_unique_to_the_stack_instance(stage):
    for name in ("signing-keys", "cursor-key"):
        props = stage.data_json["Resources"][secret_named(stage, name)]["Properties"]
        assert "GenerateSecretString" in props
        # keel/<stage>/<name>-<first group of the stack id's UUID>: a re-created stack never meets a name that
        # Secrets Manager still holds for a deleted secret's recovery window.
        assert "AWS::StackId" in json.dumps(props["Name"])


def test_signing_key_rotates_on_schedule_and_immediately_at_first_deploy(stage):
    schedules = stage.resources("AWS::SecretsManager::RotationSchedule", "data")
    (schedule,) = schedules.values()
    props = schedule["Properties"]
    assert ref_name(props["SecretId"]) == secret_named(stage, "signing-keys")
    assert props["RotateImmediatelyOnUpdate"] is True
    assert props["RotationRules"]["ScheduleExpression"] == f"rate({stage.config.signing_key_rotation_days} days)"
    rotator = ref_name(props["RotationLambdaARN"])
    function = stage.data_json["Resources"][rotator]["Properties"]
    assert function["Handler"] == "rotate_signing_key.handler.lambda_handler"


def test_rotation_function_may_only_rotate_the_signing_key(stage):
    policies = [p["Properties"]["PolicyDocument"]["Statement"]
                for p in stage.resources("AWS::IAM::Policy", "data").values()]  # fmt: skip
    (statements,) = policies
    secret_actions = {a for s in statements for a in _actions(s) if a.startswith("secretsmanager:")}
    assert secret_actions <= {
        "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage", "secretsmanager:GetRandomPassword",
    }  # fmt: skip
    assert not any(a.startswith("dynamodb:") for s in statements for a in _actions(s))


def _actions(statement: dict) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)
