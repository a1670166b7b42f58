"""Two checkouts' benchmark figures, measured in alternation in one run, and their ratios.

    .venv/bin/python benchmarks/side_by_side.py --tree /work/baseline --tree . --rounds 3 -- scoring.py
    .venv/bin/python benchmarks/side_by_side.py --tree /work/baseline --tree . -- broadcast.py --recipients 2000

Figures of one checkout measured an hour apart from another's say more about the machine than about the code
(on a shared 2-core machine a neighbour's test run halves a rate). Here the same benchmark script of each
checkout runs with that checkout's own `.venv`, A B A B …, so both meet the same weather; each figure is the
median of its rounds and the ratio is the second checkout's over the first's. The benchmark must print one JSON
object on its last line (every script in `benchmarks/` does); nested objects are flattened to `a.b` keys.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any


def flatten(value: Any, prefix: str = "") -> dict[str, float]:
    """The numbers of a JSON object, keyed by their dotted path (booleans and strings left out)."""
    if isinstance(value, dict):
        found: dict[str, float] = {}
        for key, inner in value.items():
            found |= flatten(inner, f"{prefix}{key}.")
        return found
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {prefix.rstrip("."): float(value)}
    return {}


def run_once(tree: Path, script: str, arguments: list[str]) -> dict[str, float]:
    command = [str(tree / ".venv" / "bin" / "python"), str(tree / "benchmarks" / script), *arguments]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.exit(f"{' '.join(command)} failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    return flatten(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, action="append", required=True, help="a checkout with its .venv (twice)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("script", help="a script in benchmarks/, e.g. scoring.py")
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="passed to the script")
    args = parser.parse_args()
    if len(args.tree) != 2:
        parser.error("give exactly two --tree")
    trees = [tree.resolve() for tree in args.tree]
    rounds: list[list[dict[str, float]]] = [[], []]
    for index in range(args.rounds):
        for side, tree in enumerate(trees):
            figures = run_once(tree, args.script, args.arguments)
            rounds[side].append(figures)
            print(json.dumps({"round": index + 1, "tree": str(tree), **figures}), flush=True)
    keys = [key for key in rounds[0][0] if all(key in figures for side in rounds for figures in side)]
    summary: dict[str, Any] = {}
    for key in keys:
        before = statistics.median(figures[key] for figures in rounds[0])
        after = statistics.median(figures[key] for figures in rounds[1])
        summary[key] = {"first": before, "second": after, "ratio": round(after / before, 3) if before else None}
    print(json.dumps({"trees": [str(tree) for tree in trees], "rounds": args.rounds, "median": summary}))


if __name__ == "__main__":
    main()
