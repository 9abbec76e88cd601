"""``make bench``'s events take every function's success path, invocation after invocation: a benchmark of a
refusal (a replayed delete's 404, a used token's 400, a lockout's 429) measures nothing the issue asks about."""

from __future__ import annotations

from infra.local import seeding
from infra.local.functions import invoke
from tests.bench import events, report
from tests.bench.worker import outcome

FUNCTIONS = sorted([*events.EACH, *(f for f in events.SAMPLES if not f.startswith("floor_")), "authorizer"])


def test_each_invocation_of_every_function_succeeds(aws):
    # Given the sample data, and for each function the events of one environment making four invocations,
    # prepared beforehand as the benchmark does
    seeding.seed_samples()
    prepared = {function: events.events_for(function, 4) or [] for function in FUNCTIONS}
    # When each function handles its events in turn (a list of one is replayed, as the worker does)
    statuses = {f: [outcome(invoke(f, evs[i % len(evs)])) for i in range(4)] for f, evs in prepared.items() if evs}
    # Then every invocation of every function is a success
    assert {f: s for f, s in statuses.items() if not set(s) <= report.SUCCESS} == {}
    assert set(statuses) == set(FUNCTIONS)
