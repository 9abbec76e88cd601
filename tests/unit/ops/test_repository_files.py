"""Repository files a team adopts with Keel stay true to the project: the pre-commit hooks run the same tools and
versions as `make lint typecheck`, `.python-version` is a supported version, and the changelog knows the version."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet

from tests.support.server import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
MAKEFILE = (ROOT / "Makefile").read_text()


def hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: {**hook, "rev": repo.get("rev")} for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_has_the_hooks_a_contributor_expects_pinned_to_a_release():
    found = hooks()
    expected = {"ruff", "ruff-format", "mypy", "trailing-whitespace", "end-of-file-fixer", "check-added-large-files"}
    assert expected <= set(found)
    assert re.fullmatch(r"v\d+\.\d+\.\d+", str(found["trailing-whitespace"]["rev"]))


def test_pre_commit_runs_the_locked_tools_exactly_as_make_lint_and_typecheck_do():
    found = hooks()
    for hook in ("ruff", "ruff-format", "mypy"):
        executable = str(found[hook]["entry"]).split()[0]
        assert executable.startswith(".venv/bin/") and (ROOT / executable).exists()  # uv.lock's version
    typecheck = re.search(r"^typecheck:.*\n(?:\t@.*\n)*\t\$\(VENV\)/bin/(mypy .*)$", MAKEFILE, re.MULTILINE)
    assert typecheck and str(found["mypy"]["entry"]).endswith(typecheck[1])  # progress echoes may come first


def test_zizmor_audits_the_pre_commit_config_too():
    bin_dir = Path(sys.executable).parent
    cmd = [str(bin_dir / "zizmor"), "--offline", "--persona=pedantic", "--collect=pre-commit", "--color=never", "."]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "completed ./.pre-commit-config.yaml" in done.stderr, done.stdout + done.stderr


def test_python_version_is_the_oldest_supported_python():
    version = (ROOT / ".python-version").read_text().strip()
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert version in requires and f"3.{int(version.split('.')[1]) - 1}" not in requires
    assert "3.14" in requires  # the Lambda runtime's version, which CI tests on


def test_the_changelog_has_an_unreleased_section_and_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    releases = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert releases[0] == "Unreleased"
    assert releases[1] == PYPROJECT["project"]["version"]
