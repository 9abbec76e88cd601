"""``make serve``: the whole API on http://127.0.0.1:$PORT with AWS emulated in-process.

Prints the URL once the socket accepts requests; Ctrl-C (or SIGTERM) stops it cleanly.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

os.environ.setdefault("KEEL_STAGE", "local")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from infra.local import seeding
from infra.local.cli import one_line_errors
from infra.local.emulator import Emulator
from infra.local.gateway import LocalGateway
from infra.local.httpd import make_server, port_from
from infra.local.throttle import Throttler


def build_throttler() -> Throttler | None:
    """The deployed stage's throttling numbers, unless ``KEEL_LOCAL_THROTTLING=0``."""
    if os.environ.get("KEEL_LOCAL_THROTTLING", "1") == "0":
        return None
    from infra.stages import load_stage  # noqa: PLC0415 - only when throttling is on

    stage = load_stage(os.environ.get("KEEL_LOCAL_STAGE_CONFIG", "dev"))
    return Throttler(stage.stage_throttle, stage.throttle_for)


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = port_from(os.environ.get("PORT", "3000"))
    emulator = Emulator().start()
    seeding.seed_admin_from_env()
    server = make_server(host, port, LocalGateway(build_throttler()))

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Keel is listening on http://{host}:{server.server_port}  (Swagger UI: /docs; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        emulator.stop()
        print("Keel stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(one_line_errors(main))
