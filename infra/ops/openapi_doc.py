"""``make openapi``: write the OpenAPI document the code generates to ``functions/openapi/openapi.json``.

The committed document is the API's contract: a test fails while it differs from what the code generates,
and this command refuses to write a document that breaks clients of the committed one (``openapi_diff``)
unless ``info.version`` changed (``version`` in ``keel/config.py``).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keel.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "functions" / "openapi" / "openapi.json"  # served by the openapi function, so in its folder


def generate(settings: Settings | None = None) -> dict[str, Any]:
    """The document every handler in the route table describes, as ``settings``' stage (default: local) serves it."""
    os.environ.setdefault("KEEL_STAGE", "local")
    from infra.local import emulator  # noqa: PLC0415 - settings and credentials first, then the handlers

    emulator.use_fake_credentials()
    from keel import openapi  # noqa: PLC0415
    from keel.routes import ROUTES  # noqa: PLC0415

    routers = [importlib.import_module(f"{route.function}.handler").app.documented_router() for route in ROUTES]
    return openapi.document(routers, settings)


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
