"""What the synthesized assets hold: arm64 wheels for the runtime's Python, no boto3, the first-party code."""

from __future__ import annotations

import json

from infra import assets
from infra.constructs.functions import RUNTIME_VERSION
from infra.ops.openapi_doc import COMMITTED
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


def test_shared_layer_is_the_first_party_package(prod):
    shared = staged(prod, "keel-shared-layer.json")
    assert (shared / "python" / "keel" / "routes.py").exists()


def test_each_function_asset_holds_only_its_own_handler(prod):
    for name in ("health", "rotate_signing_key", "posts_get"):
        code = staged(prod, f"keel-fn-{name}.json")
        assert sorted(p.name for p in code.iterdir() if p.is_dir()) == [name]
        assert (code / name / "handler.py").exists()


def test_the_openapi_asset_carries_its_committed_document_and_no_other_handler(prod):
    code = staged(prod, "keel-fn-openapi.json")
    assert sorted(p.name for p in code.iterdir() if p.is_dir()) == ["openapi"]
    assert (code / "openapi" / "openapi.json").read_text() == COMMITTED.read_text()
