"""One cold Lambda environment for ``make bench``: run as ``python -m tests.bench.worker MODULE EVENTS WARM``.

Times the import of ``MODULE`` (Lambda's Init phase), the first invocation, then ``WARM`` warm invocations
with the time botocore spends waiting on the emulator subtracted (net overhead), counts DynamoDB calls by
operation in one warm invocation, and prints one JSON line with those figures and the process's peak RSS.
EVENTS is a JSON file holding a list of events, used in turn (a list of one event is replayed).
Only the standard library is imported before the timed import, so the handler's imports are all counted.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any


class Meter:
    """Emulator time and DynamoDB operations, from wrappers around botocore's send and API call."""

    def __init__(self) -> None:
        self.aws_s = 0.0
        self.calls: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()

    def install(self) -> None:
        # Imported here, after the timed import: importing botocore first would hide part of the init cost.
        import botocore.client  # noqa: PLC0415
        import botocore.endpoint  # noqa: PLC0415

        send = getattr(botocore.endpoint.Endpoint, "_send")  # private: mypy does not see it
        call = getattr(botocore.client.BaseClient, "_make_api_call")

        def timed_send(endpoint: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return send(endpoint, *args, **kwargs)
            finally:
                self.aws_s += time.perf_counter() - started

        def counted_call(client: Any, operation: str, params: Any) -> Any:
            if client.meta.service_model.service_name == "dynamodb":
                self.calls[operation] += 1
            return call(client, operation, params)

        setattr(botocore.endpoint.Endpoint, "_send", timed_send)
        setattr(botocore.client.BaseClient, "_make_api_call", counted_call)

    def invoke(self, handler: Any, event: dict[str, Any], context: Any) -> float:
        """Net milliseconds of one invocation: wall time minus the emulator's share."""
        self.aws_s = 0.0
        started = time.perf_counter()
        response = handler(event, context)
        net = (time.perf_counter() - started - self.aws_s) * 1000
        self.statuses[str(response.get("statusCode", "policy"))] += 1
        return net


def peak_rss_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def main(module: str, events_file: str, warm: int) -> dict[str, Any]:
    started = time.perf_counter()
    handler = importlib.import_module(module).lambda_handler
    init_ms = (time.perf_counter() - started) * 1000
    meter = Meter()
    meter.install()
    from infra.local.functions import LambdaContext  # noqa: PLC0415 (after the timed import, as above)

    events = json.loads(Path(events_file).read_text())
    context = LambdaContext(module, "bench")
    with contextlib.redirect_stdout(io.StringIO()):  # EMF metric lines; the JSON result is the only output
        started = time.perf_counter()
        handler(events[0], context)
        first_ms = (time.perf_counter() - started) * 1000
        meter.calls.clear()
        meter.invoke(handler, events[1 % len(events)], context)
        calls = dict(meter.calls)
        nets = [meter.invoke(handler, events[(i + 2) % len(events)], context) for i in range(warm)]
    return {"init_ms": init_ms, "first_ms": first_ms, "warm_net_ms": nets, "ddb": calls,
            "rss_mb": peak_rss_mb(), "statuses": dict(meter.statuses)}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
