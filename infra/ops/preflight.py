"""Before deploying a stage: can this account and region take it? ``make preflight STAGE=prod CDK_ARGS="-c ..."``

    python -m infra.ops.preflight --stage prod -c alarm_email=ops@corp.test -c issuer=... [-c reserved_concurrency=50]

Reads (with the operator's AWS credentials, nothing is changed): the deployer settings (cdk.json's context and
``-c`` pairs, with the same checks as a synth), the account's Lambda concurrency quota and how much of it is
unreserved (a reservation must leave 100 unreserved), and the CDK bootstrap (the ``CDKToolkit`` stack and its
version parameter). Prints one line per finding; exits 1 when something blocks a deploy, 2 when it cannot look
(no credentials or region).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

from infra.assets import ROOT
from infra.settings import SettingsError, deploy_config
from infra.stages import STAGES, StageConfig, load_stage
from keel.routes import ROUTES, Throttle

LAMBDA_MIN_UNRESERVED = 100  # Lambda refuses a reservation that leaves less than this unreserved
LOW_QUOTA = 1000  # the default quota of an established account; new accounts often start far lower
BOOTSTRAP_STACK, QUALIFIER = "CDKToolkit", "hnb659fds"  # the CDK's defaults (cdk bootstrap without options)
MIN_BOOTSTRAP_VERSION = 6  # what the templates' CheckBootstrapVersion rule demands
READY_STATES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE"}


@dataclass(frozen=True)
class Finding:
    blocks: bool
    message: str
    warning: bool = False

    def line(self) -> str:
        return f"{'BLOCKS' if self.blocks else 'warn  ' if self.warning else 'ok    '} {self.message}"


@dataclass(frozen=True)
class Clients:
    lambda_: Any
    cloudformation: Any
    ssm: Any


def auth_functions() -> list[str]:
    return sorted({r.function for r in ROUTES if r.throttle is Throttle.AUTH})


def _reserved_now(lambda_: Any, name: str) -> int:
    try:
        return int(lambda_.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions", 0))
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ResourceNotFoundException":
            return 0  # not deployed yet
        raise


def check_concurrency(lambda_: Any, config: StageConfig) -> list[Finding]:
    limits = lambda_.get_account_settings()["AccountLimit"]
    quota, unreserved = limits["ConcurrentExecutions"], limits["UnreservedConcurrentExecutions"]
    findings = [Finding(False, f"Lambda concurrency: quota {quota}, {unreserved} unreserved")]
    if quota < LOW_QUOTA:
        findings.append(Finding(False, f"the concurrency quota ({quota}) is low: API Gateway will see throttles "
                                       "(503) early; ask for more (Service Quotas: Lambda 'Concurrent executions')",
                                warning=True))  # fmt: skip
    per_function = config.reserved_concurrency.get(Throttle.AUTH, 0)
    if per_function:
        names = [config.function_name(f) for f in auth_functions()]
        wanted = per_function * len(names)
        left = unreserved + sum(_reserved_now(lambda_, n) for n in names) - wanted
        message = (f"reserved_concurrency={per_function} for {len(names)} auth functions reserves {wanted}, "
                   f"leaving {left} unreserved")  # fmt: skip
        if left < LAMBDA_MIN_UNRESERVED:
            message += f" (Lambda keeps at least {LAMBDA_MIN_UNRESERVED}): lower it, drop it, or raise the quota"
        findings.append(Finding(left < LAMBDA_MIN_UNRESERVED, message))
    return findings


def check_bootstrap(cloudformation: Any, ssm: Any, account: str, region: str) -> list[Finding]:
    fix = f"run `npx cdk bootstrap aws://{account}/{region}`"
    try:
        (stack,) = cloudformation.describe_stacks(StackName=BOOTSTRAP_STACK)["Stacks"]
    except ClientError as exc:
        if "does not exist" not in exc.response["Error"].get("Message", ""):
            raise
        return [Finding(True, f"CDK bootstrap: no {BOOTSTRAP_STACK} stack in {region}: {fix}")]
    if stack["StackStatus"] not in READY_STATES:
        return [Finding(True, f"CDK bootstrap: {BOOTSTRAP_STACK} is {stack['StackStatus']}: fix it, then {fix}")]
    name = f"/cdk-bootstrap/{QUALIFIER}/version"
    try:
        version = int(ssm.get_parameter(Name=name)["Parameter"]["Value"])
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ParameterNotFound":
            raise
        return [Finding(True, f"CDK bootstrap: parameter {name} is missing: {fix}")]
    if version < MIN_BOOTSTRAP_VERSION:
        return [Finding(True, f"CDK bootstrap: version {version} is older than {MIN_BOOTSTRAP_VERSION}: {fix}")]
    return [Finding(False, f"CDK bootstrap: {BOOTSTRAP_STACK} {stack['StackStatus']}, version {version}")]


def preflight(clients: Clients, context: dict[str, object], account: str, region: str) -> list[Finding]:
    """Every finding for deploying ``context["stage"]`` into ``account``/``region``."""
    try:
        config = deploy_config(context)
        findings = [Finding(False, f"deployer settings for {config.name}")]
    except SettingsError as exc:
        config = load_stage(str(context["stage"]))
        findings = [Finding(True, f"deployer settings: {exc}")]
    findings += check_concurrency(clients.lambda_, config)
    return findings + check_bootstrap(clients.cloudformation, clients.ssm, account, region)


def _context(pairs: list[str], stage: str, root: Path = ROOT) -> dict[str, object]:
    """What the CDK CLI would give the app: cdk.json's and cdk.context.json's context, then ``-c`` pairs."""
    context: dict[str, object] = {}
    for name, key in (("cdk.json", "context"), ("cdk.context.json", None)):
        if (root / name).exists():
            data = json.loads((root / name).read_text())
            context |= data.get(key, {}) if key else data
    context["stage"] = stage
    for pair in pairs:
        key, _, value = pair.partition("=")
        context[key.strip()] = value
    return context


def _look(args: argparse.Namespace) -> tuple[list[Finding], str, str]:
    session = boto3.Session(region_name=args.region)
    if not session.region_name:
        raise NoRegionError()
    account = session.client("sts").get_caller_identity()["Account"]
    clients = Clients(session.client("lambda"), session.client("cloudformation"), session.client("ssm"))
    return (
        preflight(clients, _context(args.context, args.stage), account, session.region_name),
        account,
        session.region_name,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.ops.preflight", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=sorted(STAGES))
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE", help="as for cdk")
    parser.add_argument("--region", default=None, help="AWS region (default: the AWS configuration's)")
    args, _cdk_only = parser.parse_known_args(argv)  # CDK_ARGS may carry CDK CLI options too
    try:
        findings, account, region = _look(args)
    except (NoCredentialsError, NoRegionError) as exc:
        print(
            f"preflight: cannot look at AWS ({exc}): set AWS_PROFILE and AWS_REGION (or credentials)", file=sys.stderr
        )
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"preflight: AWS said {exc}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding.line())
    blocking = sum(f.blocks for f in findings)
    verdict = f"{blocking} finding(s) block a deploy" if blocking else "nothing blocks a deploy"
    print(f"preflight {args.stage} in {account}/{region}: {verdict}")
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())
