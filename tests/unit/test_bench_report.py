"""``make bench``'s pure parts: Argon2 time kept out of the overhead, statuses flagged, issue 13's targets judged."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.bench import report, targets
from tests.bench.worker import Meter, Replay, outcome


def _row(kind: str, init_first: float, warm_p50: float, off: list[str] | None = None) -> dict[str, Any]:
    return {"kind": kind, "ratio": {"init_first_ms": init_first, "replayed_p50_same_calls": warm_p50},
            "off_success_path": off or []}  # fmt: skip


def _sample(statuses: dict[str, int], argon2_ms: float = 0.0) -> dict[str, Any]:
    return {"init_ms": 100.0, "first_ms": 10.0, "first_wall_ms": 12.0, "first_argon2_ms": argon2_ms,
            "warm_net_ms": [1.0, 2.0, 3.0], "warm_own_ms": [0.5, 1.0, 1.5],
            "replayed_net_ms": [0.8, 0.9, 1.0], "replayed_own_ms": [0.4, 0.5, 0.6], "warm_argon2_ms": [argon2_ms] * 3,
            "warm_zxcvbn_ms": [0.0] * 3, "aws_calls": 1, "ddb": {"GetItem": 1}, "rss_mb": 60.0,
            "statuses": statuses, "retries": 0, "argon2_params": None}  # fmt: skip


class SlowHasher:
    """Stands in for argon2's PasswordHasher: each hash takes 30 ms."""

    def hash(self, password: str) -> str:
        time.sleep(0.03)
        return "hashed"

    def verify(self, stored: str, password: str) -> bool:
        time.sleep(0.03)
        return True


def test_argon2_time_is_reported_apart_and_not_counted_as_overhead():
    # Given a meter timing a hasher whose every call takes 30 ms
    meter = Meter()
    meter.install_argon2(SlowHasher)
    hasher = SlowHasher()

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        hasher.verify("stored", "pw")
        hasher.hash("new")
        return {"statusCode": 204}

    # When a handler verifies and hashes once
    run = meter.invoke(handler, {}, None)
    # Then the 60 ms of Argon2 are reported apart, the net overhead holds only the handler's own few ms
    assert run["argon2"] >= 60
    assert run["net"] < 20 and run["own"] < 20
    assert run["wall"] >= 60
    assert meter.statuses == {"204": 1}


def test_an_authorizer_response_counts_as_its_policy_effect():
    deny = {"principalId": "x", "policyDocument": {"Statement": [{"Effect": "Deny"}]}}
    assert outcome(deny) == "Deny"
    assert outcome({"statusCode": 201}) == "201"


def test_summaries_pool_every_environment_statuses_and_flag_the_ones_off_the_success_path():
    # Given two environments, one whose invocations were refused after the first
    samples = [_sample({"204": 62}, argon2_ms=18.0), _sample({"204": 1, "404": 61}, argon2_ms=18.0)]
    # When summarized
    row = report.summarize(samples)
    # Then every status is counted and the refusal is flagged; Argon2 has its own figures
    assert row["statuses"] == {"204": 63, "404": 61}
    assert row["off_success_path"] == ["404"]
    assert row["argon2_first_ms"] == 18.0
    assert row["argon2_warm_p50_ms"] == 18.0


def test_a_clean_run_flags_nothing():
    assert report.summarize([_sample({"200": 62}), _sample({"Allow": 62})])["off_success_path"] == []


def test_targets_are_stricter_for_reads_and_lists_than_for_writes():
    assert targets.judge(_row("write", 1.3, 1.5)) == []
    assert targets.judge(_row("read", 1.15, 1.3)) == []
    assert targets.judge(_row("read", 1.16, 1.3)) == ["init_first x1.16 > 1.15"]
    assert targets.judge(_row("list", 1.1, 1.31)) == ["replayed_p50 x1.31 > 1.3"]
    assert targets.judge(_row("write", 1.31, 1.51)) == ["init_first x1.31 > 1.3", "replayed_p50 x1.51 > 1.5"]


def test_a_function_off_its_success_path_fails_the_targets_whatever_its_ratios():
    assert targets.judge(_row("write", 1.0, 1.0, off=["401", "429"])) == ["statuses 401,429"]


def test_the_verdict_leaves_the_floors_out_and_names_what_fails():
    # Given two functions and a floor, one function over its warm target
    rows = {"floor_read": _row("read", 1.0, 1.0), "posts_get": _row("read", 1.05, 1.2),
            "posts_list": _row("list", 1.1, 1.7)}  # fmt: skip
    # When judged
    verdict = targets.verdict(rows, {"floor_read"})
    # Then one of two is met, and the line says which one fails and by how much
    assert verdict == {"met": 1, "judged": 2, "failing": {"posts_list": ["replayed_p50 x1.7 > 1.3"]}}
    assert targets.line(verdict) == "targets: 1 of 2 met, failing: posts_list (replayed_p50 x1.7 > 1.3)"


def test_a_route_making_more_aws_calls_is_compared_to_a_floor_making_as_many():
    # Given a floor whose 0.5 ms warm p50 holds 0.1 ms of its own code and 0.4 ms of SDK work for its one call
    floor = {**dict.fromkeys(report.FIGURES, 1.0), "warm_p50_ms": 0.5, "warm_own_p50_ms": 0.1,
             "replayed_p50_ms": 0.4, "replayed_own_p50_ms": 0.1}  # fmt: skip
    # When a route making 3 calls takes 1.5 ms warm, 1.2 ms replayed
    row = report.with_ratios({**floor, "warm_p50_ms": 1.5, "replayed_p50_ms": 1.2, "aws_calls": 3}, floor)
    # Then it is 3x the one-call floor, but 1.15x a floor making 3 calls (0.1 + 3 x 0.4 = 1.3 ms); replayed, 1.2x
    # (0.1 + 3 x 0.3 = 1.0 ms)
    assert row["ratio"]["warm_p50_ms"] == 3.0
    assert row["ratio"]["warm_p50_same_calls"] == 1.15
    assert row["ratio"]["replayed_p50_same_calls"] == 1.2
    # and a one-call route's two ratios are the same
    one = report.with_ratios({**floor, "warm_p50_ms": 0.6, "aws_calls": 1}, floor)["ratio"]
    assert one["warm_p50_ms"] == one["warm_p50_same_calls"] == 1.2


def service_class() -> Any:
    """A class standing in for a slow dependency the worker replays (the emulator's send, Argon2); one per test,
    since a replay wraps the class's method."""

    class Service:
        calls = 0

        def answer(self, question: str) -> str:
            Service.calls += 1
            return f"answer to {question} #{Service.calls}"

    return Service


def test_a_replayed_invocation_gets_the_recorded_answers_without_calling_the_dependency():
    # Given a replay wrapping a dependency, recording one invocation that asks it twice
    Service = service_class()
    replay = Replay()
    replay.wrap(Service, "answer", lambda _, question: question)
    service = Service()
    replay.recording = True
    recorded = [service.answer("a"), service.answer("b")]
    replay.recording = False
    before = Service.calls
    # When the invocation is replayed
    replay.serve()
    replayed = [service.answer("a"), service.answer("b")]
    # Then it gets the same answers in the same order, and the dependency is never called
    assert replayed == recorded
    assert Service.calls == before


def test_a_replayed_invocation_taking_another_path_fails_instead_of_getting_wrong_answers():
    # Given one recorded call
    Service = service_class()
    replay = Replay()
    replay.wrap(Service, "answer", lambda _, question: question)
    replay.recording = True
    Service().answer("a")
    replay.recording = False
    # When the replay asks something else first
    replay.serve()
    # Then it fails (the function's status flags it), rather than answering with another call's answer
    with pytest.raises(RuntimeError, match="expected a"):
        Service().answer("b")
