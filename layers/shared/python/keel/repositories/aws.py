"""botocore clients with short timeouts and bounded standard retries, created once per container.

``total_max_attempts`` counts the first call (``max_attempts`` would count retries only). Every client comes
from one botocore session (a session costs ~25 ms to build). ``prepare`` creates a function's clients during
Lambda's init phase, which runs with a CPU burst, instead of in its first, slower-CPU invocation. Tests inject
their own client through ``set_client``.
"""

from __future__ import annotations

import contextlib
import os
import platform
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import botocore
import botocore.session
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    ReadTimeoutError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from keel.config import get_settings
from keel.errors import ServiceUnavailableError
from keel.routes import Access

_injected: dict[str, Any] = {}

# Error codes that mean "AWS is throttling or failing", not "your request is wrong".
UNAVAILABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "InternalServiceError",
        "InternalFailure",
        "ServiceUnavailable",
        "LimitExceededException",
        "TransactionInProgressException",
    }
)


@lru_cache(maxsize=1)
def user_agent() -> str:
    """The User-Agent header of every AWS call, built once: Keel and its version, the SDK, Python, and the Lambda
    runtime when there is one (what CloudTrail shows ops as the caller's ``userAgent``).

    botocore's default is rebuilt twice per call, sanitizing its ~30 parts character by character: 47 us of the
    ~270 us of SDK work in each call, measured here. A fixed string keeps who called, with which SDK and runtime;
    it leaves out botocore's feature codes (``m/...``), which only feed AWS's own statistics."""
    parts = [f"keel/{get_settings().version}", f"Botocore/{botocore.__version__}"]
    parts.append(f"lang/python#{platform.python_version()}")
    runtime = os.environ.get("AWS_EXECUTION_ENV")
    return " ".join([*parts, f"exec-env/{runtime}"] if runtime else parts)


# No client-side parameter validation: Keel builds every request in its repositories (never from raw input), and
# the service validates it again anyway; walking each request against the API model cost 6-12 % of a write's
# CPU (TransactWriteItems most). A malformed request (a bug) is refused by the service instead of by botocore.
@lru_cache(maxsize=1)
def _config() -> Config:
    s = get_settings()
    return Config(
        connect_timeout=s.aws_connect_timeout_s,
        read_timeout=s.aws_read_timeout_s,
        retries={"mode": "standard", "total_max_attempts": s.aws_max_attempts},
        tcp_keepalive=True,
        parameter_validation=False,
        user_agent=user_agent(),
    )


def client(service: str) -> Any:
    """The shared client for ``service`` ("dynamodb", "secretsmanager"), or the one a test injected."""
    return _injected.get(service) or _cached_client(service, probe=False)


def probe_client(service: str) -> Any:
    """A client for health probes: one attempt, sub-second timeouts (or the one a test injected)."""
    return _injected.get(service) or _cached_client(service, probe=True)


@lru_cache(maxsize=1)
def _probe_config() -> Config:
    """``_config`` with one attempt and sub-second timeouts."""
    probe = Config(connect_timeout=0.5, read_timeout=1.0, retries={"mode": "standard", "total_max_attempts": 1})
    return _config().merge(probe)


# What each kind of access in the route table needs: (service, probe client?).
_CLIENTS_FOR: dict[Access, tuple[str, bool]] = {
    Access.TABLE_READ: ("dynamodb", False),
    Access.TABLE_WRITE: ("dynamodb", False),
    Access.TABLE_DESCRIBE: ("dynamodb", True),
    Access.SIGNING_KEY_READ: ("secretsmanager", False),
    Access.SIGNING_KEY_DESCRIBE: ("secretsmanager", True),
    Access.CURSOR_KEY_READ: ("secretsmanager", False),
}
_creating = threading.Lock()  # a botocore session is not safe for concurrent create_client calls


def prepare(access: Iterable[Access]) -> None:
    """Create now the clients a function with this ``access`` always uses.

    Called at import, i.e. in Lambda's init phase. A client that cannot be made yet (no region configured, as
    in a test that imports a handler before setting its environment) is left to the first request, which
    reports the problem where it belongs."""
    for service, probe in sorted({_CLIENTS_FOR[a] for a in access}):
        with contextlib.suppress(BotoCoreError):
            _cached_client(service, probe=probe)


@lru_cache(maxsize=1)
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


@lru_cache(maxsize=8)
def _cached_client(service: str, *, probe: bool) -> Any:
    # botocore directly: importing boto3 also imports s3transfer, ~60-100 ms of cold start for nothing here.
    config = _probe_config() if probe else _config()
    with _creating:
        return _session().create_client(service, config=config)


def set_client(service: str, value: Any | None) -> None:
    """Inject (or with ``None`` remove) a client, e.g. one wrapped in a botocore Stubber."""
    if value is None:
        _injected.pop(service, None)
    else:
        _injected[service] = value


def reset() -> None:
    """Forget cached and injected clients (tests, after the environment changes)."""
    _injected.clear()
    _cached_client.cache_clear()
    _session.cache_clear()
    _config.cache_clear()
    _probe_config.cache_clear()
    user_agent.cache_clear()


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` means AWS is throttling, timing out or failing after the SDK's retries."""
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return error_code(exc) in UNAVAILABLE_CODES or int(status or 0) >= 500
    return isinstance(exc, ConnectTimeoutError | ReadTimeoutError | BotoConnectionError | BotoCoreError)


@contextlib.contextmanager
def unavailable_as_503() -> Iterator[None]:
    """Translate AWS outages into ``ServiceUnavailableError`` (503 + Retry-After); re-raise anything else."""
    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        if is_unavailable(exc):
            raise ServiceUnavailableError(retry_after_s=get_settings().retry_after_s) from exc
        raise
