"""The checks every synth runs: cdk-nag (AwsSolutions + Serverless) with reasoned suppressions, and cfn-lint.

Suppressions that hold for a whole stack live here, each with its reason; ones about a single resource sit
next to that resource.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import cx_api
from cdk_nag import AwsSolutionsChecks, NagPackSuppression, NagSuppressions, ServerlessChecks

API_SUPPRESSIONS = [
    NagPackSuppression(
        id="AwsSolutions-APIG2",
        reason="Bodies are validated in the handlers (pydantic) so that errors carry per-field details in the "
        "SPEC envelope (422); API Gateway's validator would answer in its own shape.",
    ),
    NagPackSuppression(
        id="AwsSolutions-IAM4",
        reason="The account-wide API Gateway CloudWatch role uses AWS's own AmazonAPIGatewayPushToCloudWatchLogs.",
        applies_to=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    ),
    NagPackSuppression(
        id="Serverless-LambdaDLQ",
        reason="API functions are invoked synchronously by API Gateway: failures go back to the caller, "
        "there is no async event to dead-letter.",
    ),
    NagPackSuppression(
        id="Serverless-LambdaAsyncFailureDestination",
        reason="API functions are invoked synchronously by API Gateway; no async invocations exist.",
    ),
]


def attach(app: cdk.App, api: cdk.Stack) -> None:
    """Run both nag packs on every synth of ``app``, with the API stack's stack-wide suppressions."""
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    cdk.Aspects.of(app).add(ServerlessChecks(verbose=True))
    NagSuppressions.add_stack_suppressions(api, API_SUPPRESSIONS)


def _metadata(directory: Path) -> dict[str, dict[str, list[dict[str, object]]]]:
    """Each stack's metadata entries by construct path (kept in the manifest or in a side file)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    found = {}
    for name, artifact in manifest.get("artifacts", {}).items():
        entries = dict(artifact.get("metadata") or {})
        if side := artifact.get("additionalMetadataFile"):
            entries.update(json.loads((directory / side).read_text()))
        found[name] = entries
    return found


def nag_findings(assembly: cx_api.CloudAssembly) -> list[str]:
    """Every unsuppressed nag finding (error or warning) and every synth error or warning, one line each."""
    problems = []
    for name, by_path in _metadata(Path(assembly.directory)).items():
        for path, entries in by_path.items():
            for entry in entries:
                if entry["type"] in ("aws:cdk:error", "aws:cdk:warning"):
                    problems.append(f"{name} {path}: {str(entry.get('data')).splitlines()[0]}")
    return problems


def cfn_lint(assembly: cx_api.CloudAssembly) -> list[str]:
    """cfn-lint at error level over every synthesized template; its findings, or nothing."""
    templates = [str(Path(assembly.directory) / stack.template_file) for stack in assembly.stacks]
    exe = Path(sys.executable).with_name("cfn-lint")
    cmd = [str(exe) if exe.exists() else "cfn-lint", "--non-zero-exit-code", "error", *templates]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode == 0:
        return []
    return [f"cfn-lint: {line}" for line in (done.stdout + done.stderr).splitlines() if line.strip()]
