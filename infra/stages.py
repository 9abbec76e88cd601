"""Deployment stages (``dev``, ``prod``) from one typed config.

The CDK app reads everything stage-specific from here, and so does the local gateway for its throttling:
``StageConfig.stage_throttle`` is the API stage's rate/burst and ``StageConfig.throttle_for(route)`` the limits of
one route's throttle class (``keel.routes.Throttle``).
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from keel.config import Settings
from keel.routes import Route, Throttle

API_GATEWAY_TIMEOUT_S = 29  # REST API integration timeout: a function must answer before it
LOG_RETENTION_DAYS = frozenset({1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653})


def sdk_retry_budget_s(settings: Settings | None = None) -> float:
    """Worst case of one AWS call with Keel's client config: every attempt times out, with maximal backoff.

    botocore's standard mode sleeps at most ``2 ** (attempt - 1)`` seconds after a failed attempt.
    """
    s = settings or Settings()
    per_attempt = s.aws_connect_timeout_s + s.aws_read_timeout_s
    backoff = sum(2 ** (i - 1) for i in range(1, s.aws_max_attempts))
    return s.aws_max_attempts * per_attempt + backoff


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Throttling(NamedTuple):
    """API Gateway throttling, as the ``(rate, burst)`` pair the local gateway's token buckets take."""

    rate_limit: Annotated[float, Field(gt=0)]  # steady-state requests per second
    burst_limit: Annotated[int, Field(gt=0)]  # token bucket size


class Sizing(_Frozen):
    """One sizing class of Lambda functions (``Route.memory``)."""

    memory_mb: int = Field(ge=128, le=10240)
    timeout_s: int = Field(gt=0)


class WafLimits(_Frozen):
    window_s: Literal[60, 120, 300, 600] = 300
    requests_per_ip: int = Field(ge=10, description="per window, any path")
    auth_requests_per_ip: int = Field(ge=10, description="per window, /v1/auth/*")
    max_body_bytes: int = 64 * 1024


class AlarmThresholds(_Frozen):
    min_requests: int = Field(20, description="rates are judged only above this many requests per period")
    api_5xx_rate_pct: float = 1.0
    api_4xx_rate_pct: float = 25.0
    api_p99_latency_ms: int = 3000
    function_p99_duration_pct: float = Field(80.0, description="of the function's timeout")
    login_failed_per_5min: int = 50
    account_locked_per_5min: int = 10


class StageConfig(_Frozen):
    name: Literal["dev", "prod"]
    sizing: dict[str, Sizing]
    stage_throttle: Throttling
    throttle_classes: dict[Throttle, Throttling]
    reserved_concurrency: dict[Throttle, int] = Field(
        default_factory=dict,
        description="per throttle class; off unless the deployer opts in (a new account's quota may refuse it)",
    )
    log_retention_days: int
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    authorizer_cache_ttl_s: int = Field(ge=0, le=3600)
    retain_data: bool = Field(description="RETAIN + deletion protection for the table and secrets")
    waf: WafLimits
    alarms: AlarmThresholds = AlarmThresholds()
    signing_key_rotation_days: int = Field(30, ge=1, le=365)
    audience: str = "keel-api"
    canary_releases: bool = Field(False, description="CodeDeploy canary + automatic rollback (else all at once)")
    require_pyc: bool = Field(False, description="refuse to synthesize assets without .pyc")
    # Deployer settings (CDK context, see infra.settings): dev has defaults, prod has none.
    alarm_email: str | None = None
    issuer: str | None = Field(None, description="the API's public URL, the tokens' iss")
    cors_origins: tuple[str, ...] = ()
    mail_from: str | None = None
    snapstart: bool = False
    allow_no_pyc: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> StageConfig:
        if self.log_retention_days not in LOG_RETENTION_DAYS:
            raise ValueError(f"log_retention_days must be one of {sorted(LOG_RETENTION_DAYS)}")
        missing = set(Throttle) - set(self.throttle_classes)
        if missing:
            raise ValueError(f"throttle classes without limits: {sorted(missing)}")
        budget = sdk_retry_budget_s()
        for name, size in self.sizing.items():
            if not budget < size.timeout_s < API_GATEWAY_TIMEOUT_S:
                raise ValueError(f"sizing {name}: timeout must be above {budget}s and below {API_GATEWAY_TIMEOUT_S}s")
        return self

    def throttle_for(self, route: Route) -> Throttling:
        """``(rate_limit, burst_limit)`` of ``route``'s throttle class."""
        return self.throttle_classes[route.throttle]

    def size(self, sizing_class: str) -> Sizing:
        """The memory/timeout of a sizing class; ``KeyError`` names an unknown class."""
        return self.sizing[sizing_class]

    @property
    def stack_prefix(self) -> str:
        return f"Keel-{self.name}"

    # Physical names, fixed so that ops commands (runbook, infra.ops) and the API stack find them without stack
    # references. Secrets are not among them: a deleted secret's name stays taken for its recovery window, so
    # each data stack instance names its own and publishes the ARNs as SSM parameters (``parameter``).
    @property
    def table_name(self) -> str:
        return f"keel-{self.name}"

    def function_name(self, function: str) -> str:
        """``keel-<stage>-<function with dashes>``: the deployed name of ``functions/<function>``."""
        return f"keel-{self.name}-{function.replace('_', '-')}"

    def parameter(self, key: str) -> str:
        """The SSM parameter through which the data stack hands ``key`` (``signing-key-secret-arn``) to the API."""
        return f"/keel/{self.name}/{key}"


_SIZING_DEV = {
    "standard": Sizing(memory_mb=512, timeout_s=15),
    # Argon2id at m=19 MiB, t=2: CPU scales with memory, so login/register get a full vCPU's worth.
    "password": Sizing(memory_mb=1024, timeout_s=20),
}

STAGES: dict[str, StageConfig] = {
    "dev": StageConfig(
        name="dev",
        sizing=_SIZING_DEV,
        stage_throttle=Throttling(rate_limit=50, burst_limit=100),
        throttle_classes={
            Throttle.DEFAULT: Throttling(rate_limit=50, burst_limit=100),
            Throttle.AUTH: Throttling(rate_limit=5, burst_limit=10),
        },
        log_retention_days=14,
        log_level="DEBUG",
        authorizer_cache_ttl_s=60,
        retain_data=False,
        cors_origins=("http://localhost:5173",),
        waf=WafLimits(requests_per_ip=1000, auth_requests_per_ip=100),
        signing_key_rotation_days=7,
        issuer="https://keel-dev.example.com",  # any stable string verifies; a deployer may pass the real URL
    ),
    "prod": StageConfig(
        name="prod",
        sizing={
            "standard": Sizing(memory_mb=512, timeout_s=15),
            "password": Sizing(memory_mb=1769, timeout_s=20),  # 1769 MB = one full vCPU
        },
        stage_throttle=Throttling(rate_limit=500, burst_limit=1000),
        throttle_classes={
            Throttle.DEFAULT: Throttling(rate_limit=500, burst_limit=1000),
            Throttle.AUTH: Throttling(rate_limit=20, burst_limit=40),
        },
        log_retention_days=90,
        authorizer_cache_ttl_s=300,
        retain_data=True,
        waf=WafLimits(requests_per_ip=2000, auth_requests_per_ip=100),
        signing_key_rotation_days=30,
        canary_releases=True,
        require_pyc=True,
        # alarm_email, issuer and cors_origins: deployer settings, required (infra.settings)
    ),
}


def load_stage(name: str) -> StageConfig:
    """The base config of stage ``name`` (no deployer settings applied); ``ValueError`` lists the known stages."""
    try:
        return STAGES[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; expected one of {sorted(STAGES)}") from None
