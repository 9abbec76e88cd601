"""Execution environments under ``make serve``, over HTTP: parallel requests run in separate environments, each
function's module state is its own, crashes and timeouts discard an environment, the concurrency cap throttles,
and a code edit is served without a restart.

The server runs a temporary copy of functions/ and layers/ in which ``health`` and ``jwks`` are a probe that
reports its process, log stream (the environment), module state and when it ran.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.server import ROOT, LocalServer

pytestmark = pytest.mark.slow

PROBE = """
import json, os, time

INVOCATIONS = 0


def lambda_handler(event, context):
    global INVOCATIONS
    INVOCATIONS += 1
    started = time.time()
    query = event.get("queryStringParameters") or {}
    if "crash" in query:
        os._exit(3)
    time.sleep(float(query.get("sleep", 0)))
    print("probe says hello")  # a handler's stdout is its log, never part of the result
    body = {"pid": os.getpid(), "stream": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"], "invocations": INVOCATIONS,
            "version": VERSION, "started": started, "ended": time.time()}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
"""
CONCURRENCY = 4
TIMEOUT_S = 1.5


def write_probe(code: Path, function: str, version: str) -> None:
    (code / "functions" / function / "handler.py").write_text(f"VERSION = {version!r}\n{PROBE}")


@pytest.fixture(scope="module")
def code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("code")
    for folder in ("functions", "layers"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for function in ("health", "jwks"):
        write_probe(root, function, "one")
    return root


@pytest.fixture(scope="module")
def api(code: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    env = {
        "KEEL_LOCAL_THROTTLING": "0",
        "KEEL_LOCAL_CODE_DIR": str(code),
        "KEEL_LOCAL_CONCURRENCY": str(CONCURRENCY),
        "KEEL_LOCAL_TIMEOUT_S": str(TIMEOUT_S),
    }
    srv = LocalServer(env, log_path=tmp_path_factory.mktemp("logs") / "serve.log").start()
    yield srv
    srv.stop()


def probe(api: LocalServer, path: str = "/v1/health", **query: object) -> dict:
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    res = api.request("GET", f"{path}?{qs}" if qs else path)
    assert res.status == 200, res.text
    return res.json


def parallel(api: LocalServer, n: int, path: str) -> list:
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(lambda _: api.request("GET", path), range(n)))


def report_lines(api: LocalServer, function: str) -> list[tuple[str, str]]:
    """``(environment id, REPORT line)`` of every invocation of ``function`` so far."""
    return re.findall(rf"^\[{function} (\w+)\] (REPORT .*)$", api.logs(), re.MULTILINE)


def test_parallel_requests_to_one_function_overlap_in_separate_environments(api):
    # Given no environment is busy; When four requests arrive at once, each taking 0.6 s in the handler
    results = [r.json for r in parallel(api, CONCURRENCY, "/v1/health?sleep=0.6")]
    # Then they ran at the same time, in four processes with four log streams
    assert max(r["started"] for r in results) < min(r["ended"] for r in results)
    assert len({r["pid"] for r in results}) == CONCURRENCY
    assert len({r["stream"] for r in results}) == CONCURRENCY
    # And each environment's first invocation reported its init time, as Lambda's REPORT line does
    reports = report_lines(api, "health")
    cold = {env for env, line in reports if "Init Duration: " in line}
    assert len(cold) >= CONCURRENCY
    assert all(
        re.search(r"Duration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB", line) for _, line in reports
    )
    assert all(re.search(r"Max Memory Used: \d+ MB", line) for _, line in reports)


def test_a_warm_environment_is_reused_and_each_function_has_its_own_module_state(api):
    first = probe(api)
    second = probe(api)
    assert second["stream"] == first["stream"] and second["invocations"] == first["invocations"] + 1
    other = probe(api, "/.well-known/jwks.json")
    assert other["pid"] != first["pid"]
    assert other["invocations"] == 1  # jwks's counter is not health's


def test_what_a_handler_prints_is_logged_with_its_environment_and_never_corrupts_the_result(api):
    result = probe(api)
    assert f"[health {result['stream'][-32:][:8]}] probe says hello" in api.logs()


def test_a_crash_discards_the_environment_and_the_gateway_answers_500(api):
    res = api.request("GET", "/v1/health?crash=1")
    assert res.status == 500
    assert res.json["error"]["code"] == "INTERNAL_ERROR"
    assert "Runtime.ExitError" in api.logs()
    assert probe(api)["version"] == "one"  # the next request is served (by another environment)


def test_a_timeout_discards_the_environment(api):
    started = time.monotonic()
    res = api.request("GET", "/v1/health?sleep=3")
    assert res.status == 500 and res.json["error"]["code"] == "INTERNAL_ERROR"
    assert time.monotonic() - started < 3
    assert f"Task timed out after {TIMEOUT_S:.2f} seconds" in api.logs()
    assert any("Status: timeout" in line for _, line in report_lines(api, "health"))


def test_requests_beyond_the_functions_concurrency_are_throttled_with_a_503(api):
    results = parallel(api, CONCURRENCY + 2, "/v1/health?sleep=1")
    statuses = sorted(r.status for r in results)
    assert statuses == [200] * CONCURRENCY + [503, 503]
    throttled = next(r for r in results if r.status == 503)
    assert throttled.json["error"]["code"] == "SERVICE_UNAVAILABLE" and throttled.headers["retry-after"] == "1"


def eventually(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_an_edited_handler_is_served_without_a_restart(api, code):
    before = probe(api)
    jwks_before = probe(api, "/.well-known/jwks.json")
    write_probe(code, "health", "two")
    after = eventually(lambda: r if (r := probe(api))["version"] == "two" else None)
    assert after and after["stream"] != before["stream"] and after["invocations"] == 1  # a cold start
    assert probe(api, "/.well-known/jwks.json")["stream"] == jwks_before["stream"]  # other functions stay warm


def test_a_change_in_the_shared_layer_retires_every_function(api, code):
    jwks_before = probe(api, "/.well-known/jwks.json")
    with (code / "layers/shared/python/keel/__init__.py").open("a") as fh:
        fh.write("\n# touched by a test\n")
    assert eventually(lambda: probe(api, "/.well-known/jwks.json")["stream"] != jwks_before["stream"])
