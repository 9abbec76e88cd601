"""The local mail path (infra/local/mail.py) on in-process moto: stream -> queue -> worker, and the DLQ."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from infra.local.mail import Queues, QueueToWorker, StreamToQueue, enable_stream
from infra.local.outbox import read_outbox
from keel.config import get_settings
from keel.mail.render import render
from keel.models.mail import MailKind
from keel.repositories import factory
from keel.repositories.mail_sender import FileSender
from tests.support import mail
from tests.support.auth import register


def wait_for(condition: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def local_path(aws, monkeypatch) -> Iterator[tuple[Queues, mail.Recorder]]:
    recorder = mail.Recorder()
    monkeypatch.setattr(factory, "mail_sender", lambda: recorder)
    queues = Queues("keel-test", max_receives=2, visibility_s=1)
    stop = threading.Event()
    loops = [StreamToQueue(enable_stream(get_settings().table_name), queues, stop), QueueToWorker(queues, stop)]
    for loop in loops:
        loop.start()
    yield queues, recorder
    stop.set()
    for loop in loops:
        loop.join(timeout=5)


def test_a_registration_is_mailed_through_the_stream_and_the_queue_once(local_path):
    _, recorder = local_path
    register("kim@example.com")
    wait_for(lambda: len(recorder.sent) == 1)
    time.sleep(1.5)  # past a visibility timeout: nothing is delivered or sent again
    assert [(m.to, m.kind) for m in recorder.sent] == [("kim@example.com", MailKind.VERIFY_EMAIL)]


def test_a_poison_message_reaches_the_dead_letter_queue_without_blocking_mail(local_path):
    queues, recorder = local_path
    # Given a poison message in the queue, then a real mail behind it
    queues.sqs.send_message(QueueUrl=queues.url, MessageBody=json.dumps({"dynamodb": {"NewImage": {}}}))
    register("lee@example.com")
    # Then the mail goes out, and the poison message ends in the DLQ after its receives
    wait_for(lambda: len(recorder.sent) == 1)

    def dead_lettered() -> bool:
        return bool(queues.sqs.receive_message(QueueUrl=queues.dlq_url).get("Messages"))

    wait_for(dead_lettered)
    assert [m.to for m in recorder.sent] == ["lee@example.com"]


def test_the_local_outbox_file_keeps_each_mail_and_the_console_shows_it_once(aws, tmp_path, capsys):
    register("max@example.com")
    register("max2@example.com")
    sender = FileSender(tmp_path / "outbox.jsonl")
    for message in mail.messages():
        sender.send(render(message))
    err = capsys.readouterr().err
    assert err.count("verify_email to max@example.com") == 1
    found = read_outbox(tmp_path / "outbox.jsonl", " MAX@example.com")
    assert [m.to for m in found] == ["max@example.com"]
    assert [m.to for m in read_outbox(tmp_path / "outbox.jsonl", None)] == ["max2@example.com", "max@example.com"]
