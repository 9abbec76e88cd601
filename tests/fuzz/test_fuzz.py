"""`make test` runs a bounded fuzz: schemathesis finds no failure as an anonymous caller, a user or an admin."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.server import ROOT


@pytest.mark.slow
@pytest.mark.xdist_group("fuzz")
def test_schema_driven_fuzzing_finds_no_failure():
    # Given a fresh local server, When schemathesis runs every check for ~2 minutes, Then it reports nothing.
    env = {"FUZZ_MAX_TIME": "100", "FUZZ_SEED": "20261128", **os.environ}
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-15000:] + done.stderr[-3000:]
