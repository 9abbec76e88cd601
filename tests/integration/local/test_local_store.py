"""The local store's journal on in-process moto: what an acknowledged write leaves on disk, and how it comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from infra.local.emulator import REGION, Emulator
from infra.local.reset import reset
from infra.local.runtime import journal
from infra.local.runtime.emulated_aws import _restore_secret
from infra.local.runtime.store import Store, StoreBusy
from keel.config import get_settings
from keel.repositories.schema import create_table_kwargs

TABLE = "keel-test"


def key(pk: str) -> dict:
    return {"PK": {"S": pk}, "SK": {"S": "A"}}


@pytest.fixture
def store(tmp_path: Path, aws: Emulator) -> Iterator[Store]:
    kept = Store(tmp_path / "data")
    journal.install(kept)
    yield kept
    journal.install(None)
    kept.close()


def stored(store: Store) -> dict[str, dict]:
    return {item["PK"]["S"]: item for item in store.items(TABLE)}


def test_acknowledged_writes_are_journalled_and_refused_ones_are_not(store):
    ddb = boto3.client("dynamodb", region_name=REGION)
    ddb.put_item(TableName=TABLE, Item={**key("a"), "n": {"N": "1"}})
    ddb.put_item(TableName=TABLE, Item={**key("b"), "n": {"N": "1"}})
    ddb.update_item(
        TableName=TABLE, Key=key("a"), UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "2"}}
    )
    ddb.delete_item(TableName=TABLE, Key=key("b"))
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {**key(p), "m": {"M": {"x": {"L": [{"S": "y"}]}}}}}}
            for p in ("c", "d")
        ]
    )
    with pytest.raises(ClientError):  # a failed condition changes nothing, on the table or on disk
        ddb.put_item(
            TableName=TABLE, Item={**key("a"), "n": {"N": "9"}}, ConditionExpression="attribute_not_exists(PK)"
        )
    rows = stored(store)
    assert set(rows) == {"a", "c", "d"}
    assert rows["a"]["n"] == {"N": "2"}
    assert rows["c"]["m"] == {"M": {"x": {"L": [{"S": "y"}]}}}


def test_journalled_items_are_restored_into_a_new_table(tmp_path, store):
    ddb = boto3.client("dynamodb", region_name=REGION)
    ddb.put_item(TableName=TABLE, Item={**key("a"), "tags": {"SS": ["x", "y"]}, "n": {"N": "7"}})
    original = ddb.get_item(TableName=TABLE, Key=key("a"))["Item"]
    ddb.delete_table(TableName=TABLE)
    ddb.create_table(**create_table_kwargs(TABLE))
    journal.install(None)
    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]
    assert journal.restore_items(backend, TABLE, store.items(TABLE)) == 1
    assert ddb.get_item(TableName=TABLE, Key=key("a"))["Item"] == original


def test_secret_versions_are_journalled_and_restored_with_their_stages(store):
    sm = boto3.client("secretsmanager", region_name=REGION)
    name = get_settings().signing_key_secret_id
    sm.put_secret_value(SecretId=name, SecretString="second")
    versions = store.secrets()[name]
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
    journal.install(None)
    _restore_secret(sm, name, versions)
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "second"
    assert sm.get_secret_value(SecretId=name, VersionStage="AWSPREVIOUS")["SecretString"] != "second"


def test_one_server_per_data_folder_and_reset_waits_for_it(tmp_path):
    folder = tmp_path / "data"
    first = Store(folder)
    assert first.is_new
    first.mark_seeded()
    with pytest.raises(StoreBusy):
        Store(folder)
    with pytest.raises(StoreBusy):
        reset(folder)
    first.close()
    kept = Store(folder)
    assert not kept.is_new  # seeded once, never again
    kept.close()
    assert "Emptied" in reset(folder)
    again = Store(folder)
    assert again.is_new
    again.close()
