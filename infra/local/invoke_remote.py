"""``make invoke ... STAGE=dev``: the same sample event, sent to the deployed function through its ``live`` alias.

Needs AWS credentials for the account (a profile, SSO or environment variables); without them it says so in one
line. Only the dev stage: sample events create and delete things, and prod is nobody's test bench.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

from infra.local.event_files import TOKEN, InvokeError

STAGES = ("dev",)
ALIAS = "live"


class FunctionFailed(Exception):
    """The function raised: Lambda's error payload (errorType, errorMessage) is the result."""

    def __init__(self, payload: Any) -> None:
        super().__init__("function error")
        self.payload = payload


def function_name(stage: str, function: str) -> str:
    """The deployed name: ``keel-<stage>-<function with dashes>``."""
    return f"keel-{stage}-{function.replace('_', '-')}"


class RemoteRunner:
    """Invoke ``keel-<stage>-<function>:live`` synchronously with each event."""

    def __init__(self, stage: str, client: Any = None) -> None:
        if stage not in STAGES:
            raise InvokeError(f"STAGE={stage} is not allowed: sample events go to {', '.join(STAGES)} only")
        self.stage = stage
        self._client = client

    def __enter__(self) -> RemoteRunner:
        if self._client is None:
            session = boto3.session.Session()  # a fresh one: the default session may hold other credentials
            if session.get_credentials() is None:
                raise InvokeError(f"no AWS credentials: sign in (profile, SSO, env vars) to invoke stage {self.stage}")
            try:  # no retries: a tester wants the first answer, and a mistake said once
                self._client = session.client("lambda", config=Config(retries={"total_max_attempts": 1}))
            except NoRegionError:
                raise InvokeError("no AWS region: set AWS_REGION (or a profile's region) to invoke STAGE=dev") from None
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, function: str, event: dict[str, Any]) -> Any:
        """The function's result for ``event``; ``FunctionFailed`` when it raised."""
        if TOKEN.search(json.dumps(event)):
            raise InvokeError("this event needs a local sample token ({{access_token:...}}); it runs locally only")
        name = function_name(self.stage, function)
        try:
            answer = self._client.invoke(FunctionName=name, Qualifier=ALIAS, Payload=json.dumps(event).encode())
        except NoCredentialsError:
            raise InvokeError(f"no usable AWS credentials to invoke {name}: sign in and retry") from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise InvokeError(f"cannot invoke {name}:{ALIAS}: {error.get('Code')}: {error.get('Message')}") from None
        except BotoCoreError as exc:
            raise InvokeError(f"cannot invoke {name}:{ALIAS}: {exc}") from None
        raw = answer["Payload"].read()
        payload = json.loads(raw) if raw else None
        if answer.get("FunctionError"):
            raise FunctionFailed(payload)
        return payload
