"""``make serve``: the whole API on http://127.0.0.1:$PORT, each function in execution environments of its own.

Start-up: open the data folder (``.local/``, or ``KEEL_LOCAL_DATA_DIR``), start the emulated AWS with the kept
data, seed a new store with the sample users and posts, create the ``KEEL_ADMIN_EMAIL`` admin, start the
local Lambda service and the code watcher, then print the URL once the socket accepts requests. Ctrl-C (or
SIGTERM) stops it cleanly; every acknowledged write is already on disk. A configuration mistake is one line
on stderr and exit status 2 (``infra.local.cli``). ``KEEL_LOCAL_CODE_DIR`` serves ``functions/`` and
``layers/`` from another folder (tests use a copy they can edit); the other local knobs are in
``infra.local.runtime.lambda_service``.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import ExitStack, suppress
from pathlib import Path
from types import FrameType

os.environ.setdefault("KEEL_STAGE", "local")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from infra.local import cors, seeding
from infra.local.cli import one_line_errors
from infra.local.gateway import LocalGateway
from infra.local.httpd import make_server, port_from
from infra.local.runtime.emulated_aws import EmulatedAws
from infra.local.runtime.lambda_service import LambdaService, function_configs
from infra.local.runtime.reload import CodeWatcher
from infra.local.runtime.store import Store, data_dir
from infra.local.throttle import Throttler
from infra.stages import StageConfig, load_stage

# Never handed to the functions: Lambda environments do not see the deployer's credentials either.
_NOT_FOR_FUNCTIONS = ("KEEL_ADMIN_PASSWORD", "KEEL_ADMIN_EMAIL", "AWS_PROFILE")


def build_throttler(stage: StageConfig) -> Throttler | None:
    """The deployed stage's throttling numbers, unless ``KEEL_LOCAL_THROTTLING=0``."""
    if os.environ.get("KEEL_LOCAL_THROTTLING", "1") == "0":
        return None
    return Throttler(stage.stage_throttle, stage.throttle_for)


def _start_data(stack: ExitStack) -> None:
    """The emulated AWS on the kept data; a new store gets the sample users and posts."""
    store = Store(data_dir())
    stack.callback(store.close)
    aws = EmulatedAws(store)
    stack.callback(aws.stop)
    aws.start()
    if store.is_new:
        seeding.seed_samples()
        store.mark_seeded()
    seeding.seed_admin_from_env()


def _start_functions(stack: ExitStack, stage: StageConfig) -> LambdaService:
    code_dir = Path(os.environ.get("KEEL_LOCAL_CODE_DIR") or ".").resolve()
    env = {k: v for k, v in os.environ.items() if k not in _NOT_FOR_FUNCTIONS}
    service = LambdaService(function_configs(stage, env, code_dir))
    stack.callback(service.stop)
    watcher = CodeWatcher(code_dir, service.retire).start()
    stack.callback(watcher.stop)
    return service


def serve() -> None:
    host, port = os.environ.get("HOST", "127.0.0.1"), port_from(os.environ.get("PORT", "3000"))
    stage = load_stage(os.environ.get("KEEL_LOCAL_STAGE_CONFIG", "dev"))
    function_configs(stage, {}, Path("."))  # the local knobs are checked before anything starts
    cors.apply_local_default()  # before the environments copy the variables: handlers and gateway must agree
    with ExitStack() as stack:
        _start_data(stack)
        service = _start_functions(stack, stage)
        app = LocalGateway(build_throttler(stage), runtime=service.invoke)
        server = make_server(host, port, app)
        stack.callback(server.server_close)
        print(f"Keel is listening on http://{host}:{server.server_port}  (Swagger UI: /docs; Ctrl-C stops)", flush=True)
        print(f"Local data is kept in {data_dir()}/ (make reset empties it); code changes reload.", flush=True)
        with suppress(KeyboardInterrupt):  # Ctrl-C or SIGTERM: the ExitStack shuts everything down in order
            server.serve_forever()
    print("Keel stopped.", flush=True)


def main() -> int:
    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with suppress(KeyboardInterrupt):  # Ctrl-C during start-up
        serve()
    return 0


if __name__ == "__main__":
    sys.exit(one_line_errors(main))  # bad settings, a taken port, a busy data folder: one line, exit status 2
