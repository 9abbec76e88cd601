"""The local Lambda service: every function of the route table (and the authorizer) with its own environments.

Memory size, timeout and reserved concurrency come from the stage config the local gateway emulates
(``KEEL_LOCAL_STAGE_CONFIG``, default ``dev``), as CDK deploys them. Local knobs, for tests and laptops:
``KEEL_LOCAL_CONCURRENCY`` (environments per function without reserved concurrency; default 16),
``KEEL_LOCAL_IDLE_S`` (idle environments are retired after this; default 300) and ``KEEL_LOCAL_TIMEOUT_S``
(overrides every function's timeout).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from infra.local.runtime.environment import FunctionConfig
from infra.local.runtime.logs import log
from infra.local.runtime.pool import FunctionPool
from infra.stages import StageConfig
from keel.routes import AUTHORIZER, ROUTES

DEFAULT_CONCURRENCY = 16
DEFAULT_IDLE_S = 300.0


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise ValueError(f"{name} must be a positive number, not {raw!r}")
    return value


def function_configs(stage: StageConfig, env: dict[str, str], code_dir: Path) -> dict[str, tuple[FunctionConfig, int]]:
    """Each function's config and concurrency, as the stage deploys them (plus the local overrides)."""
    timeout = _number("KEEL_LOCAL_TIMEOUT_S", 0) if os.environ.get("KEEL_LOCAL_TIMEOUT_S") else None
    default_concurrency = int(_number("KEEL_LOCAL_CONCURRENCY", DEFAULT_CONCURRENCY))
    specs = [(r.function, r.memory, stage.reserved_concurrency.get(r.throttle)) for r in ROUTES]
    specs.append((AUTHORIZER.name, AUTHORIZER.memory, None))
    configs = {}
    for name, memory, reserved in specs:
        size = stage.size(memory)
        config = FunctionConfig(name, size.memory_mb, timeout or size.timeout_s, env, code_dir)
        configs[name] = (config, reserved or default_concurrency)
    return configs


class LambdaService:
    """``invoke(function, event)`` runs an invocation; ``retire`` and the idle reaper end environments."""

    def __init__(self, configs: dict[str, tuple[FunctionConfig, int]]) -> None:
        self._pools = {name: FunctionPool(config, cap) for name, (config, cap) in configs.items()}
        self._idle_s = _number("KEEL_LOCAL_IDLE_S", DEFAULT_IDLE_S)
        self._stopping = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name="idle-reaper", daemon=True)
        self._reaper.start()

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(self._pools)

    def invoke(self, function: str, event: dict[str, Any]) -> dict[str, Any]:
        """Run ``function`` on ``event`` in one of its environments (the gateway's and authorizer's invoker)."""
        return self._pools[function].invoke(event, str(uuid.uuid4()))

    def retire(self, functions: Iterable[str] | None = None, reason: str = "code changed") -> None:
        """Retire the environments of ``functions`` (all when ``None``): the next request is a cold start."""
        names = self.functions if functions is None else [f for f in functions if f in self._pools]
        for name in names:
            count = self._pools[name].retire()
            log(f"[{name}]", f"environments retired ({reason}; {count} idle stopped, busy ones stop when done)")

    def environments(self, function: str) -> int:
        return self._pools[function].environments

    def _reap(self) -> None:
        while not self._stopping.wait(min(self._idle_s / 2, 5.0)):
            for name, pool in self._pools.items():
                if pool.retire(idle_for_s=self._idle_s):
                    log(f"[{name}]", f"idle environments retired after {self._idle_s:g} s")

    def stop(self) -> None:
        self._stopping.set()
        for pool in self._pools.values():
            pool.retire()
