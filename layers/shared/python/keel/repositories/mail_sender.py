"""Sending a rendered mail: SES v2 on AWS, a JSON-lines file locally (``KEEL_MAIL_OUTBOX_FILE``).

Both return a provider message id, recorded on the outbox item once sent.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

from keel.models.mail import SentMail
from keel.repositories import aws


class Sender(Protocol):
    def send(self, mail: SentMail) -> str: ...


class SesSender:
    """``sesv2.send_email`` with a configuration set (bounce and complaint events), text and HTML bodies."""

    def __init__(self, from_address: str, configuration_set: str, client: Any | None = None) -> None:
        self.from_address = from_address
        self.configuration_set = configuration_set
        self._client = client

    def send(self, mail: SentMail) -> str:
        client = self._client or aws.client("sesv2")
        resp = client.send_email(
            FromEmailAddress=self.from_address,
            Destination={"ToAddresses": [mail.to]},
            Content={
                "Simple": {
                    "Subject": {"Data": mail.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": mail.text, "Charset": "UTF-8"},
                        "Html": {"Data": mail.html, "Charset": "UTF-8"},
                    },
                }
            },
            ConfigurationSetName=self.configuration_set,
            EmailTags=[{"Name": "kind", "Value": mail.kind.value}],
        )
        return str(resp["MessageId"])


_file_lock = threading.Lock()


class FileSender:
    """The local outbox: one JSON object per line, appended, and a short notice on the console."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def send(self, mail: SentMail) -> str:
        line = json.dumps(mail.model_dump(mode="json"), ensure_ascii=False)
        with _file_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        # The console is where a developer looks for the link (SPEC §7: printed once, the claim sees to that).
        print(f"[mail] {mail.kind.value} to {mail.to}: {mail.subject}\n[mail] {mail.action_url}", file=sys.stderr)
        return f"local-{mail.id}"
