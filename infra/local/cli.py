"""Configuration mistakes at start-up are one line on stderr and exit status 2, not a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from infra.local.httpd import ServerStartError

# What start-up raises for a bad setting: a port or host (ServerStartError), a KEEL_* variable
# (keel.config's RuntimeError), the admin account from the environment (ValueError).
CONFIG_ERRORS = (ServerStartError, RuntimeError, ValueError)


def one_line_errors(main: Callable[[], int], program: str = "keel") -> int:
    """Run ``main``; a configuration error becomes ``program: message`` and exit status 2.

    ``KEEL_DEBUG=1`` lets the traceback through, for when the message is not enough.
    """
    try:
        return main()
    except CONFIG_ERRORS as exc:
        if os.environ.get("KEEL_DEBUG") == "1":
            raise
        print(f"{program}: {exc}", file=sys.stderr)
        return 2
