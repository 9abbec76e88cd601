"""``make invoke FN=<function> EVENT=<events/...json>``: one real handler, in-process, on seeded emulated AWS."""

from __future__ import annotations

import contextlib
import json
import os
import sys

os.environ.setdefault("KEEL_STAGE", "local")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from infra.local import seeding
from infra.local.emulator import Emulator
from infra.local.functions import LambdaContext, handler_of

USAGE = "usage: make invoke FN=<function> EVENT=events/<function>/<scenario>.json"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(USAGE, file=sys.stderr)
        return 2
    function, path = argv
    try:
        with open(path, encoding="utf-8") as fh:
            event = json.load(fh)
    except (OSError, ValueError) as exc:
        print(f"cannot read event {path}: {exc}", file=sys.stderr)
        return 2
    with Emulator():
        seeding.seed_samples()
        try:
            handler = handler_of(function)
        except ModuleNotFoundError:
            print(f"no function named {function!r} (looked for functions/{function}/handler.py)", file=sys.stderr)
            return 2
        try:
            result = handler(event, LambdaContext(function, "invoke"))
        except Exception as exc:
            if str(exc) != "Unauthorized":
                raise
            # The authorizer's refusal: API Gateway turns exactly this error into its 401 Gateway Response.
            print(json.dumps({"authorizer": "Unauthorized", "api_gateway_answers": 401}, indent=2))
            return 0
    if isinstance(result, dict) and isinstance(result.get("body"), str) and result["body"]:
        with contextlib.suppress(ValueError):
            result = {**result, "body": json.loads(result["body"])}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
