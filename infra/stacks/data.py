"""The stateful stack: the table and the two secrets, plus the signing key's rotation (its lifecycle belongs with
the key). Everything else lives in the API stack, which can be destroyed and redeployed without touching data.

Nothing here is referenced by the API stack as an object (no CloudFormation export can lock an update): the API
finds the table by its fixed name and the secrets through SSM parameters resolved at its deploy. The rotation
function ships only ``functions/rotate_signing_key/``, so a handler change elsewhere leaves this stack alone.
Prod data is ``RetainExceptOnCreate``: kept on delete and replacement, removed when a failed first create rolls
back (so the retry does not collide with what the failed attempt left).
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ssm as ssm
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.functions import FunctionSpec, KeelFunction, Shared
from infra.constructs.layers import FUNCTIONS_DIR, Layers, function_code
from infra.stages import StageConfig
from keel.repositories.schema import INDEXES, PK, SK, TTL_ATTRIBUTE

ROTATOR = FunctionSpec("rotate_signing_key", description="Rotates the JWT signing key set (Secrets Manager)")
SIGNING_KEY_ARN, CURSOR_KEY_ARN = "signing-key-secret-arn", "cursor-key-secret-arn"  # SSM parameter keys
TABLE_STREAM_ARN = "table-stream-arn"  # the mail pipe's source (infra/constructs/mail.py)


def _string_key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


class DataStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        functions_dir: Path = FUNCTIONS_DIR,
        **kwargs: object,
    ) -> None:
        super().__init__(scope, construct_id, termination_protection=config.retain_data, **kwargs)  # type: ignore[arg-type]
        self.config, self.functions_dir = config, functions_dir
        removal = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE if config.retain_data else RemovalPolicy.DESTROY
        self.table = self._table(removal)
        self.signing_key, self.cursor_key = self._secrets(removal)
        self.rotator = self._rotation()
        for key, secret in ((SIGNING_KEY_ARN, self.signing_key), (CURSOR_KEY_ARN, self.cursor_key)):
            ssm.StringParameter(
                self,
                f"{secret.node.id}Parameter",
                parameter_name=config.parameter(key),
                string_value=secret.secret_arn,
                description=f"Keel {config.name}: read by the API stack at deploy",
            )
        ssm.StringParameter(
            self,
            "TableStreamParameter",
            parameter_name=config.parameter(TABLE_STREAM_ARN),
            string_value=self.table.table_stream_arn or "",
            description=f"Keel {config.name}: the table's stream, read by the API stack's mail pipe at deploy",
        )
        CfnOutput(self, "TableName", value=self.table.table_name)
        CfnOutput(self, "SigningKeySecretName", value=self.signing_key.secret_name)
        CfnOutput(self, "CursorKeySecretName", value=self.cursor_key.secret_name)

    def _secrets(self, removal: RemovalPolicy) -> tuple[secretsmanager.Secret, secretsmanager.Secret]:
        # Named after this stack instance (its id's first UUID group): a re-created stack never meets the name of a
        # secret still in its deletion recovery window.
        instance = Fn.select(0, Fn.split("-", Fn.select(2, Fn.split("/", Aws.STACK_ID))))
        stage = self.config.name
        signing_key = secretsmanager.Secret(
            self,
            "SigningKeys",
            secret_name=Fn.join("", [f"keel/{stage}/signing-keys-", instance]),
            description="Keel JWT signing key set; the rotation function writes the first real keys at deploy",
            # A random placeholder: rotation (immediately on creation) replaces it with a key set.
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=32),
            removal_policy=removal,
        )
        cursor_key = secretsmanager.Secret(
            self,
            "CursorKey",
            secret_name=Fn.join("", [f"keel/{stage}/cursor-key-", instance]),
            description="Keel HMAC key that signs pagination cursors",
            generate_secret_string=secretsmanager.SecretStringGenerator(password_length=64, exclude_punctuation=True),
            removal_policy=removal,
        )
        reason = (
            "The cursor HMAC key only makes pagination cursors tamper-evident; rotating it would invalidate cursors "
            "in flight. Rotate by hand (runbook) if it leaks."
        )
        NagSuppressions.add_resource_suppressions(
            cursor_key, [NagPackSuppression(id="AwsSolutions-SMG4", reason=reason)]
        )
        return signing_key, cursor_key

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
        shared = Shared(self.config, layers.all, self.table, self.signing_key, self.cursor_key)
        wildcards = (
            "Active tracing (xray:PutTraceSegments/PutTelemetryRecords) and secretsmanager:GetRandomPassword, which "
            "the CDK rotation schedule grants: none of them supports resource-level permissions."
        )
        # Secrets Manager invokes the function ($LATEST, the same code); the alias live is there for people, like
        # every function's (`make invoke FN=rotate_signing_key STAGE=dev`).
        rotator = KeelFunction(
            self, "Rotator", spec=ROTATOR, shared=shared, code=function_code(ROTATOR.name, self.functions_dir),
            wildcard_reason=wildcards, unqualified_callers=True,
        )  # fmt: skip
        Annotations.of(rotator.function).acknowledge_warning(
            "@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias",
            "Secrets Manager's permission is for the unqualified function, which is what it invokes",
        )
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
