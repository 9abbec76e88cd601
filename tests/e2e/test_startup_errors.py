"""Configuration mistakes when starting the local server: one line on stderr, no traceback, exit status 2."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.support.server import ROOT, LocalServer


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    settings = LocalServer(env).env  # the environment a test server gets, with these overrides
    command = [sys.executable, "-m", "infra.local.serve"]
    return subprocess.run(command, cwd=ROOT, env=settings, capture_output=True, text=True, timeout=60, check=False)


def assert_one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert all(word in lines[0] for word in words), lines[0]
    assert "listening" not in done.stdout


@pytest.mark.parametrize("port", ["abc", "70000"])
def test_a_bad_port_is_named(port):
    assert_one_line_error(start({"PORT": port}), "PORT", port)


def test_a_port_in_use_is_named():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        assert_one_line_error(start({"PORT": port}), port, "in use")


def test_an_unusable_admin_password_is_named_without_its_value():
    done = start({"KEEL_ADMIN_EMAIL": "ops@example.com", "KEEL_ADMIN_PASSWORD": "admin"})
    assert_one_line_error(done, "KEEL_ADMIN_PASSWORD")
    assert "'admin'" not in done.stderr
