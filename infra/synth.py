"""Building and synthesizing the CDK app (``infra.app`` is the entry point the CDK CLI runs).

Synthesizes offline, with no credentials. Every synth runs cdk-nag (AwsSolutions and Serverless packs) and
cfn-lint on the templates; any unsuppressed finding or cfn-lint error fails the synth. Settings a stage cannot
be deployed with (missing or placeholder values, no ``.pyc`` for prod) stop it first (``SettingsError``).
"""

from __future__ import annotations

import json
import os
import sys

import aws_cdk as cdk

from infra import assets, checks
from infra.assets import ROOT
from infra.constructs.functions import RUNTIME_VERSION
from infra.settings import SettingsError, context_of, deploy_config, require_deployable
from infra.stacks.api import ApiStack, Sources
from infra.stacks.data import DataStack
from infra.stages import StageConfig


def cdk_context() -> dict[str, object]:
    """The feature flags of cdk.json, for apps built outside the CDK CLI (tests)."""
    return dict(json.loads((ROOT / "cdk.json").read_text())["context"])


def build(
    config: StageConfig, app: cdk.App | None = None, sources: Sources | None = None
) -> tuple[cdk.App, DataStack, ApiStack]:
    """The app for one stage: the data stack and the API stack, with cdk-nag attached."""
    require_deployable(config)
    require_pyc(config)
    app = app or cdk.App(context=cdk_context())
    env = cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION"))
    prefix = config.stack_prefix
    functions_dir = (sources or Sources()).functions_dir
    data = DataStack(
        app,
        f"{prefix}-Data",
        config=config,
        functions_dir=functions_dir,
        env=env,
        description=f"Keel {config.name}: data",
    )
    api = ApiStack(
        app, f"{prefix}-Api", config=config, sources=sources, env=env, description=f"Keel {config.name}: API"
    )
    api.add_stack_dependency(data, "the API reads the data stack's SSM parameters at deploy; no export links them")
    for stack in (data, api):
        cdk.Tags.of(stack).add("project", "keel")
        cdk.Tags.of(stack).add("stage", config.name)
    checks.attach(app, api)
    return app, data, api


def require_pyc(config: StageConfig) -> None:
    """Refuse a stage that ships ``.pyc`` only (prod) when no interpreter of the runtime's version can compile."""
    if not config.require_pyc or config.allow_no_pyc or assets.find_interpreter(RUNTIME_VERSION):
        return
    raise SettingsError(
        f"stage {config.name}: no Python {RUNTIME_VERSION} interpreter to compile the Lambda assets' .pyc "
        f"(cold starts would compile every module): run `.tools/bin/uv python install {RUNTIME_VERSION}` or set "
        f"KEEL_RUNTIME_PYTHON=/path/to/python{RUNTIME_VERSION}, or accept slower cold starts with -c allow_no_pyc=true"
    )


def run() -> int:
    """Synthesize the app the CDK CLI asked for; nag findings and cfn-lint errors fail it (exit 1)."""
    app = cdk.App()  # the CDK CLI hands it the context (-c stage=...) and the output directory
    build(deploy_config(context_of(app.node.try_get_context)), app)
    assembly = app.synth()
    problems = checks.nag_findings(assembly) + checks.cfn_lint(assembly)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0
