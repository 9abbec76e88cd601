"""``make openapi``: write the OpenAPI document the code generates to ``docs/openapi.json``.

The committed document is the API's contract: a test fails while it differs from what the code generates,
and this command refuses to write a document that breaks clients of the committed one (``openapi_diff``)
unless ``info.version`` changed (``version`` in ``keel/config.py``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.json"


def generate() -> dict[str, Any]:
    """The document as the local server serves it."""
    os.environ.setdefault("KEEL_STAGE", "local")
    from infra.local import emulator  # noqa: PLC0415 - settings and credentials first, then the handlers

    emulator.use_fake_credentials()
    from openapi.handler import _document  # noqa: PLC0415

    return _document()


def render(doc: dict[str, Any]) -> str:
    """The committed text of ``doc``: stable, readable, diff-friendly."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    from infra.ops.openapi_diff import breaking_changes  # noqa: PLC0415

    new = generate()
    if COMMITTED.exists():
        breaks = breaking_changes(json.loads(COMMITTED.read_text()), new)
        if breaks:
            print("\n".join(breaks), file=sys.stderr)
            print(
                f"Not written: {len(breaks)} change(s) break clients of {COMMITTED.relative_to(ROOT)}. "
                "Undo them, or change the API version (version in keel/config.py).",
                file=sys.stderr,
            )
            return 1
    COMMITTED.write_text(render(new))
    print(f"wrote {COMMITTED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
