"""The stateful stack: the table and the two secrets, plus the signing key's rotation (its lifecycle belongs with
the key). Everything else lives in the API stack, which can be destroyed and redeployed without touching data.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.functions import FunctionSpec, KeelFunction, Shared
from infra.constructs.layers import Layers, function_code
from infra.stages import StageConfig
from keel.repositories.schema import INDEXES, PK, SK, TTL_ATTRIBUTE

ROTATOR = FunctionSpec("rotate_signing_key", description="Rotates the JWT signing key set (Secrets Manager)")


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class DataStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: object) -> None:
        super().__init__(scope, construct_id, termination_protection=config.retain_data, **kwargs)  # type: ignore[arg-type]
        self.config = config
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY
        self.table = self._table(removal)
        self.signing_key = secretsmanager.Secret(
            self,
            "SigningKeys",
            secret_name=config.signing_key_secret_name,
            description="Keel JWT signing key set; the rotation function writes the first real keys at deploy",
            # A random placeholder: rotation (immediately on creation) replaces it with a key set.
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=32),
            removal_policy=removal,
        )
        self.cursor_key = secretsmanager.Secret(
            self,
            "CursorKey",
            secret_name=config.cursor_key_secret_name,
            description="Keel HMAC key that signs pagination cursors",
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=64, exclude_punctuation=True),
            removal_policy=removal,
        )
        NagSuppressions.add_resource_suppressions(
            self.cursor_key,
            [
                NagPackSuppression(
                    id="AwsSolutions-SMG4",
                    reason="The cursor HMAC key only makes pagination cursors tamper-evident; rotating it would "
                    "invalidate cursors in flight. Rotate by hand (runbook) if it leaks.",
                )
            ],
        )
        self.rotator = self._rotation()
        CfnOutput(self, "TableName", value=self.table.table_name)
        CfnOutput(self, "SigningKeySecretName", value=config.signing_key_secret_name)
        CfnOutput(self, "CursorKeySecretName", value=config.cursor_key_secret_name)

    def _table(self, removal: RemovalPolicy) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            "Table",
            table_name=self.config.table_name,
            partition_key=_string_key(PK),
            sort_key=_string_key(SK),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=TTL_ATTRIBUTE,
            stream=dynamodb.StreamViewType.NEW_IMAGE,  # feeds the mail queue (infra/constructs/mail.py)
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=self.config.retain_data,
            contributor_insights_specification=dynamodb.ContributorInsightsSpecification(enabled=True),
            removal_policy=removal,
        )
        for index in INDEXES:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_string_key(index.pk),
                sort_key=_string_key(index.sk),
                projection_type=dynamodb.ProjectionType.ALL,
                contributor_insights_specification=dynamodb.ContributorInsightsSpecification(enabled=True),
            )
        return table

    def _rotation(self) -> KeelFunction:
        layers = Layers(self, "Layers")
        shared = Shared(self.config, function_code(), layers.all, self.table, self.signing_key, self.cursor_key)
        wildcards = (
            "Active tracing (xray:PutTraceSegments/PutTelemetryRecords) and secretsmanager:GetRandomPassword, which "
            "the CDK rotation schedule grants: none of them supports resource-level permissions."
        )
        rotator = KeelFunction(self, "Rotator", spec=ROTATOR, shared=shared, wildcard_reason=wildcards)
        NagSuppressions.add_resource_suppressions(
            rotator.function,
            [
                NagPackSuppression(
                    id="Serverless-LambdaDLQ",
                    reason="Secrets Manager invokes the rotation synchronously and records a failed step on the "
                    "secret (and the SigningKeyRotation-Errors alarm fires); there is no event to dead-letter.",
                )
            ],
        )
        self.signing_key.add_rotation_schedule(
            "Rotation",
            rotation_lambda=rotator.function,
            automatically_after=Duration.days(self.config.signing_key_rotation_days),
            rotate_immediately_on_update=True,  # at first deploy: replace the placeholder with a real key set
        )
        return rotator
