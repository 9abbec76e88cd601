"""What the synthesized assets hold: arm64 wheels for the runtime's Python, no boto3, the first-party code."""

from __future__ import annotations

import json

from infra import assets
from infra.constructs.functions import RUNTIME_VERSION
from tests.infra.conftest import SYNTH

pytestmark = SYNTH
ABI = f"cpython-{RUNTIME_VERSION.replace('.', '')}-aarch64-linux-gnu"


def staged(synth, marker: str):
    (asset,) = {p.parent for p in synth.directory.glob(f"asset.*/{marker}")}
    return asset


def test_deps_layer_has_arm64_wheels_for_the_runtime_and_no_boto3(prod):
    layer = staged(prod, "keel-deps-layer.json") / "python"
    assert list(layer.glob(f"pydantic_core/_pydantic_core.{ABI}.so"))
    assert (layer / "aws_lambda_powertools").is_dir()
    assert not (layer / "boto3").exists()
    assert not (layer / "botocore").exists()


def test_deps_layer_records_what_it_was_built_from(prod):
    record = json.loads((staged(prod, "keel-deps-layer.json") / "keel-deps-layer.json").read_text())
    assert record["python"] == RUNTIME_VERSION
    assert record["platform"] == assets.PLATFORM
    assert record["requirements"] == assets.runtime_requirements().splitlines()
    assert isinstance(record["pyc"], bool)


def test_shared_layer_and_function_code_are_the_first_party_sources(prod):
    shared = staged(prod, "keel-shared-layer.json")
    assert (shared / "python" / "keel" / "routes.py").exists()
    code = staged(prod, "keel-functions.json")
    assert (code / "health" / "handler.py").exists()
    assert (code / "rotate_signing_key" / "handler.py").exists()
