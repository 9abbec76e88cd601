"""``make bench``: per function, the cold-start init cost, warm overhead and DynamoDB calls per request.

- init: a fresh interpreter imports ``<function>.handler`` (what Lambda's Init phase does): median of 15 runs.
- top imports: the largest cumulative imports from ``python -X importtime``.
- warm: in-process mean per invocation of the function's first sample event, on the emulator.
- ddb calls: DynamoDB API calls made by one warm invocation (counted with a botocore event hook).
- local server: requests/s and p50/p99 latency at concurrency 1, 4, 16 on a read and a write route
  (``tests/bench/throughput.py``; ``make bench-server`` runs only that part).
Budget for read routes: <= 260 ms init on this machine. A benchmark, not a test: it reports, it never fails.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
WARM = int(os.environ.get("BENCH_WARM", "200"))
READ_BUDGET_MS = 260.0
ENV = {
    **os.environ,
    "PYTHONPATH": "layers/shared/python:functions:.",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_LOG_LEVEL": "ERROR",  # the report, not the handlers' security log lines
}

os.environ.update({k: v for k, v in ENV.items() if k.startswith(("AWS_", "POWERTOOLS_"))})
os.environ.setdefault("KEEL_STAGE", "local")

from infra.local import emulator, seed, seeding  # noqa: E402
from infra.local.authorizer import request_authorizer_event  # noqa: E402
from infra.local.events import proxy_event  # noqa: E402
from infra.local.functions import LambdaContext, handler_of  # noqa: E402
from keel.repositories import aws  # noqa: E402
from keel.routes import AUTHORIZER, ROUTES  # noqa: E402
from tests.bench import throughput  # noqa: E402

INIT_SNIPPET = "import time;t=time.perf_counter();import {m};print((time.perf_counter()-t)*1000)"


def cold_init_ms(function: str) -> float:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", INIT_SNIPPET.format(m=f"{function}.handler")],
            cwd=ROOT, env=ENV, capture_output=True, text=True, check=True,
        )  # fmt: skip
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def top_imports(function: str, n: int = 5) -> list[tuple[str, float]]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {function}.handler"],
        cwd=ROOT, env=ENV, capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = []
    for line in out.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[1].isdigit() and not parts[2].startswith(" "):
            rows.append((parts[2].strip(), int(parts[1]) / 1000))
    top_level = [(name, ms) for name, ms in rows if "." not in name]
    return sorted(top_level, key=lambda r: -r[1])[:n]


def sample_event(function: str) -> dict[str, Any] | None:
    if function == AUTHORIZER.name:  # its sample events are refusals; measure the Allow path with a live token
        token = seed.sample_access_token(seed.SAMPLE_ADMIN)  # the earlier events revoke the sample user's session
        return request_authorizer_event(
            proxy_event("GET", "/v1/users/me", headers={"Authorization": [f"Bearer {token}"]})
        )
    files = sorted((ROOT / "events" / function).glob("*.json"))
    preferred = [f for f in files if f.stem in ("ok", "get", "list", "valid", "feed")] or files
    return json.loads(preferred[0].read_text()) if preferred else None


def warm(function: str, event: dict[str, Any]) -> tuple[float, int]:
    handler = handler_of(function)
    ctx = LambdaContext(function, "bench")
    calls: list[str] = []
    clients = (aws.client("dynamodb"), aws.probe_client("dynamodb"))
    hook = lambda **kw: calls.append(kw["event_name"])  # noqa: E731
    with contextlib.redirect_stdout(io.StringIO()):  # EMF metric lines are printed; keep the report readable
        handler(event, ctx)
        for client in clients:
            client.meta.events.register("before-call.dynamodb.*", hook)
        handler(event, ctx)
        for client in clients:
            client.meta.events.unregister("before-call.dynamodb.*", hook)
        start = time.perf_counter()
        for _ in range(WARM):
            handler(event, ctx)
        elapsed = time.perf_counter() - start
    return elapsed * 1000 / WARM, len(calls)


def main() -> int:
    functions = [r.function for r in ROUTES] + [AUTHORIZER.name]
    reads = {r.function for r in ROUTES if r.method == "GET"}
    results: list[dict[str, Any]] = []
    with emulator.Emulator():
        seeding.seed_samples()
        for fn in functions:
            if not (ROOT / "functions" / fn / "handler.py").exists():
                continue
            event = sample_event(fn)
            warm_ms, ddb = warm(fn, event) if event else (float("nan"), -1)
            init = cold_init_ms(fn)
            results.append({"function": fn, "init_ms": round(init, 1), "warm_ms": round(warm_ms, 3),
                            "ddb_calls": ddb, "top_imports": top_imports(fn)})  # fmt: skip
            budget = " (read budget 260 ms: " + ("ok)" if init <= READ_BUDGET_MS else "OVER)") if fn in reads else ""
            tops = ", ".join(f"{name} {ms:.0f}" for name, ms in results[-1]["top_imports"])
            print(f"{fn:20s} init {init:6.1f} ms{budget:28s} warm {warm_ms:7.3f} ms  ddb {ddb:2d}  top: {tops}")
    server = throughput.main()
    out = ROOT / ".build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"functions": results, "local_server": server}, indent=2))
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
