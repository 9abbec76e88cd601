"""The GitHub workflows, checked offline: GitHub's schema (check-jsonschema), zizmor's security audits, and what a
reviewer of a deploy pipeline looks for (pinned actions, OIDC only where AWS is assumed, an approval before
prod, make targets that exist)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.support.server import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
AWS_ACTION = "aws-actions/configure-aws-credentials"
_RUNTIME = re.search(r"Runtime\.PYTHON_(\d+)_(\d+)", (ROOT / "infra" / "constructs" / "functions.py").read_text())
RUNTIME_PYTHON = f"{_RUNTIME[1]}.{_RUNTIME[2]}" if _RUNTIME else "unknown"  # the Lambda runtime's Python version


def load(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text()))


def jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(wf.name, name, job) for wf in WORKFLOWS for name, job in load(wf)["jobs"].items()]


def uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]).split("@")[0] for step in job.get("steps", []) if "uses" in step]


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_the_pipeline_has_both_workflows():
    assert [wf.name for wf in WORKFLOWS] == ["main.yml", "pull-request.yml"]


def test_workflows_and_dependabot_match_githubs_schemas():
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(GITHUB / "dependabot.yml"))
    assert done.returncode == 0, done.stdout + done.stderr


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    flags = ("--offline", "--persona=pedantic", "--strict-collection", "--color=never")
    return run(str(BIN / "zizmor"), *flags, str(path))


def test_zizmor_finds_nothing_even_as_a_pedantic_auditor():
    done = zizmor(GITHUB)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_would_catch_an_injection_and_an_unpinned_action(tmp_path):
    """The gate bites: a copy of the PR workflow with a tag-pinned action and a PR title in a shell fails."""
    text = (GITHUB / "workflows" / "pull-request.yml").read_text()
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v7", text, count=1)
    text = text.replace("run: make lint typecheck test", 'run: echo "${{ github.event.pull_request.title }}"')
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "pull-request.yml").write_text(text)
    out = zizmor(tmp_path / ".github").stdout
    assert "unpinned-uses" in out and "template-injection" in out


def test_every_action_is_pinned_by_a_full_commit_sha_with_its_version_in_a_comment():
    pins: dict[str, set[str]] = {}
    for wf in WORKFLOWS:
        for line in wf.read_text().splitlines():
            if re.match(r"\s*(- )?uses:", line):
                match = re.fullmatch(r"\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)", line)
                assert match, f"{wf.name}: not pinned by SHA with a version comment: {line.strip()}"
                pins.setdefault(match[1], set()).add(f"{match[2]} {match[3]}")
    assert all(len(versions) == 1 for versions in pins.values()), pins  # one version of each action everywhere
    assert {"actions/checkout", "actions/setup-python", "actions/setup-node", AWS_ACTION} <= set(pins)


def test_permissions_are_least_privilege_and_oidc_is_only_where_aws_is_assumed():
    for wf in WORKFLOWS:
        assert load(wf)["permissions"] == {}, f"{wf.name}: default token permissions must be none"
    for wf, name, job in jobs():
        perms = job["permissions"]
        assert perms.get("contents") == "read" and set(perms.values()) <= {"read", "write"}, (wf, name)
        assert {k for k, v in perms.items() if v == "write"} <= {"id-token"}, (wf, name)
        assert (perms.get("id-token") == "write") == (AWS_ACTION in uses(job)), (wf, name)
        assert 0 < job["timeout-minutes"] <= 60, (wf, name)  # a hung deploy must not hold a runner for 6 hours


def test_aws_access_is_through_oidc_roles_from_variables_never_stored_keys():
    for wf in WORKFLOWS:
        assert "secrets." not in wf.read_text() and "aws-access-key-id" not in wf.read_text(), wf.name
    for wf, name, job in jobs():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith(AWS_ACTION):
                assert re.fullmatch(r"\$\{\{ vars\.AWS_\w+_ROLE_ARN_\w+ \}\}", step["with"]["role-to-assume"]), name


def test_checkouts_keep_no_credentials_and_no_expression_is_expanded_inside_a_shell():
    for wf, name, job in jobs():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False, (wf, name)
            assert "${{" not in step.get("run", ""), (wf, name, step.get("name"))  # values go through env:


def test_main_deploys_dev_smokes_it_then_waits_for_approval_before_prod():
    main = load(GITHUB / "workflows" / "main.yml")["jobs"]
    dev, prod = main["deploy-dev"], main["deploy-prod"]
    runs = [step.get("run", "") for step in dev["steps"]]
    deployed = next(i for i, r in enumerate(runs) if r.startswith("make deploy STAGE=dev"))
    assert any(r.startswith("make smoke URL=") for r in runs[deployed:])
    assert "Keel-dev-Api" in " ".join(runs) and "ApiUrl" in " ".join(runs)
    assert prod["needs"] == "deploy-dev" and prod["environment"]["name"] == "prod"
    assert any("make deploy STAGE=prod" in step.get("run", "") for step in prod["steps"])
    assert dev["needs"] == "check"
    assert all(job["concurrency"]["cancel-in-progress"] is False for job in (dev, prod))  # never stop a deploy midway


def test_pull_requests_test_on_the_oldest_python_and_the_runtimes_and_synth_both_stages():
    pr = load(GITHUB / "workflows" / "pull-request.yml")["jobs"]
    assert pr["check"]["strategy"]["matrix"]["python"] == ["3.11", RUNTIME_PYTHON]
    synth = [step.get("run", "") for step in pr["synth"]["steps"]]
    assert any(r.startswith("make synth STAGE=dev") for r in synth)
    assert any(r.startswith("make synth STAGE=prod") for r in synth)
    assert any(r.startswith("make diff STAGE=dev") for r in (s.get("run", "") for s in pr["diff"]["steps"]))
    node = [s for _, _, job in jobs() for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-node")]
    assert node and all(s["with"] == {"node-version-file": ".nvmrc"} for s in node)
    assert (ROOT / ".nvmrc").read_text().strip() == "22"


def test_workflows_only_call_make_targets_that_exist():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))
    runs = [step.get("run", "") for _, _, job in jobs() for step in job["steps"]]
    called = {word for r in runs for m in re.findall(r"\bmake((?: [a-z][a-z-]*)+)", r) for word in m.split()}
    assert {"lint", "typecheck", "test", "synth", "diff", "deploy", "preflight", "smoke"} <= called
    assert called <= targets, f"not in the Makefile: {sorted(called - targets)}"


def test_every_make_step_builds_the_venv_on_the_jobs_python_not_python_versions():
    """.python-version says 3.11 for developers; a runner has the Python setup-python installed, which uv must
    be told about (UV_PYTHON), or `make install` finds no 3.11 and fails."""
    for wf, name, job in jobs():
        ids = {step.get("id") for step in job["steps"]}
        for step in job["steps"]:
            if step.get("run", "").startswith("make ") and not step["run"].startswith("make smoke"):
                assert "python" in ids, (wf, name)
                assert step["env"]["UV_PYTHON"] == "${{ steps.python.outputs.python-path }}", (wf, name, step["run"])
