"""Lambda asset builds: cached, .pyc compiled by the runtime's interpreter when there is one, recorded if not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from infra import assets

HERE = f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "BUILD_DIR", tmp_path / "build")
    assets.runtime_interpreter.cache_clear()
    assets.find_interpreter.cache_clear()
    yield tmp_path / "build"
    assets.runtime_interpreter.cache_clear()
    assets.find_interpreter.cache_clear()


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "src"
    (src / "pkg" / "__pycache__").mkdir(parents=True)
    (src / "pkg" / "__init__.py").write_text("")
    (src / "pkg" / "mod.py").write_text("VALUE = 1\n")
    (src / "pkg" / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"local bytecode")
    return src


def test_with_the_runtime_interpreter_the_asset_ships_hash_checked_free_pyc(build_dir, source, monkeypatch):
    monkeypatch.setenv("KEEL_RUNTIME_PYTHON", sys.executable)

    built = assets.source_asset(source, "demo", HERE, prefix="python")

    (pyc,) = (built / "python" / "pkg" / "__pycache__").glob("mod.*.pyc")
    flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
    assert flags == 0b01  # hash-based, unchecked: valid although the zip resets file times
    assert json.loads((built / "keel-demo.json").read_text())["pyc"] is True
    assert not (built / "python" / "pkg" / "__pycache__" / "stale.cpython-311.pyc").exists()


def test_without_the_runtime_interpreter_it_still_builds_and_says_so(build_dir, source, monkeypatch, capsys):
    monkeypatch.delenv("KEEL_RUNTIME_PYTHON", raising=False)

    built = assets.source_asset(source, "demo", "3.99")

    assert (built / "pkg" / "mod.py").exists()
    assert not list(built.rglob("*.pyc"))
    record = json.loads((built / "keel-demo.json").read_text())
    assert record["pyc"] is False
    assert "no .pyc" in record["note"]
    assert "uv python install 3.99" in capsys.readouterr().err


def test_an_unchanged_source_reuses_the_cached_build_and_a_change_rebuilds(build_dir, source, monkeypatch):
    monkeypatch.delenv("KEEL_RUNTIME_PYTHON", raising=False)
    first = assets.source_asset(source, "demo", "3.99")
    assert assets.source_asset(source, "demo", "3.99") == first

    (source / "pkg" / "mod.py").write_text("VALUE = 2\n")

    second = assets.source_asset(source, "demo", "3.99")
    assert second != first
    assert (second / "pkg" / "mod.py").read_text() == "VALUE = 2\n"


def test_runtime_requirements_come_from_the_lock_without_what_lambda_provides():
    requirements = assets.runtime_requirements()
    names = {line.split("==")[0] for line in requirements.splitlines()}
    assert {"pydantic", "aws-lambda-powertools", "pyjwt", "argon2-cffi", "cryptography"} <= names
    assert not names & {"boto3", "botocore", "s3transfer", "urllib3", "keel"}
    assert all("==" in line for line in requirements.splitlines())
