"""``make bench`` end to end on a transaction route and a rotating-token route: every invocation, the replayed
ones included, takes the success path, so the figures the targets are judged on measure what they claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench import report

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.xdist_group("bench")
def test_one_round_of_the_bench_replays_every_function_on_its_success_path(tmp_path):
    # Given one short round of the benchmark for registration (a transaction, Argon2, zxcvbn) and refresh (a token
    # rotated at every invocation: a replay must give the recorded state back, not the emulator's)
    out = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_ONLY": "auth_register,auth_refresh", "BENCH_ROUNDS": "1", "BENCH_WARM": "3",
           "BENCH_SERVER": "0", "BENCH_OUT": str(out)}  # fmt: skip
    # When it runs
    command = [sys.executable, "-m", "tests.bench.run"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    # Then every invocation of every function and floor succeeded, and replayed figures were measured for each
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(out.read_text())["functions"]
    assert set(rows) == {"floor_read", "floor_list", "floor_write", "auth_register", "auth_refresh"}
    for name, row in rows.items():
        assert set(row["statuses"]) <= report.SUCCESS and not row["off_success_path"], (name, row["statuses"])
        # the first two, the warm ones (a route hashing passwords runs at least 10), then 3 replayed
        warm = 10 if name == "auth_register" else 3
        assert sum(row["statuses"].values()) == 2 + warm + 3, (name, row["statuses"])
        assert row["replayed_p50_ms"] > 0 and row["ratio"]["replayed_p50_same_calls"] is not None
