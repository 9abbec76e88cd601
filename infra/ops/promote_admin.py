"""Promote an existing user to admin on a deployed stage, revoking their sessions so the role applies at once.

    make promote-admin STAGE=prod EMAIL=ops@example.com
    python -m infra.ops.promote_admin --stage prod --email ops@example.com [--table <name>] [--region ...]

Runs with the operator's AWS credentials (``AWS_PROFILE`` etc.); it needs GetItem and UpdateItem on the table.
``--table`` defaults to the stage's fixed table name (``infra.stages``: ``keel-<stage>``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

from infra.stages import STAGES, load_stage
from keel.auth.permissions import Role
from keel.clock import iso
from keel.errors import ServiceUnavailableError
from keel.models.users import StoredUser, normalize_email
from keel.repositories.dynamo import Table
from keel.repositories.users import UsersRepository


class PromotionError(Exception):
    """The user cannot be promoted (unknown email, deleted meanwhile)."""


def promote(email: str, *, users: UsersRepository, now: float) -> StoredUser:
    """Make the live user owning ``email`` an admin and revoke every session they have."""
    user = users.find_by_email(normalize_email(email))
    if user is None:
        raise PromotionError(f"no live user with email {normalize_email(email)!r}")
    updated = users.update(user.id, {"role": Role.ADMIN.value, "updated_at": iso(now)}, revoke_sessions=True)
    if updated is None:
        raise PromotionError("the user was deleted while being promoted")
    return updated


def _reason(exc: Exception) -> str:
    """What AWS said, unwrapped from the repository's 503 error, with a hint when no access is configured."""
    cause = exc.__cause__ if isinstance(exc, ServiceUnavailableError) and exc.__cause__ else exc
    if isinstance(cause, NoCredentialsError | NoRegionError):
        return f"{str(cause).rstrip('.')}: configure AWS access first (AWS_PROFILE, AWS_DEFAULT_REGION or --region)"
    return f"AWS said {cause}"


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.ops.promote_admin", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=sorted(STAGES), help="the deployed stage")
    parser.add_argument("--email", required=True, help="email of an existing account")
    parser.add_argument("--table", default=None, help="the stage's DynamoDB table (default: keel-<stage>)")
    parser.add_argument("--region", default=None, help="AWS region (default: the AWS configuration's)")
    args = parser.parse_args(argv)
    args.table = args.table or load_stage(args.stage).table_name
    return args


def _promote(args: argparse.Namespace) -> StoredUser:
    client = boto3.client("dynamodb", region_name=args.region)
    return promote(args.email, users=UsersRepository(Table(args.table, client=client)), now=time.time())


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    where = f"promote_admin ({args.stage}, table {args.table})"
    try:
        user = _promote(args)
    except PromotionError as exc:
        print(f"{where}: {exc}", file=sys.stderr)
        return 1
    except (ClientError, BotoCoreError, ServiceUnavailableError) as exc:
        print(f"{where}: {_reason(exc)}", file=sys.stderr)
        return 2
    print(json.dumps({"stage": args.stage, "user_id": user.id, "email": user.email, "role": user.role.value}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
