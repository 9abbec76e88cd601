"""The smoke suite's HTTP client: the standard library only, so it runs wherever Python does (CI runners, a
laptop pointed at a deployed stage) with nothing installed.

It waits and retries on 429 honoring ``Retry-After`` (the credential routes are throttled at a few requests per
second), but never longer than ``max_wait`` in one go: a lockout's 15-minute Retry-After is a failure, not a pause.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class UsageError(ValueError):
    """The base URL cannot be used (not http(s), has a query string)."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-cased names
    text: str

    def json(self) -> Any:
        """The parsed body, or None when it is empty or not JSON (a check then says what it expected)."""
        try:
            return json.loads(self.text) if self.text else None
        except ValueError:
            return None

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class Client:
    """Requests against ``base_url`` (e.g. ``https://id.execute-api.eu-west-1.amazonaws.com/prod/``); route
    paths such as ``/v1/health`` are appended to its path."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30,
        retries: int = 6,
        max_wait: float = 10,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
            raise UsageError(f"not a base URL: {base_url!r} (expected http(s)://host[:port][/stage])")
        self.base_url = base_url
        self._https = parts.scheme == "https"
        self._netloc = parts.netloc
        self._prefix = parts.path.rstrip("/")
        self._timeout, self._retries, self._max_wait, self._sleep = timeout, retries, max_wait, sleep

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, token: str | None = None
    ) -> Response:
        """One logical request; 429s with a short enough ``Retry-After`` are waited out and retried."""
        hdrs = {"Accept": "application/json", "User-Agent": "keel-smoke", **(headers or {})}
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            hdrs.setdefault("Content-Type", "application/json")
        for _ in range(self._retries):
            res = self._send(method, self._prefix + path, data, hdrs)
            wait = self._retry_after(res)
            if wait is None:
                return res
            self._sleep(wait)
        return res

    def _retry_after(self, res: Response) -> float | None:
        if res.status != 429:
            return None
        try:
            wait = float(res.header("Retry-After") or 1)
        except ValueError:
            wait = 1.0
        return max(wait, 0.2) if wait <= self._max_wait else None

    def _send(self, method: str, target: str, data: bytes | None, headers: dict[str, str]) -> Response:
        factory = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        conn = factory(self._netloc, timeout=self._timeout)
        try:
            conn.request(method, target, body=data, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()
