"""``make invoke`` as a tester runs it: stdout is only JSON (it pipes into jq), and a whole folder of events runs
in one process, each event against the same freshly seeded data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.integration.accounts.test_seed_and_events import EXPECTED as ACCOUNTS
from tests.integration.posts.test_sample_events import EXPECTED as POSTS
from tests.support.server import ROOT

ROUTE_STATUS = {
    **{name.removesuffix(".json"): status for name, status in POSTS.items()},
    **{f"{function}/{scenario}": status for function, cases in ACCOUNTS.items() for scenario, status in cases.items()},
    "health/ok": 200,
    "openapi/get": 200,
}


def env() -> dict[str, str]:
    """The tests' environment (cheap Argon2) with the local stage's names, as `make invoke` has them."""
    # Not the outer make's variables either (under `make test`): this make runs as a user's would.
    dropped = ("KEEL_TABLE_NAME", "KEEL_SIGNING_KEY_SECRET_ID", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    keep = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**keep, "KEEL_STAGE": "local", "PYTHONPATH": "layers/shared/python:functions:."}


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300, check=False)


def promised(event: str, response: Any) -> bool:
    """Whether ``response`` is what the event's file name promises."""
    function, scenario = event.removeprefix("events/").removesuffix(".json").split("/")
    if function == "authorizer":  # allow_* pass the authorizer; every other sample is refused (401)
        effect = (response.get("policyDocument") or {}).get("Statement", [{}])[0].get("Effect")
        return effect == "Allow" if scenario.startswith("allow_") else response.get("api_gateway_answers") == 401
    if function == "rotate_signing_key":  # the four steps return nothing when they succeed
        return response is None
    return response["statusCode"] == ROUTE_STATUS[f"{function}/{scenario}"]


def test_every_sample_event_runs_in_one_process_with_the_status_its_name_promises():
    # When every sample event under events/ runs in folder mode
    done = run(sys.executable, "-m", "infra.local.invoke", "events")

    # Then stdout is one JSON line per event file, each with the status its name promises
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "events").rglob("*.json"))
    assert [line["event"] for line in lines] == files
    wrong = [line["event"] for line in lines if "error" in line or not promised(line["event"], line["response"])]
    assert wrong == []
    # and the key rotation's four steps and the authorizer's Allow path are among them
    assert {"events/rotate_signing_key/4_finish_secret.json", "events/authorizer/allow_user.json"} <= set(files)


def test_make_invoke_prints_only_the_response_so_it_pipes_into_jq():
    # Given an event whose handler logs a security event and emits a metric
    done = run(
        "make",
        "--no-print-directory",
        "invoke",
        "FN=users_me_password",
        "EVENT=events/users_me_password/wrong_current.json",
    )

    # Then stdout is exactly the response JSON, and the log line and metric went to stderr
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["statusCode"] == 403
    assert "PasswordChangeRejected" in done.stderr and "PasswordChangeRejected" not in done.stdout


def test_a_mistake_is_one_line_and_exit_status_2_through_make():
    done = run("make", "--no-print-directory", "invoke", "FN=nope", "EVENT=events/health/ok.json")
    assert done.returncode == 2 and done.stdout == ""
    first, *rest = done.stderr.strip().splitlines()
    assert "no function named 'nope'" in first and "health" in first
    assert all(line.startswith("make") and "Error 2" in line for line in rest)  # make's own note, nothing else
