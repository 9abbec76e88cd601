"""Idempotency-Key on POST /v1/posts: replays, conflicts, scoping, expiry and lost responses."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber

from keel.auth.context import caller_from
from keel.config import get_settings
from keel.models.posts import PostCreate
from keel.repositories import aws as aws_clients
from keel.repositories.idempotency import Once
from keel.repositories.posts import repository
from keel.repositories.schema import TTL_ATTRIBUTE
from keel.services import posts as service
from tests.conftest import call
from tests.support.posts import NEW_POST, OTHER_USER, USER, listing, update

KEY = "3f1c2a9e-6b1d-4c55-9a43-0b7d8d2f9e11"


def post_with_key(body: Any = NEW_POST, key: str = KEY, who: dict[str, str] = USER):
    return call("posts_create", body=body, headers={"Idempotency-Key": key}, authorizer=who)


def test_a_replay_returns_the_original_201_and_creates_nothing(aws):
    first = post_with_key()
    replay = post_with_key()

    assert (first.status, replay.status) == (201, 201)
    assert "Idempotent-Replayed" not in first.headers
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.data == first.data
    assert (replay.headers["Location"], replay.headers["ETag"]) == (first.headers["Location"], first.headers["ETag"])
    assert [p["id"] for p in listing().data] == [first.data["id"]]


def test_a_replay_returns_the_post_as_first_created_even_after_an_edit(aws):
    first = post_with_key()
    assert update(first.data["id"], {"title": "Edited"}).status == 200

    replay = post_with_key()

    assert replay.status == 201
    assert replay.data == first.data  # the original response, not the current state


def test_the_same_key_with_another_body_is_422(aws):
    post_with_key()
    res = post_with_key(body={**NEW_POST, "title": "Something else"})

    assert res.status == 422
    assert res.json["error"]["details"][0]["field"] == "Idempotency-Key"
    assert len(listing().data) == 1


def test_keys_are_scoped_per_user(aws):
    mine = post_with_key(who=USER)
    theirs = post_with_key(who=OTHER_USER)

    assert theirs.status == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.data["id"] != mine.data["id"]
    assert theirs.data["author_id"] == OTHER_USER["sub"]


def test_keys_expire_and_an_expired_key_can_be_used_again(aws):
    first = post_with_key()
    once = Once(USER["sub"], KEY, "-", now=0, ttl_s=0)
    table = boto3.client("dynamodb")
    key = {k: {"S": v} for k, v in once.record_key().items()}
    record = table.get_item(TableName=get_settings().table_name, Key=key)["Item"]
    expires_at = int(record[TTL_ATTRIBUTE]["N"])
    assert abs(expires_at - (time.time() + get_settings().idempotency_ttl_s)) < 60

    # Given the record is past its expiry but TTL has not deleted it yet
    table.update_item(
        TableName=get_settings().table_name,
        Key=key,
        UpdateExpression="SET #e = :past",
        ExpressionAttributeNames={"#e": TTL_ATTRIBUTE},
        ExpressionAttributeValues={":past": {"N": str(int(time.time()) - 1)}},
    )
    again = post_with_key(body={**NEW_POST, "title": "New request"})

    assert again.status == 201
    assert "Idempotent-Replayed" not in again.headers
    assert again.data["id"] != first.data["id"]


def test_one_dynamodb_call_on_the_happy_path_and_on_a_replay(aws, ddb_calls):
    assert ddb_calls.during(post_with_key) == ["TransactWriteItems"]
    assert ddb_calls.during(post_with_key) == ["TransactWriteItems"]


def test_an_unusable_key_is_400(aws):
    for bad in ["k" * 256, "clé-non-ascii", "has space"]:
        res = post_with_key(key=bad)
        assert res.status == 400, bad
    assert listing().data == []


def post_with_cancelled_transaction(reason: str):
    """Create with a key while DynamoDB cancels the transaction for ``reason`` (moto never does this)."""
    client = boto3.client("dynamodb")
    stubber = Stubber(client)
    stubber.add_client_error(
        "transact_write_items",
        service_error_code="TransactionCanceledException",
        service_message="Transaction cancelled",
        modeled_fields={"CancellationReasons": [{"Code": reason}, {"Code": "None"}]},
    )
    aws_clients.set_client("dynamodb", client)
    with stubber:
        return post_with_key()


def test_a_request_still_in_flight_with_the_key_is_409(aws):
    # DynamoDB reports a concurrent transaction on the same record as a TransactionConflict cancellation.
    res = post_with_cancelled_transaction("TransactionConflict")

    assert res.status == 409
    assert res.error_code == "CONFLICT"


def test_concurrent_requests_with_one_key_create_one_post(aws):
    caller = caller_from({"requestContext": {"authorizer": USER}})
    start = threading.Barrier(10)

    def attempt(_: int):
        start.wait()
        return service.create(caller, PostCreate(**NEW_POST), idempotency_key=KEY, posts=repository())

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(attempt, range(10)))

    assert len({r.post.id for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert len(listing().data) == 1


class LostResponse:
    """The real client, except that the first ``operation`` reaches DynamoDB and its response is lost.

    ``sdk_retry=True``: the SDK sends the same request again, as botocore does after a timeout.
    ``sdk_retry=False``: the timeout surfaces (503) and the client retries the HTTP request itself.
    """

    def __init__(self, real: Any, operation: str, *, sdk_retry: bool) -> None:
        self.real, self.operation, self.sdk_retry, self.lost = real, operation, sdk_retry, False

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.real, name)
        if name != self.operation or self.lost:
            return target

        def lose_the_response(**kwargs: Any) -> Any:
            self.lost = True
            target(**kwargs)  # applied by DynamoDB...
            if self.sdk_retry:
                return target(**kwargs)  # ...and sent again
            raise ReadTimeoutError(endpoint_url="https://dynamodb")

        return lose_the_response


def test_a_client_retry_after_a_lost_response_is_a_replay(aws):
    aws_clients.set_client("dynamodb", LostResponse(boto3.client("dynamodb"), "transact_write_items", sdk_retry=False))

    lost = post_with_key()
    retry = post_with_key()

    assert lost.status == 503
    assert "Retry-After" in lost.headers
    assert retry.status == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert [p["id"] for p in listing().data] == [retry.data["id"]]


def test_an_sdk_retry_of_our_own_transaction_is_not_reported_as_a_replay(aws):
    aws_clients.set_client("dynamodb", LostResponse(boto3.client("dynamodb"), "transact_write_items", sdk_retry=True))

    res = post_with_key()

    assert res.status == 201
    assert "Idempotent-Replayed" not in res.headers
    assert [p["id"] for p in listing().data] == [res.data["id"]]


def test_an_sdk_retry_of_a_plain_create_succeeds_once(aws):
    aws_clients.set_client("dynamodb", LostResponse(boto3.client("dynamodb"), "put_item", sdk_retry=True))

    res = call("posts_create", body=NEW_POST, authorizer=USER)

    assert res.status == 201
    assert [p["id"] for p in listing().data] == [res.data["id"]]


def test_a_throttled_transaction_is_503_with_retry_after(aws):
    res = post_with_cancelled_transaction("ThrottlingError")

    assert res.status == 503
    assert "Retry-After" in res.headers
