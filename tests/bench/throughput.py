"""Local-server throughput: requests/s and p50/p99 latency at concurrency 1, 4 and 16, on a read route and a
write route, over HTTP against ``python -m infra.local.serve`` (throttling off, a temporary data folder).

Each level first sends one request per client so that every environment it needs is warm (cold starts are
Lambda's init, reported per function above), then runs for ``BENCH_SECONDS`` (default 3). The load generator
shares the machine's cores with the server, so the numbers are a floor. A benchmark: it reports, never fails.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from infra.local.seed import SAMPLE_USER
from infra.local.seed_posts import USER_POST
from tests.support.server import LocalServer

LEVELS = (1, 4, 16)
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))


def _client_loop(port: int, request: tuple[str, str, bytes | None, dict[str, str]], until: float) -> list[float]:
    method, path, body, headers = request
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    while time.monotonic() < until:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000 if response.status < 400 else -1.0)
    conn.close()
    return latencies


def measure(port: int, request: tuple[str, str, bytes | None, dict[str, str]], clients: int) -> dict[str, Any]:
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(2):  # all clients at once, twice: the environments this level needs start before timing
            list(pool.map(lambda _: _client_loop(port, request, time.monotonic() + 0.001), range(clients)))
        started = time.monotonic()
        runs = list(pool.map(lambda _: _client_loop(port, request, started + SECONDS), range(clients)))
        elapsed = time.monotonic() - started
    ok = sorted(ms for run in runs for ms in run if ms >= 0)
    errors = sum(1 for run in runs for ms in run if ms < 0)
    p99 = ok[min(len(ok) - 1, int(len(ok) * 0.99))] if ok else float("nan")
    median = statistics.median(ok) if ok else float("nan")
    return {"clients": clients, "rps": round(len(ok) / elapsed, 1), "p50_ms": round(median, 1),
            "p99_ms": round(p99, 1), "errors": errors}  # fmt: skip


def _requests(api: LocalServer) -> dict[str, tuple[str, str, bytes | None, dict[str, str]]]:
    login = api.request("POST", "/v1/auth/login", {"email": SAMPLE_USER.email, "password": SAMPLE_USER.password})
    token = login.json["data"]["access_token"]
    post = json.dumps({"title": "Bench", "body": "A post written by make bench."}).encode()
    write_headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return {
        "GET /v1/posts/{id}": ("GET", f"/v1/posts/{USER_POST}", None, {}),
        "POST /v1/posts": ("POST", "/v1/posts", post, write_headers),
    }


def main() -> list[dict[str, Any]]:
    """Print and return one row per route and concurrency level."""
    api = LocalServer({"KEEL_LOCAL_THROTTLING": "0", "POWERTOOLS_LOG_LEVEL": "ERROR"}).start()
    rows = []
    try:
        for route, request in _requests(api).items():
            for clients in LEVELS:
                row = {"route": route, **measure(api.port, request, clients)}
                rows.append(row)
                latency = f"p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms  errors {row['errors']}"
                print(f"local server  {route:22s} c={clients:<3d} {row['rps']:7.1f} req/s  {latency}", flush=True)
    finally:
        api.stop()
    return rows


if __name__ == "__main__":
    main()
