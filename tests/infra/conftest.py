"""Synthesize each stage ONCE per test session and share the result (synth takes seconds).

Every test that uses these fixtures is marked ``xdist_group("synth")`` so ``--dist loadgroup`` keeps them on one
worker, which then synthesizes each stage once.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # Node 20 is what CI has

import aws_cdk as cdk
from aws_cdk.assertions import Template

from infra import checks
from infra.constructs.functions import FunctionSpec
from infra.constructs.layers import FUNCTIONS_DIR
from infra.settings import deploy_config
from infra.stacks.api import Sources
from infra.stacks.data import ROTATOR
from infra.stages import StageConfig
from infra.synth import build, cdk_context
from keel.routes import AUTHORIZER, ROUTES, Access, Auth, Route, Throttle

SYNTH = [pytest.mark.xdist_group("synth"), pytest.mark.slow]
# What a deployer passes for prod (CDK context). allow_no_pyc: this machine has no Python 3.14 to compile .pyc.
PROD_SETTINGS = {
    "stage": "prod", "alarm_email": "ops@corp.test", "issuer": "https://api.corp.test",
    "cors_origins": "https://app.corp.test", "allow_no_pyc": "true",
}  # fmt: skip


@dataclass
class Synth:
    config: StageConfig
    sources: Sources
    directory: Path
    data_json: dict[str, Any]
    api_json: dict[str, Any]
    nag_findings: list[str]
    cfn_lint: list[str]

    @property
    def specs(self) -> dict[str, FunctionSpec]:
        return {spec.name: spec for spec in self.sources.specs()}

    @property
    def data(self) -> Template:
        return Template.from_json(self.data_json)

    @property
    def api(self) -> Template:
        return Template.from_json(self.api_json)

    def resources(self, cfn_type: str, stack: str = "api") -> dict[str, dict[str, Any]]:
        template = self.api_json if stack == "api" else self.data_json
        return {k: v for k, v in template["Resources"].items() if v["Type"] == cfn_type}


_cache: dict[str, Synth] = {}


def synthesize(key: str, config: StageConfig, outdir: Path, sources: Sources | None = None) -> Synth:
    if key not in _cache:
        sources = sources or Sources()
        app, data, api = build(config, cdk.App(context=cdk_context(), outdir=str(outdir)), sources)
        assembly = app.synth()
        read = lambda stack: json.loads((outdir / f"{stack.artifact_id}.template.json").read_text())  # noqa: E731
        findings, lint = checks.nag_findings(assembly), checks.cfn_lint(assembly)
        _cache[key] = Synth(config, sources, outdir, read(data), read(api), findings, lint)
    return _cache[key]


@pytest.fixture(scope="session")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    return synthesize("prod", deploy_config(PROD_SETTINGS), tmp_path_factory.mktemp("cdk-prod"))


@pytest.fixture(scope="session")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    return synthesize("dev", deploy_config({"stage": "dev"}), tmp_path_factory.mktemp("cdk-dev"))


# Rows added to the real table (an auth-class route sized for passwords, a bearer route, with stand-in
# handlers and authorizer), to show that infra derives everything from the table without edits. Their paths
# must not collide with real routes.
EXTRA_ROUTES = (
    Route("POST", "/v1/derived/login", "login", "Log in", throttle=Throttle.AUTH, memory="password",
          access=frozenset({Access.TABLE_READ, Access.TABLE_WRITE, Access.SIGNING_KEY_READ})),
    Route("GET", "/v1/derived/me", "users_me", "Read own profile", auth=Auth.BEARER,
          access=frozenset({Access.TABLE_READ})),
)  # fmt: skip


@pytest.fixture(scope="session")
def derived(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    """prod, synthesized from ``ROUTES + EXTRA_ROUTES`` with stand-in handlers and a stand-in authorizer."""
    functions = tmp_path_factory.mktemp("functions")
    for name in {route.function for route in ROUTES} | {ROTATOR.name}:
        shutil.copytree(FUNCTIONS_DIR / name, functions / name)
    for name in [r.function for r in EXTRA_ROUTES] + [AUTHORIZER.name]:
        (functions / name).mkdir()
        (functions / name / "handler.py").write_text("def lambda_handler(event, context):\n    return {}\n")
    sources = Sources(routes=ROUTES + EXTRA_ROUTES, functions_dir=functions)
    # ... with the deployer's opt-ins: reserved concurrency for the auth class, SnapStart.
    config = deploy_config(PROD_SETTINGS | {"reserved_concurrency": "50", "snapstart": "true"})
    return synthesize("derived", config, tmp_path_factory.mktemp("cdk-derived"), sources)


@pytest.fixture(scope="session")
def dev_edited(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    """dev, synthesized from a copy of ``functions/`` with one handler (``health``) edited: a routine app change."""
    functions = tmp_path_factory.mktemp("functions-edited")
    shutil.copytree(FUNCTIONS_DIR, functions, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    handler = functions / "health" / "handler.py"
    handler.write_text(handler.read_text() + "\n# an edit\n")
    sources = Sources(functions_dir=functions)
    return synthesize("dev-edited", deploy_config({"stage": "dev"}), tmp_path_factory.mktemp("cdk-dev-edited"), sources)


@pytest.fixture(scope="session", params=["dev", "prod", "derived"])
def stage(request: pytest.FixtureRequest) -> Synth:
    return request.getfixturevalue(request.param)


def ref_name(value: Any) -> str:
    """The logical id a ``Ref``/``GetAtt`` points at (or the import name), for matching resources."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            return str(value["Fn::GetAtt"][0])
        if "Fn::ImportValue" in value:
            return str(value["Fn::ImportValue"])
    return json.dumps(value, sort_keys=True)


def alias_target(synth: Synth, logical: str) -> str:
    """The function logical id behind an alias (or the function itself when ``logical`` is one)."""
    resource = synth.api_json["Resources"][logical]
    if resource["Type"] == "AWS::Lambda::Alias":
        return ref_name(resource["Properties"]["FunctionName"])
    return logical
