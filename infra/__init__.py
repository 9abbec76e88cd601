"""Keel's infrastructure: the CDK app, the local gateway and the ops commands (``infra.ops``).

``python -m infra.<module>`` from the repository root works without ``PYTHONPATH``: when the shared layer's
``keel`` package is not importable (it is under make, pytest, cdk.json's app command and on Lambda), its folder and
``functions/`` are put on ``sys.path`` here, where they sit in the Lambda runtime (``/opt/python``, the task root).
"""

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("keel") is None:
    _ROOT = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(_ROOT / "layers" / "shared" / "python"), str(_ROOT / "functions")]
