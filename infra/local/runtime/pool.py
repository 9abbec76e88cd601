"""A function's execution environments, managed as Lambda manages them.

An invocation takes an idle environment of the current code (a warm start) or starts a new one (a cold start:
Init, then the invocation) unless the function already has as many environments as its concurrency allows
(then Lambda throttles: ``Throttled``). A handler error leaves the environment reusable; a crash, failed init
or timeout discards it. Idle environments are retired after an idle timeout, and all of a function's on reload.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from infra.local.runtime.environment import Environment, FunctionConfig
from infra.local.runtime.errors import EnvironmentFailed, FunctionError, Throttled
from infra.local.runtime.logs import log, report


class FunctionPool:
    def __init__(self, config: FunctionConfig, concurrency: int) -> None:
        self.config = config
        self.concurrency = concurrency
        self.generation = 0  # bumped by a code change: older environments are not reused
        self._lock = threading.Lock()
        self._idle: list[Environment] = []
        self._in_use = 0

    def _checkout(self) -> Environment | None:
        """An idle environment of the current code, or ``None`` when the caller must start one."""
        stale: list[Environment] = []
        with self._lock:
            found = None
            while self._idle and found is None:
                env = self._idle.pop()  # the most recently used: the one most likely still warm
                if env.generation == self.generation and env.alive:
                    found = env
                else:
                    stale.append(env)
            if found is None and self._in_use >= self.concurrency:
                raise Throttled(f"Rate Exceeded: {self.config.name} is at its concurrency of {self.concurrency}")
            self._in_use += 1
        for env in stale:
            env.stop()
        return found

    def _checkin(self, env: Environment | None, reusable: bool) -> None:
        with self._lock:
            self._in_use -= 1
            if env is not None and reusable and env.alive and env.generation == self.generation:
                self._idle.append(env)
                return
        if env is not None:
            env.stop()

    def invoke(self, event: dict[str, Any], request_id: str) -> dict[str, Any]:
        """One invocation in an environment of this function (started first if none is free)."""
        env = self._checkout()
        reusable = False
        try:
            init_ms = None
            if env is None:
                env = Environment(self.config, self.generation)
                init_ms = env.start()
            result = _run(env, event, request_id, init_ms)
            reusable = True
            return result
        except FunctionError:
            reusable = True  # a handler's exception leaves its environment usable, as on Lambda
            raise
        finally:
            self._checkin(env, reusable)

    def retire(self, *, idle_for_s: float | None = None) -> int:
        """Stop idle environments (all of them and any in use once done, or only those idle ``idle_for_s``)."""
        now = time.monotonic()
        with self._lock:
            if idle_for_s is None:
                self.generation += 1
                leaving, self._idle = self._idle, []
            else:
                leaving = [e for e in self._idle if now - e.idle_since >= idle_for_s]
                self._idle = [e for e in self._idle if e not in leaving]
        for env in leaving:
            env.stop()
        return len(leaving)

    @property
    def environments(self) -> int:
        with self._lock:
            return self._in_use + len(self._idle)


def _run(env: Environment, event: dict[str, Any], request_id: str, init_ms: float | None) -> dict[str, Any]:
    """Invoke with Lambda's START / END / REPORT lines: the handler's result, or the invocation's error."""
    log(env.prefix, f"START RequestId: {request_id} Version: $LATEST")
    started = time.monotonic()
    status = ""
    try:
        return env.invoke(event, request_id)
    except FunctionError:
        status = "\tStatus: error"
        raise
    except EnvironmentFailed as exc:
        log(env.prefix, f"{request_id} {exc}")
        status = "\tStatus: timeout" if "timed out" in str(exc) else "\tStatus: error\tError Type: Runtime.ExitError"
        raise
    finally:
        duration = (time.monotonic() - started) * 1000
        log(env.prefix, f"END RequestId: {request_id}")
        log(env.prefix, report(request_id, duration, env.config.memory_mb, env.max_memory_mb, init_ms) + status)
