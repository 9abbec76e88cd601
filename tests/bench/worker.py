"""One cold Lambda environment for ``make bench``: run as ``python -m tests.bench.worker MODULE EVENTS WARM``.

Times the import of ``MODULE`` (Lambda's Init phase), the first invocation, then ``WARM`` warm invocations
with the time botocore spends waiting on the emulator subtracted (net overhead), counts DynamoDB calls by
operation in one warm invocation, and prints one JSON line with those figures and the process's max RSS.
EVENTS is a JSON file holding a list of events, used in turn (a list of one event is repeated).
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()
import contextlib  # noqa: E402
import importlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from typing import Any  # noqa: E402

_aws_s = 0.0
_calls: Counter[str] = Counter()


def _instrument() -> None:
    """Wrap botocore's send (time on the emulator) and API call (operation count), after the timed import."""
    import botocore.client
    import botocore.endpoint

    send, call = botocore.endpoint.Endpoint._send, botocore.client.BaseClient._make_api_call

    def timed_send(self: Any, *args: Any, **kwargs: Any) -> Any:
        global _aws_s
        started = time.perf_counter()
        try:
            return send(self, *args, **kwargs)
        finally:
            _aws_s += time.perf_counter() - started

    def counted_call(self: Any, operation: str, params: Any) -> Any:
        if self.meta.service_model.service_name == "dynamodb":
            _calls[operation] += 1
        return call(self, operation, params)

    botocore.endpoint.Endpoint._send = timed_send  # type: ignore[method-assign]
    botocore.client.BaseClient._make_api_call = counted_call  # type: ignore[method-assign]


_statuses: Counter[str] = Counter()


def _invoke(handler: Any, event: dict[str, Any], context: Any) -> float:
    """Net milliseconds of one invocation: wall time minus the emulator's share."""
    global _aws_s
    _aws_s = 0.0
    started = time.perf_counter()
    response = handler(event, context)
    net = (time.perf_counter() - started - _aws_s) * 1000
    _statuses[str(response.get("statusCode", response.get("policyDocument") and "policy"))] += 1
    return net


def main(module: str, events_file: str, warm: int) -> dict[str, Any]:
    started = time.perf_counter()
    handler = importlib.import_module(module).lambda_handler
    init_ms = (time.perf_counter() - started) * 1000
    _instrument()
    from infra.local.functions import LambdaContext

    events = json.loads(open(events_file).read())
    context = LambdaContext(module, "bench")
    with contextlib.redirect_stdout(io.StringIO()):  # EMF metric lines; the JSON result is the only output
        started = time.perf_counter()
        handler(events[0], context)
        first_ms = (time.perf_counter() - started) * 1000
        _calls.clear()
        _invoke(handler, events[1 % len(events)], context)
        calls = dict(_calls)
        nets = [_invoke(handler, events[(i + 2) % len(events)], context) for i in range(warm)]
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
    rss_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    return {"init_ms": init_ms, "first_ms": first_ms, "warm_net_ms": nets, "ddb": calls, "rss_mb": rss_kb / 1024,
            "statuses": dict(_statuses)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
