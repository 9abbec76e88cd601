"""The two layers every function uses: third-party deps (built without Docker) and the first-party ``keel`` package.

Each stack builds its own LayerVersion from the same asset (one upload): sharing one across stacks would export
its ARN, and CloudFormation refuses to change an export that another stack imports.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import assets
from infra.constructs.functions import ARCHITECTURE, RUNTIME, RUNTIME_VERSION

FUNCTIONS_DIR = assets.ROOT / "functions"


def function_code(name: str, functions_dir: Path = FUNCTIONS_DIR) -> lambda_.Code:
    """``functions/<name>/`` alone (the handler is ``<name>.handler.lambda_handler``): a change to another
    handler leaves this asset's hash, and the function's published version, alone."""
    path = assets.source_asset(functions_dir, f"fn-{name}", RUNTIME_VERSION, only=(name,))
    return lambda_.Code.from_asset(str(path))


class Layers(Construct):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        shared_src = assets.ROOT / "layers" / "shared" / "python"
        self.deps = self._layer("Deps", assets.deps_layer(RUNTIME_VERSION), "Keel third-party dependencies")
        self.shared = self._layer(
            "Shared",
            assets.source_asset(shared_src, "shared-layer", RUNTIME_VERSION, prefix="python"),
            "Keel shared package (keel)",
        )

    def _layer(self, construct_id: str, path: Path, description: str) -> lambda_.LayerVersion:
        return lambda_.LayerVersion(
            self,
            construct_id,
            code=lambda_.Code.from_asset(str(path)),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description=description,
        )

    @property
    def all(self) -> list[lambda_.ILayerVersion]:
        return [self.deps, self.shared]
