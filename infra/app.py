"""The CDK app: ``npx cdk synth -c stage=dev|prod`` (see cdk.json). Synthesizes offline, with no credentials.

Every synth runs cdk-nag (AwsSolutions and Serverless packs) and cfn-lint on the templates; any unsuppressed
finding or cfn-lint error fails the synth.
"""

from __future__ import annotations

import json
import os
import sys

import aws_cdk as cdk

from infra import checks
from infra.assets import ROOT
from infra.stacks.api import ApiStack, Sources
from infra.stacks.data import DataStack
from infra.stages import StageConfig, load_stage


def cdk_context() -> dict[str, object]:
    """The feature flags of cdk.json, for apps built outside the CDK CLI (tests)."""
    return dict(json.loads((ROOT / "cdk.json").read_text())["context"])


def build(
    config: StageConfig, app: cdk.App | None = None, sources: Sources | None = None
) -> tuple[cdk.App, DataStack, ApiStack]:
    """The app for one stage: the data stack and the API stack, with cdk-nag attached."""
    app = app or cdk.App(context=cdk_context())
    env = cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION"))
    prefix = config.stack_prefix
    data = DataStack(app, f"{prefix}-Data", config=config, env=env, description=f"Keel {config.name}: data")
    api = ApiStack(
        app, f"{prefix}-Api", config=config, data=data, sources=sources, env=env, description=f"Keel {config.name}: API"
    )
    for stack in (data, api):
        cdk.Tags.of(stack).add("project", "keel")
        cdk.Tags.of(stack).add("stage", config.name)
    checks.attach(app, api)
    return app, data, api


def main() -> int:
    app = cdk.App()  # the CDK CLI hands it the context (-c stage=...) and the output directory
    build(load_stage(app.node.try_get_context("stage") or "dev"), app)
    assembly = app.synth()
    problems = checks.nag_findings(assembly) + checks.cfn_lint(assembly)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
