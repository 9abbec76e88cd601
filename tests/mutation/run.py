"""``make mutate``: plant each bug of ``tests/mutation/mutants.py`` in a copy of the keel layer, run the tests that
should notice it, and report which were killed. The working tree is never modified.

    make mutate                 # every mutant
    make mutate MUTANT=lock     # only mutants whose name contains "lock"
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.mutation.mutants import KEEL, MUTANTS, Mutant

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 600


def _planted(mutant: Mutant, where: Path) -> Path:
    """A copy of the layer's python dir with ``mutant`` applied; fails loudly if the code moved."""
    layer = where / "python"
    shutil.copytree(ROOT / KEEL.removesuffix("keel/"), layer, ignore=shutil.ignore_patterns("__pycache__"))
    target = layer / "keel" / mutant.path
    source = target.read_text()
    if source.count(mutant.old) != 1:
        raise SystemExit(f"mutant {mutant.name!r}: its code is not found exactly once in {mutant.path}")
    target.write_text(source.replace(mutant.old, mutant.new))
    return layer


def _verdict(mutant: Mutant) -> tuple[str, float]:
    """ "killed" (a test failed), "SURVIVED" (all passed) or "BROKEN" (the run itself failed: import or usage
    error, which proves nothing), and the seconds it took."""
    with tempfile.TemporaryDirectory(prefix="keel-mutant-") as tmp:
        layer = _planted(mutant, Path(tmp))
        env = {**os.environ, "PYTHONPATH": f"{layer}:functions:.", "PYTHONDONTWRITEBYTECODE": "1"}
        # pyproject's pythonpath would put the real layer first: point it at the mutated copy instead.
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                   "-o", f"pythonpath={layer} functions .", *mutant.tests]  # fmt: skip
        started = time.monotonic()
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            return "killed", time.monotonic() - started  # a hang is noticed too
        verdicts = {0: "SURVIVED", 1: "killed"}  # pytest: 1 = some test failed
        return verdicts.get(done.returncode, "BROKEN"), time.monotonic() - started


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    chosen = [m for m in MUTANTS if wanted.lower() in m.name.lower()]
    survivors = []
    for mutant in chosen:
        verdict, seconds = _verdict(mutant)
        print(f"{verdict:8} {seconds:6.1f}s  {mutant.name}", flush=True)
        if verdict != "killed":
            survivors.append(f"{mutant.name} ({verdict})")
    rate = 100.0 * (len(chosen) - len(survivors)) / max(1, len(chosen))
    print(f"\n{len(chosen) - len(survivors)}/{len(chosen)} planted bugs killed ({rate:.1f} %)")
    for name in survivors:
        print(f"  not killed: {name}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
