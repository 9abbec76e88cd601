"""Summaries, floor ratios, ``.bench/latest.json`` and the printed table for ``make bench``."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

FIGURES = ("init_ms", "first_extra_ms", "init_first_ms", "warm_p50_ms", "warm_p90_ms", "warm_p99_ms",
           "warm_own_p50_ms", "replayed_p50_ms", "replayed_own_p50_ms", "ddb_calls", "rss_mb")  # fmt: skip
# What SPEC answers on each route's success path (an authorizer's is an Allow policy).
SUCCESS = frozenset({"200", "201", "202", "204", "Allow"})


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def summarize(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the cold environments (warm p50: of each one's median); warm p90/p99 over every warm
    invocation pooled; the statuses of every invocation, and those that are not a success
    (``off_success_path``: the figures measure another path)."""
    warm = [ms for s in samples for ms in s["warm_net_ms"]]
    statuses = sum((Counter(s["statuses"]) for s in samples), Counter[str]())
    return {
        "runs": len(samples),
        "init_ms": statistics.median(s["init_ms"] for s in samples),
        "first_extra_ms": statistics.median(s["first_ms"] for s in samples),
        "init_first_ms": statistics.median(s["init_ms"] + s["first_ms"] for s in samples),
        # The median of each environment's median: one environment that runs slow as a whole (placement, another
        # job) moves it less than it moves a pooled p50. p90/p99 pool every invocation (the tail is the point).
        "warm_p50_ms": statistics.median(_pct(s["warm_net_ms"], 0.50) for s in samples),
        "warm_p90_ms": _pct(warm, 0.90),
        "warm_p99_ms": _pct(warm, 0.99),
        "warm_own_p50_ms": statistics.median(_pct(s["warm_own_ms"], 0.50) for s in samples),
        "replayed_p50_ms": statistics.median(_pct(s["replayed_net_ms"], 0.50) for s in samples),
        "replayed_own_p50_ms": statistics.median(_pct(s["replayed_own_ms"], 0.50) for s in samples),
        "first_wall_ms": statistics.median(s["first_wall_ms"] for s in samples),
        "argon2_first_ms": statistics.median(s["first_argon2_ms"] for s in samples),
        "argon2_warm_p50_ms": _pct([ms for s in samples for ms in s["warm_argon2_ms"]], 0.50),
        "zxcvbn_warm_p50_ms": _pct([ms for s in samples for ms in s["warm_zxcvbn_ms"]], 0.50),
        "aws_calls": samples[-1]["aws_calls"],
        "ddb": samples[-1]["ddb"],
        "ddb_calls": sum(samples[-1]["ddb"].values()),
        "rss_mb": statistics.median(s["rss_mb"] for s in samples),
        "statuses": dict(sorted(statuses.items())),
        "off_success_path": sorted(s for s in statuses if s not in SUCCESS),
        "sdk_retries": sum(s["retries"] for s in samples),
        "argon2_params": samples[-1]["argon2_params"],
    }


def same_calls_floor(floor: dict[str, Any], calls: int, figure: str = "warm") -> float:
    """The floor's p50 (``figure``: ``warm`` against the emulator, or ``replayed``) had it made ``calls`` AWS
    calls instead of its one: its own code plus ``calls`` times the SDK's work for its call (net less own)."""
    own = floor[f"{figure}_own_p50_ms"]
    return float(own + calls * (floor[f"{figure}_p50_ms"] - own))


def with_ratios(row: dict[str, Any], floor: dict[str, Any]) -> dict[str, Any]:
    """``row`` plus ``ratio``: each figure divided by the same figure of the floor of its kind; and
    ``warm_p50_same_calls``: warm p50 against the floor making as many AWS calls as the function (SPEC decides a
    route's calls, e.g. login's lockout; the calls have their own column)."""
    ratio = {k: round(row[k] / floor[k], 2) if floor[k] else None for k in FIGURES}
    for figure in ("warm", "replayed"):
        reference = same_calls_floor(floor, max(1, row.get("aws_calls", 1)), figure)
        same = row[f"{figure}_p50_ms"] / reference if reference > 0 else None
        ratio[f"{figure}_p50_same_calls"] = round(same, 2) if same is not None else None
    return {**{k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}, "ratio": ratio}


def write(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")


# The printed columns (every figure is in the JSON): key, title, width, decimals; the figure, then (xRATIO).
COLUMNS = (("init_ms", "init ms", 15, 1), ("first_extra_ms", "1st-req ms", 15, 1),
           ("init_first_ms", "init+1st ms", 15, 1), ("warm_p50_ms", "warm p50", 14, 2),
           ("warm_p90_ms", "warm p90", 14, 2), ("warm_p99_ms", "warm p99", 14, 2),
           ("warm_own_p50_ms", "own p50", 14, 2), ("replayed_p50_ms", "replay p50", 14, 2),
           ("ddb_calls", "ddb", 9, 0), ("rss_mb", "rss MB", 13, 1))  # fmt: skip


def print_table(rows: dict[str, dict[str, Any]]) -> None:
    """One line per function: the absolute figure, then ``(xRATIO)`` to the floor of its kind; warm and replayed
    p50 against the floor making as many calls; Argon2 ms (first request / warm p50, already subtracted from the
    figures); statuses, ``!`` marking one off the success path, and the SDK's retries if any (a request that timed
    out on a loaded machine may be refused when retried)."""
    head = f"{'function':20s} {'kind':5s} " + " ".join(f"{title:>{width}s}" for _, title, width, _ in COLUMNS)
    print(head + f" {'calls':>5s} {'same':>5s} {'replay':>6s} {'argon2':>9s} {'zxcvbn':>6s}  ddb calls [statuses]")
    for name, row in rows.items():
        r, cells = row["ratio"], []
        for key, _, width, decimals in COLUMNS:
            value = f"{row[key]:.{decimals}f}"
            cells.append(f"{value + ' (x' + format(r[key] or 0, '.2f') + ')':>{width}s}")
        argon2 = f"{row['argon2_first_ms']:.0f}/{row['argon2_warm_p50_ms']:.0f}" if row["argon2_first_ms"] else "-"
        zxcvbn = f"{row['zxcvbn_warm_p50_ms']:.1f}" if row["zxcvbn_warm_p50_ms"] else "-"
        same = f"x{r['warm_p50_same_calls'] or 0:.2f} x{r['replayed_p50_same_calls'] or 0:.2f}"
        calls = ", ".join(f"{op} {n}" for op, n in sorted(row["ddb"].items()))
        statuses = ",".join(f"{s}x{n}" for s, n in row["statuses"].items()) + ("  !" if row["off_success_path"] else "")
        statuses += f", {row['sdk_retries']} SDK retries" if row["sdk_retries"] else ""
        tail = f" {row['aws_calls']:>5d} {same:>12s} {argon2:>9s} {zxcvbn:>6s}  {calls} [{statuses}]"
        print(f"{name[:20]:20s} {row['kind']:5s} " + " ".join(cells) + tail)
