"""Which environments a code change retires (the reload rule of ``make serve``)."""

from __future__ import annotations

from pathlib import Path

from infra.local.runtime.reload import affected

CODE = Path("/work/app")


def test_a_change_in_a_functions_folder_retires_that_function_only():
    assert affected([f"{CODE}/functions/health/handler.py", f"{CODE}/functions/jwks/x.py"], CODE) == {"health", "jwks"}


def test_a_change_in_the_layers_or_at_the_top_of_functions_retires_every_function():
    assert affected([f"{CODE}/functions/health/handler.py", f"{CODE}/layers/shared/python/keel/http.py"], CODE) is None
    assert affected([f"{CODE}/functions/conftest.py"], CODE) is None


def test_changes_elsewhere_retire_nothing():
    assert affected([f"{CODE}/README.md", "/elsewhere/functions/health/handler.py"], CODE) == set()
