"""AWS throttling, timeouts and 5xx become 503 + Retry-After; a client's own mistake stays a distinct error."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectTimeoutError, ReadTimeoutError
from botocore.stub import Stubber

from keel.errors import ServiceUnavailableError
from keel.repositories import aws
from keel.repositories.dynamo import ConditionFailed, Table


@pytest.fixture
def stubbed():
    client = botocore.session.get_session().create_client(
        "dynamodb", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    with Stubber(client) as stub:
        yield stub, Table("t", client)


@pytest.mark.parametrize(
    ("code", "http"),
    [
        ("ProvisionedThroughputExceededException", 400),
        ("ThrottlingException", 400),
        ("RequestLimitExceeded", 400),
        ("InternalServerError", 500),
        ("ServiceUnavailable", 503),
    ],
)
def test_aws_outages_become_503_with_retry_after(stubbed, code, http):
    stub, table = stubbed
    stub.add_client_error("get_item", service_error_code=code, http_status_code=http)
    with pytest.raises(ServiceUnavailableError) as info:
        table.get({"PK": "a", "SK": "b"})
    assert int(info.value.headers["Retry-After"]) >= 1
    assert "t" not in info.value.message.split()  # no table name in the message


def test_a_conditional_check_failure_is_not_an_outage(stubbed):
    stub, table = stubbed
    stub.add_client_error("put_item", service_error_code="ConditionalCheckFailedException", http_status_code=400)
    with pytest.raises(ClientError):
        table.call("put_item", Item={"PK": {"S": "a"}})


def test_a_failed_condition_is_a_typed_error_carrying_the_old_item(stubbed):
    stub, table = stubbed
    stub.add_client_error(
        "update_item",
        service_error_code="ConditionalCheckFailedException",
        http_status_code=400,
        modeled_fields={"Item": {"PK": {"S": "a"}, "version": {"N": "3"}}},
    )
    with pytest.raises(ConditionFailed) as info:
        table.conditional("update_item", Key={"PK": {"S": "a"}}, UpdateExpression="SET x = :x")
    assert info.value.old == {"PK": "a", "version": 3}


def test_other_errors_of_a_conditional_write_pass_through(stubbed):
    stub, table = stubbed
    stub.add_client_error("put_item", service_error_code="ValidationException", http_status_code=400)
    with pytest.raises(ClientError):
        table.conditional("put_item", Item={"PK": {"S": "a"}})


@pytest.mark.parametrize("exc", [ConnectTimeoutError(endpoint_url="x"), ReadTimeoutError(endpoint_url="x")])
def test_timeouts_are_outages(exc):
    assert aws.is_unavailable(exc)


def test_retries_are_bounded_in_total_attempts():
    config = aws._config()
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    assert config.connect_timeout <= 2
    assert config.read_timeout <= 3
