"""``make preflight``: what a fresh account lacks, read with botocore Stubber (exact AWS shapes, no AWS)."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from infra.ops import preflight as pf

PROD = {"stage": "prod", "alarm_email": "ops@corp.test", "issuer": "https://api.corp.test",
        "cors_origins": "https://app.corp.test"}  # fmt: skip
ACCOUNT, REGION = "123456789012", "eu-west-1"
BOOTSTRAP_PARAM = "/cdk-bootstrap/hnb659fds/version"


@pytest.fixture
def aws():
    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name=REGION)
    clients = pf.Clients(session.client("lambda"), session.client("cloudformation"), session.client("ssm"))
    stubs = [Stubber(clients.lambda_), Stubber(clients.cloudformation), Stubber(clients.ssm)]
    for stub in stubs:
        stub.activate()
    yield clients, *stubs
    for stub in stubs:
        stub.assert_no_pending_responses()


def account(stub, quota: int, unreserved: int) -> None:
    stub.add_response("get_account_settings", {"AccountLimit": {
        "ConcurrentExecutions": quota, "UnreservedConcurrentExecutions": unreserved}})  # fmt: skip


def bootstrapped(cfn, ssm, version: str = "28", status: str = "UPDATE_COMPLETE") -> None:
    stack = {"StackName": "CDKToolkit", "StackStatus": status, "CreationTime": "2026-01-01T00:00:00Z"}
    cfn.add_response("describe_stacks", {"Stacks": [stack]}, {"StackName": "CDKToolkit"})
    if status in pf.READY_STATES:
        ssm.add_response("get_parameter", {"Parameter": {"Name": BOOTSTRAP_PARAM, "Value": version}},
                         {"Name": BOOTSTRAP_PARAM})  # fmt: skip


def blocking(findings: list[pf.Finding]) -> list[str]:
    return [f.message for f in findings if f.blocks]


def test_a_bootstrapped_account_with_a_normal_quota_is_ready(aws):
    clients, lam, cfn, ssm = aws
    account(lam, 1000, 1000)
    bootstrapped(cfn, ssm)

    findings = pf.preflight(clients, PROD, ACCOUNT, REGION)

    assert blocking(findings) == []
    assert not any(f.warning for f in findings)
    assert any("version 28" in f.message for f in findings)


def test_a_fresh_account_without_bootstrap_is_told_the_command(aws):
    clients, lam, cfn, _ = aws
    account(lam, 10, 10)
    cfn.add_client_error("describe_stacks", "ValidationError", "Stack with id CDKToolkit does not exist", 400)

    findings = pf.preflight(clients, PROD, ACCOUNT, REGION)

    assert blocking(findings) == [f"CDK bootstrap: no CDKToolkit stack in {REGION}: "
                                  f"run `npx cdk bootstrap aws://{ACCOUNT}/{REGION}`"]  # fmt: skip
    (warning,) = [f.message for f in findings if f.warning]
    assert "quota (10) is low" in warning


@pytest.mark.parametrize(("version", "status"), [("5", "UPDATE_COMPLETE"), ("28", "ROLLBACK_COMPLETE")])
def test_an_old_or_broken_bootstrap_blocks(aws, version, status):
    clients, lam, cfn, ssm = aws
    account(lam, 1000, 1000)
    bootstrapped(cfn, ssm, version, status)

    (problem,) = blocking(pf.preflight(clients, PROD, ACCOUNT, REGION))

    assert "CDK bootstrap" in problem and "npx cdk bootstrap" in problem


def test_a_reservation_the_quota_cannot_take_blocks_and_says_what_it_would_leave(aws):
    clients, lam, cfn, ssm = aws
    account(lam, 400, 400)
    for _ in pf.auth_functions():
        lam.add_client_error("get_function_concurrency", "ResourceNotFoundException", "Function not found", 404)
    bootstrapped(cfn, ssm)

    (problem,) = blocking(pf.preflight(clients, PROD | {"reserved_concurrency": "100"}, ACCOUNT, REGION))

    count = len(pf.auth_functions())
    assert problem.startswith(f"reserved_concurrency=100 for {count} auth functions reserves {100 * count}")
    assert f"leaving {400 - 100 * count} unreserved" in problem


def test_an_existing_reservation_counts_as_available_again(aws):
    clients, lam, cfn, ssm = aws
    count = len(pf.auth_functions())
    account(lam, 1000, 1000 - 50 * count)  # the stage is deployed with 50 each already
    for _ in range(count):
        lam.add_response("get_function_concurrency", {"ReservedConcurrentExecutions": 50})
    bootstrapped(cfn, ssm)

    assert blocking(pf.preflight(clients, PROD | {"reserved_concurrency": "50"}, ACCOUNT, REGION)) == []


def test_missing_prod_settings_block_without_stopping_the_other_checks(aws):
    clients, lam, cfn, ssm = aws
    account(lam, 1000, 1000)
    bootstrapped(cfn, ssm)

    (problem,) = blocking(pf.preflight(clients, {"stage": "prod"}, ACCOUNT, REGION))

    assert problem.startswith("deployer settings: stage prod: missing alarm_email, issuer, cors_origins")


def test_without_credentials_it_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = pf.main(["--stage", "dev", "--region", REGION])

    assert code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("preflight: cannot look at AWS")


def test_settings_come_from_cdk_json_context_then_the_command_line(tmp_path):
    (tmp_path / "cdk.json").write_text('{"app": "x", "context": {"alarm_email": "ops@corp.test", "@flag": true}}')

    context = pf._context(["issuer=https://api.corp.test", "alarm_email=oncall@corp.test"], "prod", tmp_path)

    assert context["stage"] == "prod"
    assert context["alarm_email"] == "oncall@corp.test"
    assert context["issuer"] == "https://api.corp.test"
