"""The CDK app as the CDK CLI runs it: settings it cannot deploy stop it with one line, before any synth."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from infra import assets, synth
from infra.assets import ROOT
from infra.settings import SettingsError, deploy_config
from tests.infra.conftest import PROD_SETTINGS, SYNTH

pytestmark = SYNTH


def run_app(context: dict, tmp_path) -> subprocess.CompletedProcess[str]:
    """``python -m infra.app`` the way ``npx cdk synth -c ...`` starts it (context and outdir in the env)."""
    env = os.environ | {
        "CDK_CONTEXT_JSON": json.dumps(synth.cdk_context() | context),
        "CDK_OUTDIR": str(tmp_path),
        "PYTHONPATH": "layers/shared/python:functions:.",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
    }
    return subprocess.run(
        [sys.executable, "-m", "infra.app"], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_a_prod_synth_without_settings_exits_with_one_line_naming_them(tmp_path):
    done = run_app({"stage": "prod"}, tmp_path)

    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith("keel: stage prod: missing alarm_email, issuer, cors_origins")
    assert not list(tmp_path.glob("*.template.json"))


def test_an_unknown_stage_exits_with_one_line(tmp_path):
    done = run_app({"stage": "staging"}, tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == ["keel: unknown stage 'staging': expected one of dev, prod (STAGE=...)"]


@pytest.fixture
def no_runtime_python(monkeypatch):
    monkeypatch.setattr(assets, "find_interpreter", lambda version: None)


def test_prod_refuses_assets_without_pyc_and_names_the_fix_and_the_override(no_runtime_python):
    config = deploy_config(PROD_SETTINGS | {"allow_no_pyc": "false"})

    with pytest.raises(SettingsError) as refused:
        synth.require_pyc(config)

    message = str(refused.value)
    assert "\n" not in message
    assert "uv python install 3.14" in message
    assert "KEEL_RUNTIME_PYTHON" in message
    assert "-c allow_no_pyc=true" in message


def test_the_override_and_dev_synthesize_without_pyc(no_runtime_python):
    synth.require_pyc(deploy_config(PROD_SETTINGS))  # allow_no_pyc=true
    synth.require_pyc(deploy_config({"stage": "dev"}))


def test_no_prod_template_carries_a_placeholder(prod, derived):
    for stage in (prod, derived):
        for template in (stage.api_json, stage.data_json):
            assert "example.com" not in json.dumps(template)
