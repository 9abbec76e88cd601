"""The stateless stack: one function per route plus the authorizer, the REST API, WAF, alarms and dashboard.

Everything here is derived from ``keel.routes``: a new route row needs no change in infra. Destroying or
redeploying this stack never touches data (the table and secrets live in the data stack), and it holds no
reference to the data stack's objects: the table by its fixed name, the secrets' ARNs from SSM parameters
resolved at deploy. So no export ties the stacks together, and ``cdk deploy Keel-<stage>-Api --exclusively``
(a rollback) never needs the data stack.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from infra.constructs.api import KeelApi
from infra.constructs.dashboard import Dashboard
from infra.constructs.functions import FunctionSpec, KeelFunction, Shared
from infra.constructs.layers import FUNCTIONS_DIR, Layers, function_code
from infra.constructs.mail import Mail
from infra.constructs.monitoring import Monitoring
from infra.constructs.releases import Releases
from infra.constructs.waf import KeelWaf
from infra.stacks.data import CURSOR_KEY_ARN, ROTATOR, SIGNING_KEY_ARN, TABLE_STREAM_ARN
from infra.stages import StageConfig
from keel.routes import AUTHORIZER, MAIL_WORKER, ROUTES, Auth, Route


def _construct_id(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@dataclass(frozen=True)
class Sources:
    """What the API is built from: the route table and the functions' code (tests may pass their own)."""

    routes: tuple[Route, ...] = ROUTES
    functions_dir: Path = FUNCTIONS_DIR

    def has_code(self, name: str) -> bool:
        return (self.functions_dir / name / "handler.py").exists()

    @property
    def held_back(self) -> tuple[Route, ...]:
        """Bearer routes while the authorizer's code is missing: never deployed unguarded."""
        if self.has_code(AUTHORIZER.name):
            return ()
        return tuple(r for r in self.routes if r.auth is Auth.BEARER)

    @property
    def deployed_routes(self) -> tuple[Route, ...]:
        return tuple(r for r in self.routes if r not in self.held_back)

    def specs(self) -> list[FunctionSpec]:
        """Every deployed route's function, then the authorizer once its code exists."""
        specs = [FunctionSpec.of(route) for route in self.deployed_routes]
        missing = [s.name for s in specs if not self.has_code(s.name)]
        if missing:
            raise ValueError(f"routes without functions/<name>/handler.py: {missing}")
        if self.has_code(AUTHORIZER.name):
            specs.append(FunctionSpec.of(AUTHORIZER, "REQUEST authorizer: verifies the bearer token and the session"))
        return specs


class ApiStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        sources: Sources | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        sources = sources or Sources()
        if sources.held_back:
            held = ", ".join(f"{r.method} {r.path}" for r in sources.held_back)
            print(f"WARNING: functions/{AUTHORIZER.name} is missing, so these bearer routes are NOT deployed: {held}",
                  file=sys.stderr)  # fmt: skip
        shared = self._shared(config)
        self.functions = {
            spec.name: KeelFunction(
                self, _construct_id(spec.name), spec=spec, shared=shared,
                code=function_code(spec.name, sources.functions_dir),
            )
            for spec in sources.specs()
        }  # fmt: skip
        handlers: dict[str, lambda_.IFunction] = {name: f.target for name, f in self.functions.items()}
        authorizer = handlers.get(AUTHORIZER.name)
        self.api = KeelApi(
            self, "Api", config=config, routes=sources.deployed_routes, handlers=handlers, authorizer=authorizer
        )
        self.waf = KeelWaf(self, "Waf", config=config, stage_arn=self.api.stage.stage_arn)
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            config=config,
            api_name=self.api.api.rest_api_name,
            functions=handlers,
            timeouts_s={name: config.size(f.spec.memory).timeout_s for name, f in self.functions.items()},
            authorizer=AUTHORIZER.name if authorizer else None,
            rotator_name=config.function_name(ROTATOR.name),
            table=shared.table,
        )
        if config.canary_releases:
            Releases(self, "Releases", config=config, functions=self.functions, alarms=self.monitoring.rollback_alarms)
        self.dashboard = Dashboard(
            self, "Dashboard", monitoring=self.monitoring, functions=handlers, table=shared.table, waf=self.waf
        )
        stream = ssm.StringParameter.value_for_string_parameter(self, config.parameter(TABLE_STREAM_ARN))
        self.mail = Mail(self, "Mail", shared=shared, code=function_code(MAIL_WORKER.name), stream_arn=stream,
                         monitoring=self.monitoring, dashboard=self.dashboard.dashboard)  # fmt: skip
        CfnOutput(self, "ApiUrl", value=self.api.api.url, description="Base URL; routes start with /v1")
        CfnOutput(self, "DashboardName", value=self.dashboard.dashboard.dashboard_name)
        CfnOutput(self, "AlarmTopicArn", value=self.monitoring.topic.topic_arn)
        CfnOutput(self, "AccessLogGroupName", value=self.api.access_logs.log_group_name)
        CfnOutput(self, "WafLogGroupName", value=self.waf.log_group_name)

    def _shared(self, config: StageConfig) -> Shared:
        """The data stack's table and secrets, found by fixed name and SSM parameters (never by export)."""

        def secret(construct_id: str, key: str) -> secretsmanager.ISecret:
            arn = ssm.StringParameter.value_for_string_parameter(self, config.parameter(key))
            return secretsmanager.Secret.from_secret_complete_arn(self, construct_id, arn)

        return Shared(
            config,
            Layers(self, "Layers").all,
            dynamodb.Table.from_table_name(self, "Table", config.table_name),
            secret("SigningKey", SIGNING_KEY_ARN),
            secret("CursorKey", CURSOR_KEY_ARN),
        )
