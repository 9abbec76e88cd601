"""The local gateway's token buckets behave like API Gateway's stage and method throttling."""

from __future__ import annotations

from infra.local.throttle import Bucket, Throttler
from keel.routes import Route, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


LOGIN = Route("POST", "/v1/auth/login", "auth_login", "login", throttle=Throttle.AUTH)
HEALTH = Route("GET", "/v1/health", "health", "health")


def limits(route: Route) -> tuple[float, int]:
    return (1.0, 2) if route.throttle is Throttle.AUTH else (100.0, 100)


def test_a_bucket_allows_its_burst_then_refills_at_its_rate():
    clock = Clock()
    bucket = Bucket(rate=2.0, burst=3, clock=clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.5  # one token at 2/s
    assert bucket.take() is True
    assert bucket.take() is False


def test_method_limits_are_per_route_and_do_not_starve_other_routes():
    clock = Clock()
    throttler = Throttler((1000.0, 1000), limits, clock=clock)
    assert [throttler.admit(LOGIN) for _ in range(3)] == [True, True, False]
    assert all(throttler.admit(HEALTH) for _ in range(50))


def test_the_stage_limit_caps_all_routes_together():
    clock = Clock()
    throttler = Throttler((5.0, 5), limits, clock=clock)
    admitted = [throttler.admit(HEALTH) for _ in range(8)]
    assert admitted.count(True) == 5
    clock.now += 1.0
    assert throttler.admit(HEALTH) is True
