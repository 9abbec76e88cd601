"""``make bench``: each function's cold start, first request and warm overhead, as ratios to a floor.

The floor (``tests/bench/floor/``) is the least a validated Powertools REST route does, one for a read
(GetItem), one for a list (a Query of the feed's page) and one for a write (PutItem). Each measured function,
Keel's and the floor's, starts in its own fresh interpreter (``tests/bench/worker.py``) against one moto
server; ``BENCH_ROUNDS`` rounds (default 5) visit every function in a shuffled order with the floors
interleaved between them, so drift on a shared machine hits both sides alike. Every invocation takes its
route's success path (``tests/bench/events.py`` prepares what each one consumes; the table is put back
before each environment) and any other status is flagged. Times are net of the emulator's share and of
password work (Argon2 at the configured production cost, zxcvbn's estimate), both reported apart. The
emulator (this process) and each measured environment run on different CPUs.

Per function: init (the handler import), the first request's extra time, init + first request, warm net
overhead (p50 as the median of each environment's median, p90/p99 pooled, over ``BENCH_WARM`` warm invocations
per round, default 60; a third of that for the password routes, whose every invocation runs 20-90 ms of Argon2
that is subtracted anyway), the same without the SDK's own work, AWS calls and DynamoDB calls by operation in
one warm invocation, and max RSS; then ``BENCH_WARM`` *replayed* invocations (``worker.Replay``: the last warm
invocation's event, the emulator's answers and Argon2's results given again without waiting, so the figure is
the function's own CPU work without what moto and Argon2 do to the caches meanwhile); every figure also as a
ratio to the floor of the same kind, warm and replayed p50 also against that floor making as many AWS calls
(``report.same_calls_floor``), and whether issue 13's targets are met (``tests/bench/targets.py``, on replayed
invocations). ``BENCH_ONLY=fn,...`` measures only those functions. Writes
``.bench/latest.json`` and prints a table, then (unless ``BENCH_SERVER=0``) the local server's req/s
(``tests/bench/throughput.py``).
A benchmark, not a test: it reports, it never fails.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WARM = int(os.environ.get("BENCH_WARM", "60"))
FLOORS = {"read": "floor_read", "list": "floor_list", "write": "floor_write"}
EVERY = 9  # functions between two visits of the floors
os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_LOG_LEVEL": "ERROR", "KEEL_STAGE": "local"})
os.environ.setdefault("PYTHONPATH", "layers/shared/python:functions:.")
# This process only (the workers run with the defaults): preparing events on a loaded machine may wait on moto
# longer than a function's 2 s, and a retried transaction would then fail on its own first attempt's writes.
PREPARATION_ENV = {"KEEL_AWS_READ_TIMEOUT_S": "60"}
os.environ.update(PREPARATION_ENV)
for _cheap in [k for k in os.environ if k.startswith("KEEL_ARGON2_")]:  # the production cost, never a test's
    del os.environ[_cheap]

from infra.local import seed  # noqa: E402
from keel.routes import AUTHORIZER, BY_FUNCTION, ROUTES  # noqa: E402
from tests.bench import events, fixtures, report, server, targets, throughput  # noqa: E402


def _module(function: str) -> str:
    if function in FLOORS.values():
        return f"tests.bench.floor.{function.removeprefix('floor_')}"
    return f"{function}.handler"


def warm_for(function: str) -> int:
    """Warm invocations per environment: ``WARM``, a third of it (at least 10) for a route that hashes passwords."""
    route = BY_FUNCTION.get(function)
    return max(10, WARM // 3) if route is not None and route.memory == "password" else WARM


def cold_environment(function: str, evs: list[dict[str, Any]]) -> dict[str, Any]:
    """One fresh interpreter: import, first request, warm invocations (see worker.py)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(evs, f)
        f.flush()
        # As many replayed invocations for every function: replays run no Argon2, so none needs fewer.
        out = subprocess.run([sys.executable, "-m", "tests.bench.worker", _module(function), f.name,
                              str(warm_for(function)), str(WARM)],
                             cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**{k: v for k, v in os.environ.items() if k not in PREPARATION_ENV},
                                  **CPU})  # fmt: skip
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_round(functions: list[str], samples: dict[str, list[dict[str, Any]]]) -> float:
    """One round on a fresh emulator, each environment on the same table; the seconds spent preparing events."""
    prepared = 0.0
    with server.running():
        fixtures.full_pages(seed.SAMPLE_USER.id)
        baseline = server.Baseline()
        for fn in schedule(functions):
            baseline.restore()
            started = time.perf_counter()
            evs = events.events_for(fn, warm_for(fn) + 2)
            prepared += time.perf_counter() - started
            if evs is not None:
                samples.setdefault(fn, []).append(cold_environment(fn, evs))
    return prepared


def schedule(functions: list[str]) -> list[str]:
    """A shuffled round with the floors at its start and after every ``EVERY`` functions."""
    order = random.sample(functions, len(functions))
    out: list[str] = []
    for i in range(0, len(order), EVERY):
        out += [*FLOORS.values(), *order[i : i + EVERY]]
    return out


def kind_of(function: str, reads: set[str]) -> str:
    """The floor a function is compared to: list routes, other reads (the authorizer too), writes."""
    floor = {v: k for k, v in FLOORS.items()}.get(function)
    if floor:
        return floor
    if function.endswith("_list"):
        return "list"
    return "read" if function in reads else "write"


def rows_of(samples: dict[str, list[dict[str, Any]]], functions: list[str]) -> dict[str, dict[str, Any]]:
    """Each function's summary, its kind and its ratios to the floor of that kind; the floors first."""
    reads = {r.function for r in ROUTES if r.method == "GET"} | {AUTHORIZER.name}
    floors = {kind: report.summarize(samples[fn]) for kind, fn in FLOORS.items()}
    rows = {}
    for fn in [*FLOORS.values(), *functions]:
        if fn in samples:
            kind = kind_of(fn, reads)
            rows[fn] = {"kind": kind, **report.with_ratios(report.summarize(samples[fn]), floors[kind])}
    return rows


# With two CPUs or more, the emulator (this process) keeps to the first and each measured environment to the last:
# sharing one CPU by chance made the same function's warm p50 vary up to 2x from one environment to the next.
CPUS = sorted(os.sched_getaffinity(0))
CPU = {"BENCH_CPU": str(CPUS[-1])} if len(CPUS) > 1 else {}


def main() -> int:
    if CPU:
        os.sched_setaffinity(0, {CPUS[0]})
    functions = [f for f in dict.fromkeys([r.function for r in ROUTES] + [AUTHORIZER.name])
                 if (ROOT / "functions" / f / "handler.py").exists()]  # fmt: skip
    only = [f for f in os.environ.get("BENCH_ONLY", "").split(",") if f]  # a quick look at a few functions
    functions = [f for f in functions if f in only] if only else functions
    samples: dict[str, list[dict[str, Any]]] = {}
    for n in range(ROUNDS):
        started = time.perf_counter()
        prepared = run_round(functions, samples)
        took = time.perf_counter() - started
        print(f"round {n + 1}/{ROUNDS} done in {took:.0f} s ({prepared:.0f} s preparing events)", file=sys.stderr)
    rows = rows_of(samples, functions)
    report.print_table(rows)
    verdict = targets.verdict(rows, set(FLOORS.values()))
    print(targets.line(verdict))
    costs = {json.dumps(row["argon2_params"], sort_keys=True) for row in rows.values() if row.get("argon2_params")}
    print(f"argon2 cost hashed with: {', '.join(sorted(costs)) or 'none'}")
    result: dict[str, Any] = {"rounds": ROUNDS, "warm_per_round": WARM,
                              "warm_per_round_password_routes": warm_for("auth_login"), "replayed_per_round": WARM,
                              "targets": verdict, "functions": rows}  # fmt: skip
    if os.environ.get("BENCH_SERVER", "1") != "0":
        os.sched_setaffinity(0, set(CPUS))  # the local server's throughput uses every CPU
        result["local_server"] = throughput.main()
    out = Path(os.environ.get("BENCH_OUT") or ROOT / ".bench" / "latest.json")  # BENCH_OUT: a test's own file
    report.write(out, result)
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
