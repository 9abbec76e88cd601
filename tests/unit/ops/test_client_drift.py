"""The committed client (clients/python) is exactly what `make client` generates from functions/openapi/openapi.json."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CLIENT = ROOT / "clients" / "python"


CACHES = {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache"}


def _files(root: Path) -> dict[str, bytes]:
    """The tree's files by relative path, without tool caches (git ignores them)."""
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and not CACHES & set(p.relative_to(root).parts))
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


@pytest.mark.slow
def test_the_committed_client_is_generated_from_the_committed_document(tmp_path):
    # Given the generator run on functions/openapi/openapi.json into a fresh directory
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(ROOT / "functions" / "openapi" / "openapi.json"),
    ]
    command += ["--output-path", str(tmp_path / "python"), "--meta", "uv", "--fail-on-warning"]
    command += ["--config", str(ROOT / "clients" / "openapi-python-client.yaml")]
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    # Then it is the committed client, file for file
    generated, committed = _files(tmp_path / "python"), _files(CLIENT)
    stale = sorted(k for k in generated.keys() | committed.keys() if generated.get(k) != committed.get(k))
    assert not stale, f"clients/python is stale ({stale[:5]}...): run `make client` and commit it."
