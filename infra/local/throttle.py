"""Token-bucket throttling with API Gateway's semantics: a stage-wide bucket and a bucket per method.

A request must get a token from both (rate = steady requests per second, burst = bucket size). The numbers
come from the stage config, the same ones CDK puts on the deployed stage.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from keel.routes import Route

Limits = tuple[float, int]  # (rate per second, burst)


class Bucket:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, max(1, burst), clock
        self.tokens = float(self.burst)
        self.updated = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Throttler:
    def __init__(
        self,
        stage: Limits,
        per_route: Callable[[Route], Limits],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stage = Bucket(*stage, clock=clock)
        self._per_route = per_route
        self._routes: dict[tuple[str, str], Bucket] = {}
        self._clock = clock
        self._lock = threading.Lock()

    def admit(self, route: Route) -> bool:
        """Take a token for ``route`` from its method bucket and from the stage bucket."""
        with self._lock:
            key = (route.method, route.path)
            bucket = self._routes.get(key)
            if bucket is None:
                bucket = self._routes[key] = Bucket(*self._per_route(route), clock=self._clock)
            return bucket.take() and self._stage.take()
