"""One cold Lambda environment for ``make bench``: ``python -m tests.bench.worker MODULE EVENTS WARM REPLAYS``.

Times the import of ``MODULE`` (Lambda's Init phase), the first invocation, ``WARM`` warm invocations, then
``REPLAYS`` replayed ones (``Replay``).
Each invocation's ``net`` time is its wall time less the time botocore waits on the emulator (moto's speed is
not Keel's; the calls are counted apart) and less password work: Argon2 (the configured cost of a hash) and,
once the function has imported it, zxcvbn's estimate (the password policy), both measured and reported apart.
``own`` also leaves out the SDK's work in each call (the function's code alone). Counts the AWS calls of one
warm invocation (DynamoDB by operation) and prints one JSON line with those figures, every invocation's status
and the process's peak RSS. EVENTS is a JSON file holding a list of events, used in turn.
Only the standard library is imported before the timed import, so the handler's imports are all counted.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def timed(owner: Any, name: str, add: Any) -> None:
    """Replace ``owner.name`` with a wrapper that passes the seconds each call takes to ``add``."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            add(time.perf_counter() - started)

    setattr(owner, name, wrapper)


def outcome(response: dict[str, Any]) -> str:
    """A proxy response's status code, or an authorizer's policy effect (``Allow`` / ``Deny``)."""
    if "statusCode" in response:
        return str(response["statusCode"])
    return str(response.get("policyDocument", {}).get("Statement", [{}])[0].get("Effect", "policy"))


class Meter:
    """Emulator time, Argon2 time and DynamoDB operations, from wrappers installed after the timed import."""

    def __init__(self) -> None:
        self.aws_s = 0.0  # waiting on the emulator (botocore's send)
        self.sdk_s = 0.0  # whole AWS calls: the SDK's own work (serialize, sign, parse) plus the emulator's
        self.argon2_s = 0.0
        self.zxcvbn_s = 0.0  # the password policy's strength estimate: like Argon2, a deliberate per-password cost
        self.sends = self.api_calls = 0  # more sends than calls: the SDK retried (a timeout on a loaded machine)
        self.calls: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()

    def _add_aws(self, seconds: float) -> None:
        self.aws_s += seconds
        self.sends += 1

    def _add_argon2(self, seconds: float) -> None:
        self.argon2_s += seconds

    def _add_zxcvbn(self, seconds: float) -> None:
        self.zxcvbn_s += seconds

    def watch_zxcvbn(self) -> None:
        """Time zxcvbn's estimate once the function has imported it (it does so lazily, in its first request:
        that import and that first estimate stay in the first request's figure)."""
        module = sys.modules.get("zxcvbn")
        if module is not None and not getattr(module.zxcvbn, "bench_timed", False):
            timed(module, "zxcvbn", self._add_zxcvbn)
            module.zxcvbn.bench_timed = True

    def install(self) -> None:
        # Imported here, after the timed import: importing botocore first would hide part of the init cost.
        import botocore.client  # noqa: PLC0415
        import botocore.endpoint  # noqa: PLC0415

        call = getattr(botocore.client.BaseClient, "_make_api_call")  # private: mypy does not see it

        def counted_call(client: Any, operation: str, params: Any) -> Any:
            self.api_calls += 1
            if client.meta.service_model.service_name == "dynamodb":
                self.calls[operation] += 1
            started = time.perf_counter()
            try:
                return call(client, operation, params)
            finally:
                self.sdk_s += time.perf_counter() - started

        timed(botocore.endpoint.Endpoint, "_send", self._add_aws)
        setattr(botocore.client.BaseClient, "_make_api_call", counted_call)
        if "argon2" in sys.modules:  # only a function that imported it can hash; never import it for one that did not
            self.install_argon2(sys.modules["argon2"].PasswordHasher)

    def install_argon2(self, hasher: Any) -> None:
        """Time the PasswordHasher methods that run Argon2 (the ones ``keel.auth.passwords`` calls)."""
        timed(hasher, "hash", self._add_argon2)
        timed(hasher, "verify", self._add_argon2)

    def invoke(self, handler: Any, event: dict[str, Any], context: Any) -> dict[str, float]:
        """One invocation, in milliseconds: ``net`` (wall less the emulator's and Argon2's share), ``own`` (net
        less the SDK's own work too: the function's code alone), ``argon2`` and ``wall``."""
        self.watch_zxcvbn()
        self.aws_s = self.sdk_s = self.argon2_s = self.zxcvbn_s = 0.0
        started = time.perf_counter()
        response = handler(event, context)
        wall = time.perf_counter() - started
        self.statuses[outcome(response)] += 1
        password = self.argon2_s + self.zxcvbn_s
        return {"net": (wall - self.aws_s - password) * 1000, "own": (wall - self.sdk_s - password) * 1000,
                "argon2": self.argon2_s * 1000, "zxcvbn": self.zxcvbn_s * 1000, "wall": wall * 1000}  # fmt: skip


class Replay:
    """The answers one warm invocation got from the emulator (byte for byte) and from Argon2, recorded, then given
    again without running either (zxcvbn's estimate too: ``watch_zxcvbn``): ``replayed`` invocations.

    They run every line of the function and of the SDK (signing, serializing, parsing the same bytes) and never
    wait, so their time is the function's own CPU work. Waiting on the real emulator costs more than the wait:
    moto works meanwhile (it copies the whole table for every element of a transaction), and the code after the
    wait finds its caches cold in proportion to that work. Measured on this machine: the same invocation with its
    answers given after a 20 ms sleep instead of at once costs 2-3x the CPU. Argon2 does the same to the code
    after it (19 MiB of memory per hash): leaving its time out of the figures is not enough to leave out its cost.
    The figures against the emulator stay in the table beside the replayed ones.
    """

    def __init__(self) -> None:
        self.recording = False
        self.recorded: list[tuple[str, Any]] = []
        self.queue: list[tuple[str, Any]] | None = None

    def install(self) -> None:
        import botocore.awsrequest  # noqa: PLC0415 (after the timed import, as in Meter.install)
        import botocore.endpoint  # noqa: PLC0415

        def response(request: Any, answer: tuple[int, Any, bytes]) -> Any:
            return botocore.awsrequest.AWSResponse(request.url, answer[0], answer[1], _Body(answer[2]))

        self.wrap(botocore.endpoint.Endpoint, "_send", lambda _, request: _operation(request),
                  lambda r: (r.status_code, r.headers, r.content), response)  # fmt: skip
        if "argon2" in sys.modules:  # as in Meter.install
            hasher = sys.modules["argon2"].PasswordHasher
            for method in ("hash", "verify"):
                self.wrap(hasher, method, lambda *_, m=method: f"argon2.{m}")  # type: ignore[misc]

    def wrap(self, owner: Any, name: str, key: Any, keep: Any = None, give: Any = None) -> None:
        """Record what ``owner.name`` returns while recording; return it again, in order, while serving."""
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            called = key(*args)
            if self.queue is None:
                result = original(*args, **kwargs)
                if self.recording:
                    self.recorded.append((called, keep(result) if keep else result))
                return result
            expected, answer = self.queue.pop(0)
            if expected != called:  # another path than the recorded one: its status flags it
                raise RuntimeError(f"replay expected {expected}, the function called {called}")
            return give(args[-1], answer) if give else answer

        setattr(owner, name, wrapper)

    def watch_zxcvbn(self) -> None:
        """zxcvbn's estimate is password work too (``Meter`` subtracts its time): its result is given again like
        Argon2's. The function imports it in its first request, so it is wrapped only once that has run."""
        module = sys.modules.get("zxcvbn")
        if module is not None:
            self.wrap(module, "zxcvbn", lambda *_: "zxcvbn")
            module.zxcvbn.bench_timed = True  # Meter.watch_zxcvbn: its timer is already inside

    def serve(self) -> None:
        """Answer the next invocation from the recording."""
        self.queue = list(self.recorded)


class _Body:
    """What ``AWSResponse.content`` reads a body from."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


def _operation(request: Any) -> str:
    return str(request.headers.get("X-Amz-Target", request.url))


def peak_rss_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def argon2_params() -> dict[str, Any] | None:
    """The Argon2 cost the function hashes with (None if it cannot hash): the production one, never a test's."""
    config = sys.modules.get("keel.config")
    if "argon2" not in sys.modules or config is None:
        return None
    return dict(config.get_settings().argon2.model_dump())


def main(module: str, events_file: str, warm: int, replays: int) -> dict[str, Any]:
    if os.environ.get("BENCH_CPU"):  # the CPU run.py keeps for measured environments, the emulator on another
        os.sched_setaffinity(0, {int(os.environ["BENCH_CPU"])})
    started = time.perf_counter()
    handler = importlib.import_module(module).lambda_handler
    init_ms = (time.perf_counter() - started) * 1000
    meter = Meter()
    meter.install()
    replay = Replay()
    replay.install()
    from infra.local.functions import LambdaContext  # noqa: PLC0415 (after the timed import, as above)

    events = json.loads(Path(events_file).read_text())
    context = LambdaContext(module, "bench")
    with contextlib.redirect_stdout(io.StringIO()):  # EMF metric lines; the JSON result is the only output
        cold = meter.invoke(handler, events[0], context)
        meter.calls.clear()
        before = meter.api_calls
        meter.invoke(handler, events[1 % len(events)], context)
        calls, aws_calls = dict(meter.calls), meter.api_calls - before
        warm_runs = [meter.invoke(handler, events[(i + 2) % len(events)], context) for i in range(warm - 1)]
        recorded = events[(warm + 1) % len(events)]
        replay.watch_zxcvbn()
        replay.recording = True  # the last warm invocation: it is replayed below, event and answers
        warm_runs.append(meter.invoke(handler, recorded, context))
        replay.recording = False
        retries = meter.sends - meter.api_calls  # replayed invocations send nothing
        replayed = []
        for _ in range(replays):
            replay.serve()
            replayed.append(meter.invoke(handler, recorded, context))
    return {"init_ms": init_ms, "first_ms": cold["net"], "first_wall_ms": cold["wall"],
            "first_argon2_ms": cold["argon2"], "warm_net_ms": [run["net"] for run in warm_runs],
            "warm_own_ms": [run["own"] for run in warm_runs],
            "replayed_net_ms": [run["net"] for run in replayed],
            "replayed_own_ms": [run["own"] for run in replayed], "warm_argon2_ms": [run["argon2"] for run in warm_runs],
            "warm_zxcvbn_ms": [run["zxcvbn"] for run in warm_runs], "aws_calls": aws_calls,
            "argon2_params": argon2_params(), "ddb": calls, "rss_mb": peak_rss_mb(),
            "statuses": dict(meter.statuses), "retries": retries}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
