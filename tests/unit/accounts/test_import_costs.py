"""Pay only for what a function uses: argon2 loads only where passwords are hashed, zxcvbn only where they
are chosen (and only at use), PyJWT only where tokens are signed or verified."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from keel.routes import AUTHORIZER, ROUTES

ROOT = Path(__file__).resolve().parents[3]
HASHING = {"auth_register", "auth_login", "users_me_password", "auth_reset_password"}
TOKENS = {"auth_login", "auth_refresh", AUTHORIZER.name}


def _modules_after_importing(functions: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for f in {functions!r}: importlib.import_module(f + '.handler')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {"PYTHONPATH": "layers/shared/python:functions:.", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_functions_that_do_not_hash_passwords_never_load_argon2_or_zxcvbn():
    others = [r.function for r in ROUTES if r.function not in HASHING | {"openapi"}] + [AUTHORIZER.name]
    loaded = _modules_after_importing(others)
    assert "argon2" not in loaded
    assert "zxcvbn" not in loaded


def test_hashing_functions_load_zxcvbn_only_when_a_password_is_chosen():
    loaded = _modules_after_importing(sorted(HASHING))
    assert "argon2" in loaded
    assert "zxcvbn" not in loaded


def test_every_password_hashing_route_gets_the_password_memory_class():
    for route in ROUTES:
        assert (route.memory == "password") == (route.function in HASHING), route.function


def test_only_functions_that_sign_or_verify_tokens_load_pyjwt():
    others = [r.function for r in ROUTES if r.function not in TOKENS | {"openapi"}]
    assert "jwt" not in _modules_after_importing(others)
    assert "jwt" in _modules_after_importing([AUTHORIZER.name])
