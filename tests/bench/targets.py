"""Issue 13's targets, judged on ``make bench``'s floor ratios (medians of interleaved runs).

Init + first request: at most 1.15x the floor for reads and lists (the authorizer counts as a read), 1.3x for
writes. Warm net overhead p50 (emulator time and password work excluded): at most 1.3x for get and list routes,
1.5x for writes, against the floor making as many AWS calls as the function does (``report.same_calls_floor``;
for a one-call route that is the floor itself), judged on replayed invocations (``worker.Replay``: the
emulator's answers and Argon2's results given again without waiting, so what moto and Argon2 do to the caches
meanwhile is left out with their time; the figures against the emulator are reported beside them). A function
whose invocations left the success path is not judged on figures: it fails as such.
"""

from __future__ import annotations

from typing import Any

LIMITS = {"init_first_ms": {"read": 1.15, "list": 1.15, "write": 1.3},
          "replayed_p50_same_calls": {"read": 1.3, "list": 1.3, "write": 1.5}}  # fmt: skip


def judge(row: dict[str, Any]) -> list[str]:
    """What ``row`` (a function's summary with ratios) misses of the targets; empty when it meets them all."""
    if row.get("off_success_path"):
        return [f"statuses {','.join(row['off_success_path'])}"]
    missed = []
    for figure, limits in LIMITS.items():
        ratio, limit = row["ratio"].get(figure), limits[row["kind"]]
        if ratio is None or ratio > limit:
            missed.append(f"{figure.removesuffix('_ms').replace('_same_calls', '')} x{ratio} > {limit}")
    return missed


def verdict(rows: dict[str, dict[str, Any]], floors: set[str]) -> dict[str, Any]:
    """``{"met": n, "judged": m, "failing": {function: [what it misses]}}`` over every function but the floors."""
    judged = {name: judge(row) for name, row in rows.items() if name not in floors}
    failing = {name: missed for name, missed in judged.items() if missed}
    return {"met": len(judged) - len(failing), "judged": len(judged), "failing": failing}


def line(result: dict[str, Any]) -> str:
    """The short line printed under the table."""
    failing = "; ".join(f"{name} ({', '.join(missed)})" for name, missed in result["failing"].items())
    return f"targets: {result['met']} of {result['judged']} met" + (f", failing: {failing}" if failing else "")
