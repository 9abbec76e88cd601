"""One Lambda function: its own log group, its own least-privilege role (from the route table's ``access``),
arm64 on the newest Python runtime, active tracing, JSON logs, explicit memory and timeout, and (for everything
API Gateway invokes) a published version behind the alias ``live``.

The log group has no fixed name (CloudFormation names it): a retained group left by a failed first deploy or a
destroyed stack never blocks the next create. The function's name is fixed (``keel-<stage>-<function>``): Lambda
deletes functions at once, so a re-create never collides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import Annotations, Duration, Fn
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
ALIAS = "live"  # API Gateway invokes this alias; CodeDeploy (prod) shifts it between versions


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
            "KEEL_ISSUER": c.issuer or "",  # required by infra.settings before any stack is built
            "KEEL_AUDIENCE": c.audience,
            "KEEL_CORS_ALLOW_ORIGINS": ",".join(c.cors_origins),
            "POWERTOOLS_SERVICE_NAME": "keel",
            "POWERTOOLS_METRICS_NAMESPACE": "Keel",
            "POWERTOOLS_LOG_LEVEL": c.log_level,
            **self.extra_env,
        }

    def version_description(self, name: str) -> str:
        """A published version's description, naming the secrets' ARNs as resolved at deploy.

        A version's logical id hashes the function's template, where the ARNs are only SSM references: a data
        stack re-created with new secrets would update ``$LATEST`` but leave ``live`` on a version that still
        names the old ones. A changed description replaces the version, so a new one is published.
        """
        return Fn.join(" ", [f"keel {name}; secrets:", self.signing_key.secret_arn, self.cursor_key.secret_arn])


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
    """``functions/<name>/handler.py`` deployed as ``keel-<stage>-<name>``; ``alias`` is what callers invoke."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        shared: Shared,
        code: lambda_.Code,
        wildcard_reason: str = XRAY_WILDCARD,
        unqualified_callers: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        config = shared.config
        size = config.size(spec.memory)
        self.spec = spec
        self.timeout = Duration.seconds(size.timeout_s)
        self.log_group = logs.LogGroup(self, "Logs", retention=retention(config), removal_policy=removal(config))
        self.role = self._role(spec, shared, wildcard_reason)
        reserved = config.reserved_concurrency.get(spec.throttle) if spec.throttle else None
        # SnapStart snapshots published versions only: pointless for a function AWS invokes unqualified ($LATEST).
        snapstart = config.snapstart and not unqualified_callers
        self.function = lambda_.Function(
            self,
            "Function",
            function_name=config.function_name(spec.name),
            description=spec.description or f"Keel {spec.name}",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=f"{spec.name}.handler.lambda_handler",
            code=code,
            layers=shared.layers,
            memory_size=size.memory_mb,
            timeout=self.timeout,
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            log_group=self.log_group,
            role=self.role,
            environment=shared.environment(),
            reserved_concurrent_executions=reserved,
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snapstart else None,
            current_version_options=lambda_.VersionOptions(description=shared.version_description(spec.name)),
        )
        # A new version is published when the code, layers or configuration change (its logical id is their
        # hash); old versions stay (RETAIN) so a canary or a manual rollback can point the alias back.
        self.alias = lambda_.Alias(self, "Live", alias_name=ALIAS, version=self.function.current_version)
        if snapstart:  # the CDK warns that $LATEST has no snapshot: callers invoke the published alias live
            Annotations.of(self.function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish", "every caller invokes the published alias live"
            )

    @property
    def target(self) -> lambda_.IFunction:
        """What API Gateway invokes: the alias."""
        return self.alias

    def _role(self, spec: FunctionSpec, shared: Shared, wildcard_reason: str) -> iam.Role:
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Keel {shared.config.name} {spec.name}: only what its route table row grants",
        )
        self.log_group.grant_write(role)
        NagSuppressions.add_resource_suppressions(
            role,
            [NagPackSuppression(id="AwsSolutions-IAM5", reason=wildcard_reason, applies_to=["Resource::*"])],
            apply_to_children=True,
        )
        for statement in access_statements(spec.access, shared):
            role.add_to_policy(statement)
        return role
