"""``GET /_local/outbox?to=<email>``: the mails the local worker "sent" (SPEC §7). Local gateway only, never deployed.

The worker's local sender (``keel.repositories.mail_sender.FileSender``) appends each mail to the JSON-lines file
``KEEL_MAIL_OUTBOX_FILE``; this serves it in the API's envelope, newest first.
"""

from __future__ import annotations

import json
from pathlib import Path

from werkzeug.wrappers import Request, Response

from keel.config import get_settings
from keel.models.mail import SentMail
from keel.models.users import normalize_email
from keel.responses import now_iso

OUTBOX_PATH = "/_local/outbox"


def read_outbox(path: Path, to: str | None) -> list[SentMail]:
    """The mails in the local outbox file, for ``to`` if given, newest first."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    mails = [SentMail.model_validate_json(line) for line in lines if line.strip()]
    wanted = normalize_email(to) if to else None
    found = [m for m in mails if wanted is None or m.to == wanted]
    return sorted(found, key=lambda m: (m.created_at, m.id), reverse=True)


def serve_outbox(request: Request, request_id: str, headers: dict[str, str]) -> Response:
    """``GET /_local/outbox?to=<email>``: SPEC §7's shape, newest first."""
    path = Path(get_settings().mail_outbox_file or "")
    mails = read_outbox(path, request.args.get("to")) if get_settings().mail_outbox_file else []
    body = {
        "success": True,
        "data": [m.model_dump(mode="json") for m in mails],
        "meta": {"request_id": request_id, "timestamp": now_iso()},
    }
    response = Response(json.dumps(body), status=200, content_type="application/json")
    for key, value in {**headers, "X-Request-Id": request_id, "Cache-Control": "no-store"}.items():
        response.headers[key] = value
    return response
