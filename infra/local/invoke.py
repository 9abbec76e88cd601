"""``make invoke FN=<function> EVENT=<file or folder> [STAGE=dev]``: real handlers on sample events.

Standard output is only the result, so it pipes into ``jq``: for one file, the function's result as JSON (an API
response with its ``body`` parsed); for a folder, one line per event, ``{"event": <file>, "function": <name>,
"response": <result>}`` (or ``"error"`` when the function raised), in file order, every event against the same
freshly seeded data. Logs and metrics go to standard error. ``FN`` may be left out: an event under
``events/<function>/`` is for that function, so ``EVENT=events`` runs every sample event.

Exit status: 0 when every function returned, 1 when one raised, 2 for a mistake in what was asked (an unknown
function, an unreadable or malformed event, an event of another route), said in one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import IO, Any, NoReturn

os.environ.setdefault("KEEL_STAGE", "local")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from infra.local.event_files import InvokeError, collect, load
from infra.local.invoke_remote import FunctionFailed, RemoteRunner
from keel.routes import AUTHORIZER

USAGE = "usage: make invoke FN=<function> EVENT=<file or folder> [STAGE=dev]"
# What API Gateway makes of the authorizer raising "Unauthorized": its 401 Gateway Response.
UNAUTHORIZED = {"authorizer": "Unauthorized", "api_gateway_answers": 401}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InvokeError(f"{message} ({USAGE})")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="make invoke", add_help=False)
    parser.add_argument("--function")
    parser.add_argument("--stage", default="local")
    parser.add_argument("event")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    out = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # Powertools logs and EMF metrics print to stdout
        try:
            return _invoke(_arguments(sys.argv[1:] if argv is None else argv), out)
        except InvokeError as exc:
            print(f"make invoke: {exc}", file=sys.stderr)
            return 2


def _invoke(args: argparse.Namespace, out: IO[str]) -> int:
    events = [(fn, path, load(fn, path)) for fn, path in collect(args.event, args.function)]
    folder = Path(args.event).is_dir()
    status = 0
    with _runner(args.stage, out) as runner:
        for function, path, event in events:
            record, failed = _run_one(runner, function, event)
            status = max(status, failed)
            if folder:
                line = {"event": str(path), "function": function, **record}
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            else:
                out.write(json.dumps(next(iter(record.values())), indent=2, ensure_ascii=False) + "\n")
            out.flush()
    return status


def _runner(stage: str, out: IO[str]) -> Any:
    if stage != "local":
        return RemoteRunner(stage)
    _logs_away_from(out)
    from infra.local.invoke_local import LocalRunner  # noqa: PLC0415 - imports keel (and its logger) now

    return LocalRunner()


def _run_one(runner: Any, function: str, event: dict[str, Any]) -> tuple[dict[str, Any], int]:
    try:
        return {"response": _readable(runner.run(function, event))}, 0
    except InvokeError:
        raise
    except FunctionFailed as failed:
        if function == AUTHORIZER.name and (failed.payload or {}).get("errorMessage") == "Unauthorized":
            return {"response": UNAUTHORIZED}, 0
        return {"error": failed.payload}, 1
    except Exception as exc:
        if function == AUTHORIZER.name and str(exc) == "Unauthorized":
            return {"response": UNAUTHORIZED}, 0
        traceback.print_exc(file=sys.stderr)  # what Lambda would log
        return {"error": {"errorType": type(exc).__name__, "errorMessage": str(exc)}}, 1


def _readable(result: Any) -> Any:
    """An API response with its JSON ``body`` parsed, so ``jq .body.data`` works; anything else as it is."""
    if isinstance(result, dict) and isinstance(result.get("body"), str) and result["body"]:
        with contextlib.suppress(ValueError):
            return {**result, "body": json.loads(result["body"])}
    return result


def _logs_away_from(out: IO[str]) -> None:
    """Point log handlers that already write to ``out`` (a logger created before the redirect) at stderr."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for log in loggers:
        for handler in getattr(log, "handlers", []):
            if isinstance(handler, logging.StreamHandler) and handler.stream is out:
                handler.setStream(sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
