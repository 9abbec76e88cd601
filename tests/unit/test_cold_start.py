"""What a cold start does in the init phase (issue 13): the AWS clients a function's route table row says it uses
are made at import, and nothing builds the OpenAPI documentation, which only the document's generator needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("keel.api_docs", "keel.openapi", "keel.openapi_examples")
PROBE = """
import json, sys
import {module} as handler
from keel.repositories import aws
docs = sorted(m for m in {docs!r} if m in sys.modules)
print(json.dumps({{"clients": aws._cached_client.cache_info().currsize, "docs": docs}}))
"""


def _after_import(module: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": "layers/shared/python:functions:.", "AWS_DEFAULT_REGION": "us-east-1",
           "KEEL_STAGE": "local", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", PROBE.format(module=module, docs=DOCS)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("module", "clients"),
    [("posts_get.handler", 1), ("auth_login.handler", 2), ("health.handler", 2), ("authorizer.handler", 2),
     ("openapi.handler", 0)],
)  # fmt: skip
def test_a_cold_start_makes_its_clients_at_import_and_never_builds_the_api_docs(module, clients):
    # Given a fresh interpreter, When a handler module is imported (Lambda's init phase)
    state = _after_import(module)
    # Then the clients its access needs already exist (dynamodb; + secretsmanager for keys and probes)
    assert state["clients"] == clients
    # and no OpenAPI documentation module was imported
    assert state["docs"] == []
