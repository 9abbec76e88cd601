"""How a function's pool of execution environments behaves (reuse, discard, idle retirement, reload), with a
stand-in for the worker process so that no process is started."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from infra.local.runtime import pool as pool_module
from infra.local.runtime.environment import FunctionConfig
from infra.local.runtime.errors import EnvironmentFailed, FunctionError, Throttled
from infra.local.runtime.lambda_service import DEFAULT_CONCURRENCY, function_configs
from infra.local.runtime.pool import FunctionPool
from infra.stages import load_stage
from keel.routes import Throttle

CONFIG = FunctionConfig("health", 512, 15, {}, Path("."))


class FakeEnvironment:
    started: list[FakeEnvironment] = []
    outcome: Any = {"statusCode": 200}

    def __init__(self, config: FunctionConfig, generation: int) -> None:
        self.config, self.generation = config, generation
        self.id, self.prefix, self.alive, self.idle_since, self.max_memory_mb = "0" * 32, "[health 0]", True, 0.0, 60

    def start(self) -> float:
        FakeEnvironment.started.append(self)
        return 300.0

    def invoke(self, event: dict[str, Any], request_id: str) -> dict[str, Any]:
        self.idle_since = time.monotonic()
        if isinstance(FakeEnvironment.outcome, Exception):
            if isinstance(FakeEnvironment.outcome, EnvironmentFailed):
                self.alive = False
            raise FakeEnvironment.outcome
        return FakeEnvironment.outcome

    def stop(self) -> None:
        self.alive = False


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> FunctionPool:
    monkeypatch.setattr(pool_module, "Environment", FakeEnvironment)
    FakeEnvironment.started, FakeEnvironment.outcome = [], {"statusCode": 200}
    return FunctionPool(CONFIG, concurrency=1)


def test_a_warm_environment_is_reused_and_a_handler_error_keeps_it(pool, capsys):
    pool.invoke({}, "r1")
    FakeEnvironment.outcome = FunctionError("ValueError", "boom")
    with pytest.raises(FunctionError):
        pool.invoke({}, "r2")
    FakeEnvironment.outcome = {"statusCode": 200}
    pool.invoke({}, "r3")
    assert len(FakeEnvironment.started) == 1
    reports = [line for line in capsys.readouterr().err.splitlines() if "REPORT" in line]
    assert "Init Duration: 300.00 ms" in reports[0] and "Init Duration" not in reports[2]
    assert "Status: error" in reports[1]


def test_a_failed_environment_is_discarded_and_the_next_request_is_a_cold_start(pool):
    FakeEnvironment.outcome = EnvironmentFailed("Task timed out after 15.00 seconds")
    with pytest.raises(EnvironmentFailed):
        pool.invoke({}, "r1")
    FakeEnvironment.outcome = {"statusCode": 200}
    pool.invoke({}, "r2")
    assert len(FakeEnvironment.started) == 2 and not FakeEnvironment.started[0].alive


def test_idle_environments_are_retired_after_the_idle_timeout_and_all_on_reload(pool):
    pool.invoke({}, "r1")
    assert pool.retire(idle_for_s=3600) == 0  # not idle long enough
    assert pool.retire(idle_for_s=0) == 1
    pool.invoke({}, "r2")
    assert pool.retire() == 1 and pool.generation == 1  # reload: the old code's environments go
    pool.invoke({}, "r3")
    assert len(FakeEnvironment.started) == 3 and FakeEnvironment.started[-1].generation == 1


def test_an_environment_busy_at_the_concurrency_limit_means_throttling(pool):
    pool._in_use = 1  # one invocation in flight at concurrency 1
    with pytest.raises(Throttled):
        pool.invoke({}, "r1")


def test_a_bad_local_knob_is_named_in_a_one_line_error(monkeypatch):
    monkeypatch.setenv("KEEL_LOCAL_CONCURRENCY", "lots")
    with pytest.raises(ValueError, match="KEEL_LOCAL_CONCURRENCY must be a positive number, not 'lots'"):
        function_configs(load_stage("dev"), {}, Path("."))


def test_concurrency_comes_from_the_stages_reserved_concurrency_else_the_local_default(monkeypatch):
    monkeypatch.delenv("KEEL_LOCAL_CONCURRENCY", raising=False)
    stage = load_stage("prod").model_copy(update={"reserved_concurrency": {Throttle.AUTH: 50}})  # a deployer's -c
    prod = function_configs(stage, {}, Path("."))
    assert prod["auth_login"][1] == 50 and prod["auth_login"][0].memory_mb == 1769
    assert prod["posts_get"][1] == DEFAULT_CONCURRENCY
