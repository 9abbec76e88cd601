"""``python -m infra.ops.promote_admin``: real boto3 calls, against moto."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from infra.ops.promote_admin import main
from keel.auth.permissions import Role
from keel.models.users import StoredUser
from keel.repositories.dynamo import Table
from keel.repositories.schema import create_table_kwargs
from keel.repositories.users import UsersRepository
from tests.support.server import ROOT

TABLE = "keel-prod"  # the prod stage's fixed table name (infra.stages)


@pytest.fixture
def users():
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(**create_table_kwargs(TABLE))
        repo = UsersRepository(Table(TABLE, client=client))
        stamp = "2026-01-01T00:00:00Z"
        repo.create(StoredUser(id="01JOPS0000000000000000000A", email="ops@example.com", name="Ops", role=Role.USER,
                               password_hash="$argon2id$x", created_at=stamp, updated_at=stamp))  # fmt: skip
        yield repo


def test_promotes_the_user_and_revokes_their_sessions(users, capsys):
    code = main(["--stage", "prod", "--email", " OPS@example.com", "--region", "us-east-1"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {
        "stage": "prod", "user_id": "01JOPS0000000000000000000A", "email": "ops@example.com", "role": "admin",
    }  # fmt: skip
    user = users.get("01JOPS0000000000000000000A")
    assert user is not None and user.role == Role.ADMIN and user.session_epoch == 1


def test_an_unknown_email_fails_without_writing(users, capsys):
    assert main(["--stage", "prod", "--email", "nobody@example.com", "--table", TABLE, "--region", "us-east-1"]) == 1
    assert "no live user" in capsys.readouterr().err
    assert users.get("01JOPS0000000000000000000A").role == Role.USER


def test_an_explicit_table_wins_and_a_missing_table_is_an_error(users, capsys):
    args = ["--stage", "prod", "--email", "ops@example.com", "--region", "us-east-1", "--table", "no-such-table"]
    assert main(args) == 2
    assert "ResourceNotFoundException" in capsys.readouterr().err
    assert users.get("01JOPS0000000000000000000A").role == Role.USER


def test_unknown_stages_are_refused():
    with pytest.raises(SystemExit):
        main(["--stage", "staging", "--email", "ops@example.com"])


@pytest.mark.parametrize(
    ("region", "says"), [("eu-west-1", "Unable to locate credentials"), (None, "You must specify a region")]
)
def test_outside_make_without_aws_access_it_says_so_in_one_line(region, says):
    """Given a shell with no PYTHONPATH and no AWS credentials (or region), as an operator's might be."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "PYTHONPATH"}
    env |= {"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"}
    env |= {"AWS_EC2_METADATA_DISABLED": "true"} | ({"AWS_DEFAULT_REGION": region} if region else {})
    # When the documented command runs from the repository root
    cmd = [sys.executable, "-m", "infra.ops.promote_admin", "--stage", "prod", "--email", "ops@example.com"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    # Then keel was importable, and the answer is one line naming the table and what is missing; exit status 2
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"promote_admin (prod, table {TABLE}): {says}: configure AWS access first")
