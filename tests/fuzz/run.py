"""``make fuzz``: schemathesis against a local server, as an anonymous caller, a user and an admin.

Every check runs, with positive and negative data, examples, coverage, fuzzing and stateful runs along the
document's links; the exceptions (rules beyond a schema) are in ``schemathesis.toml`` beside this file, each
with its reason. Operations that end the caller's own sessions (logout-all, password change, self delete)
would blind every later request of a phase, so the authenticated phases leave them out and each of them is
fuzzed last, alone, with a fresh user's token.

``FUZZ_MAX_TIME`` (seconds, default 150) bounds the whole run; ``FUZZ_SEED`` makes it repeatable (``make test``
fixes one; ``make fuzz`` explores anew each time). Exit status 1 when any phase finds a failure.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.server import LocalServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
SELF_ENDING = ("auth_logout_all", "users_me_password", "users_me_delete")
SHARES = {"anonymous": 0.25, "user": 0.3, "admin": 0.25}  # the rest is shared by the self-ending operations


@dataclass
class Phase:
    name: str
    seconds: int
    token: str | None = None
    args: list[str] = field(default_factory=list)


def _session(server: LocalServer, email: str, password: str, *, register: bool) -> str:
    """An access token for ``email``, registering the account first when asked."""
    if register:
        created = server.request("POST", "/v1/auth/register", {"email": email, "password": password, "name": "Fuzz"})
        assert created.status == 201, created.text
    login = server.request("POST", "/v1/auth/login", {"email": email, "password": password})
    assert login.status == 200, login.text
    return str(login.json["data"]["access_token"])


def _fresh_user(server: LocalServer) -> str:
    return _session(server, f"fuzz-{secrets.token_hex(6)}@example.com", secrets.token_urlsafe(18), register=True)


def _run(server: LocalServer, phase: Phase) -> bool:
    base = f"http://127.0.0.1:{server.port}"
    command = [sys.executable, "-m", "schemathesis.cli", "--no-color", "--config-file", str(CONFIG), "run"]
    command += [f"{base}/v1/openapi.json", "--url", base, f"--max-time={phase.seconds}"]
    if seed := os.environ.get("FUZZ_SEED"):
        command += ["--seed", seed]
    if phase.token:
        command += ["-H", f"Authorization: Bearer {phase.token}"]
    started = time.monotonic()
    done = subprocess.run(command + phase.args, capture_output=True, text=True, check=False)
    summary = [line for line in done.stdout.splitlines() if line.startswith("=") and " in " in line]
    print(f"fuzz [{phase.name}] {summary[-1].strip('= ') if summary else ''} ({time.monotonic() - started:.0f} s)")
    if done.returncode != 0:  # the report, each line cut short (generated bodies can be megabytes)
        print("\n".join(line[:400] for line in (done.stdout + done.stderr).splitlines()[-400:]))
    return done.returncode == 0


def phases(server: LocalServer, budget: float, admin: tuple[str, str]) -> list[Phase]:
    """The runs in order: anonymous, user, admin (without the self-ending operations), then each of those."""
    keep_sessions = [arg for op in SELF_ENDING for arg in ("--exclude-operation-id", op)]
    plan = [
        Phase("anonymous", int(budget * SHARES["anonymous"])),
        Phase("user", int(budget * SHARES["user"]), _fresh_user(server), keep_sessions),
        Phase("admin", int(budget * SHARES["admin"]), _session(server, *admin, register=False), keep_sessions),
    ]
    last = max(5, int(budget * (1 - sum(SHARES.values())) / len(SELF_ENDING)))
    for op in SELF_ENDING:
        alone = ["--include-operation-id", op, "--phases", "examples,coverage,fuzzing"]  # no links to follow alone
        plan.append(Phase(f"user, {op}", last, _fresh_user(server), alone))
    return plan


def _drain_stdout(server: LocalServer) -> None:
    """Keep reading the server's standard output. Handlers print a metric line (EMF) there per request; a pipe
    nobody reads fills up after ~64 KiB, and the server's next print blocks it, whatever the request."""
    assert server.proc is not None and server.proc.stdout is not None
    stream = server.proc.stdout
    threading.Thread(target=lambda: all(True for _ in stream), daemon=True).start()


def main() -> int:
    budget = float(os.environ.get("FUZZ_MAX_TIME", "150"))
    admin = (f"admin-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(18))
    env = {"KEEL_LOCAL_THROTTLING": "0", "KEEL_ADMIN_EMAIL": admin[0], "KEEL_ADMIN_PASSWORD": admin[1]}
    server = LocalServer(env).start()
    _drain_stdout(server)
    try:
        results = [_run(server, phase) for phase in phases(server, budget, admin)]
    finally:
        server.stop()
    print("fuzz: no failures" if all(results) else "fuzz: FAILURES (see above)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
