"""One Lambda function: its own log group, its own least-privilege role (from the route table's ``access``),
arm64 on the newest Python runtime, active tracing, JSON logs, explicit memory and timeout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.common import removal, retention
from infra.stages import StageConfig
from keel.repositories.schema import INDEXES
from keel.routes import Access, Function, Route, Throttle

XRAY_WILDCARD = "Active tracing: xray:PutTraceSegments/PutTelemetryRecords support no resource-level permissions."
RUNTIME = lambda_.Runtime.PYTHON_3_14  # the newest Python runtime aws-cdk-lib knows
ARCHITECTURE = lambda_.Architecture.ARM_64
RUNTIME_VERSION = RUNTIME.name.removeprefix("python")  # "3.14": the layer and .pyc are built for it


@dataclass(frozen=True)
class FunctionSpec:
    """What infra needs to know about one function: a route's row, the authorizer, or an ops function."""

    name: str
    access: frozenset[Access] = frozenset()
    memory: str = "standard"
    throttle: Throttle | None = None
    description: str = ""

    @classmethod
    def of(cls, item: Route | Function, description: str = "") -> FunctionSpec:
        if isinstance(item, Route):
            return cls(item.function, item.access, item.memory, item.throttle, f"{item.method} {item.path}")
        return cls(item.name, item.access, item.memory, None, description)


@dataclass
class Shared:
    """What every function of a stack shares: code, layers, the resources ``access`` names, and the config."""

    config: StageConfig
    code: lambda_.Code
    layers: list[lambda_.ILayerVersion]
    table: dynamodb.ITable
    signing_key: secretsmanager.ISecret
    cursor_key: secretsmanager.ISecret
    extra_env: dict[str, str] = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        c = self.config
        return {
            "KEEL_STAGE": c.name,
            "KEEL_TABLE_NAME": self.table.table_name,
            "KEEL_SIGNING_KEY_SECRET_ID": self.signing_key.secret_arn,
            "KEEL_CURSOR_KEY_SECRET_ID": self.cursor_key.secret_arn,
            "KEEL_ISSUER": c.issuer,
            "KEEL_AUDIENCE": c.audience,
            "KEEL_CORS_ALLOW_ORIGINS": ",".join(c.cors_origins),
            "KEEL_UNVERIFIED_READ_ONLY": "true" if c.unverified_read_only else "false",
            # Email (SPEC §7): the sender and the links' web app, for the mail worker.
            "KEEL_MAIL_FROM": c.mail_from,
            "KEEL_MAIL_CONFIGURATION_SET": c.mail_configuration_set,
            "KEEL_APP_URL": c.mail_app_url,
            "POWERTOOLS_SERVICE_NAME": "keel",
            "POWERTOOLS_METRICS_NAMESPACE": "Keel",
            "POWERTOOLS_LOG_LEVEL": c.log_level,
            **self.extra_env,
        }


def access_statements(access: frozenset[Access], shared: Shared) -> list[iam.PolicyStatement]:
    """The IAM statements for an ``access`` set: named actions on named resources, no wildcards."""
    table_arn = shared.table.table_arn
    index_arns = [f"{table_arn}/index/{index.name}" for index in INDEXES]
    by_access = {
        Access.TABLE_READ: [
            (["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"], [table_arn]),
            (["dynamodb:Query"], index_arns),
        ],
        Access.TABLE_WRITE: [
            # TransactWriteItems is authorised by the per-item actions it contains.
            (
                ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
                [table_arn],
            ),
        ],
        Access.TABLE_DESCRIBE: [(["dynamodb:DescribeTable"], [table_arn])],
        Access.SIGNING_KEY_READ: [(["secretsmanager:GetSecretValue"], [shared.signing_key.secret_arn])],
        Access.SIGNING_KEY_DESCRIBE: [(["secretsmanager:DescribeSecret"], [shared.signing_key.secret_arn])],
        Access.CURSOR_KEY_READ: [(["secretsmanager:GetSecretValue"], [shared.cursor_key.secret_arn])],
    }
    return [
        iam.PolicyStatement(actions=actions, resources=resources)
        for item in sorted(access)
        for actions, resources in by_access[item]
    ]


class KeelFunction(Construct):
    """``functions/<name>/handler.py`` deployed as ``keel-<stage>-<name>``."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        shared: Shared,
        wildcard_reason: str = XRAY_WILDCARD,
    ) -> None:
        super().__init__(scope, construct_id)
        config = shared.config
        size = config.size(spec.memory)
        physical = f"keel-{config.name}-{spec.name.replace('_', '-')}"
        self.spec = spec
        self.timeout = Duration.seconds(size.timeout_s)
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/lambda/{physical}",
            retention=retention(config),
            removal_policy=removal(config),
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Keel {config.name} {spec.name}: only what its route table row grants",
        )
        self.log_group.grant_write(self.role)
        NagSuppressions.add_resource_suppressions(
            self.role,
            [NagPackSuppression(id="AwsSolutions-IAM5", reason=wildcard_reason, applies_to=["Resource::*"])],
            apply_to_children=True,
        )
        for statement in access_statements(spec.access, shared):
            self.role.add_to_policy(statement)
        reserved = config.reserved_concurrency.get(spec.throttle) if spec.throttle else None
        self.function = lambda_.Function(
            self,
            "Function",
            function_name=physical,
            description=spec.description or f"Keel {spec.name}",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=f"{spec.name}.handler.lambda_handler",
            code=shared.code,
            layers=shared.layers,
            memory_size=size.memory_mb,
            timeout=self.timeout,
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=self.log_group,
            role=self.role,
            environment=shared.environment(),
            reserved_concurrent_executions=reserved,
        )
