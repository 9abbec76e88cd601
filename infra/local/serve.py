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
# Mail goes to the local outbox instead of SES (infra/local/mail.py); links open the dev web app.
os.environ.setdefault("KEEL_MAIL_OUTBOX_FILE", os.path.join(".local", "outbox.jsonl"))

from werkzeug.serving import WSGIRequestHandler, make_server

from infra.local import seeding
from infra.local.emulator import Emulator
from infra.local.gateway import LocalGateway
from infra.local.mail import LocalMail
from infra.local.throttle import Throttler


class AccessLog(WSGIRequestHandler):
    """One plain access-log line per request on stderr (no terminal colour codes in files and CI logs)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        sys.stderr.write(f'{self.address_string()} "{self.requestline}" {code}\n')


def build_throttler() -> Throttler | None:
    """The deployed stage's throttling numbers, unless ``KEEL_LOCAL_THROTTLING=0``."""
    if os.environ.get("KEEL_LOCAL_THROTTLING", "1") == "0":
        return None
    from infra.stages import load_stage  # noqa: PLC0415 - only when throttling is on

    stage = load_stage(os.environ.get("KEEL_LOCAL_STAGE_CONFIG", "dev"))
    return Throttler(stage.stage_throttle, stage.throttle_for)


def main() -> int:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "3000"))
    emulator = Emulator().start()
    seeding.seed_admin_from_env()
    local_mail = LocalMail().start()
    server = make_server(host, port, LocalGateway(build_throttler()), threaded=True, request_handler=AccessLog)

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
        local_mail.stop()
        emulator.stop()
        print("Keel stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
