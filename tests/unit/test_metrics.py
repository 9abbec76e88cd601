"""Business metrics: what ``count`` records leaves as one CloudWatch EMF line per flush, in the shape CloudWatch
turns into metrics (namespace Keel, dimension service=keel, Count units)."""

from __future__ import annotations

import json
import time

from keel.observability import MAX_VALUES, count, flush_metrics


def emf_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]


def test_the_events_of_one_invocation_leave_as_one_emf_line(capsys):
    # Given two kinds of event, one of them twice
    count("PostCreated")
    count("LoginFailed")
    count("PostCreated")
    # When the invocation ends
    before = int(time.time() * 1000)
    flush_metrics()
    # Then one line carries them all, with the directive CloudWatch reads
    (line,) = emf_lines(capsys.readouterr().out)
    assert line["PostCreated"] == [1.0, 1.0] and line["LoginFailed"] == [1.0]
    assert line["service"] == "keel"
    (directive,) = line["_aws"]["CloudWatchMetrics"]
    assert directive == {
        "Namespace": "Keel",
        "Dimensions": [["service"]],
        "Metrics": [{"Name": "PostCreated", "Unit": "Count"}, {"Name": "LoginFailed", "Unit": "Count"}],
    }
    assert before <= line["_aws"]["Timestamp"] <= int(time.time() * 1000)


def test_nothing_recorded_prints_nothing_and_a_flush_forgets(capsys):
    flush_metrics()
    count("PostDeleted")
    flush_metrics()
    flush_metrics()
    assert len(emf_lines(capsys.readouterr().out)) == 1


def test_a_metric_with_as_many_values_as_emf_allows_in_a_line_is_flushed_at_once(capsys):
    for _ in range(MAX_VALUES + 1):
        count("MailSent")
    flush_metrics()
    assert [len(line["MailSent"]) for line in emf_lines(capsys.readouterr().out)] == [MAX_VALUES, 1]
