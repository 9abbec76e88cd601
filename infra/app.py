"""The CDK app's entry point (cdk.json): ``make synth STAGE=dev|prod CDK_ARGS="-c key=value ..."``.

Deployer settings are checked before the CDK (and its Node process) starts, from the context the CDK CLI passes
in ``CDK_CONTEXT_JSON``: a mistake costs a second and prints ONE line, never a traceback. The synth itself is
``infra.synth``.
"""

from __future__ import annotations

import json
import os
import sys

from infra.settings import SettingsError, context_of, deploy_config


def main() -> int:
    try:
        if raw := os.environ.get("CDK_CONTEXT_JSON"):
            deploy_config(context_of(json.loads(raw).get))
        from infra.synth import run  # noqa: PLC0415 - starts the CDK's Node process: only with valid settings

        return run()
    except SettingsError as exc:
        print(f"keel: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
