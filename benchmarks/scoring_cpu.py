"""CPU time of scoring in two checkouts, on identical input, alternated; for a machine that is not quiet.

    .venv/bin/python benchmarks/scoring_cpu.py --tree /work/baseline --tree . [--profiles 50000] [--rounds 5]

`benchmarks/scoring.py` reports wall-clock rates, which a neighbour's test run halves. Here each checkout's own
`scoring` (and `.venv`) scores the same profiles and the same batch CSV, both made by this checkout's generators in
`benchmarks/scoring.py`; what is measured is CPU time (`time.process_time` in the child for `score` and
validate-JSON + `score`; the batch child's rusage), and the figure kept is the best of the rounds: contention only
ever adds CPU time (cache misses, a shared core), so the minimum is the closest to the code's own cost. Trees run
A B A B …; the last line is JSON with each figure per tree and the ratio second/first (below 1 = faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Runs inside each tree's own interpreter: that tree's `scoring` is imported first, so the generator module
# (this checkout's benchmarks/scoring.py) binds its `Profile` and `score` to it.
CHILD = r"""
import importlib.util, json, random, sys, time
tree, generator, count, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, tree)
import scoring
spec = importlib.util.spec_from_file_location("bench_scoring", generator)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
assert bench.score.__module__.startswith("scoring") and scoring.__file__.startswith(tree), scoring.__file__
rng = random.Random(2019)
texts = [json.dumps(bench.profile_data(rng)) for _ in range(count)]
profiles = [bench.Profile.model_validate_json(text) for text in texts]
for profile in profiles[:1000]:
    bench.score(profile, as_of=bench.AS_OF)

def best(work):
    times = []
    for _ in range(repeats):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)

score_s = best(lambda: [bench.score(p, as_of=bench.AS_OF) for p in profiles])
validate_s = best(lambda: [bench.score(bench.Profile.model_validate_json(t), as_of=bench.AS_OF) for t in texts])
print(json.dumps({"score_cpu_us": score_s / count * 1e6, "validate_and_score_cpu_us": validate_s / count * 1e6}))
"""


def score_cpu(tree: Path, count: int, repeats: int) -> dict[str, float]:
    python = str(tree / ".venv" / "bin" / "python")
    done = subprocess.run([python, "-c", CHILD, str(tree), str(ROOT / "benchmarks" / "scoring.py"), str(count),
                           str(repeats)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{tree}: {done.stderr.strip()[-800:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def batch_cpu(tree: Path, source: Path, output: Path, as_of: str) -> float:
    """CPU seconds of `python -m scoring batch` in `tree`, from the child's own rusage."""
    command = [str(tree / ".venv" / "bin" / "python"), "-m", "scoring", "batch", str(source), "-o", str(output),
               "--as-of", as_of]
    child = subprocess.Popen(command, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{tree}: batch failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, action="append", required=True, help="a checkout with its .venv (twice)")
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the batch CSV")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if len(args.tree) != 2:
        parser.error("give exactly two --tree")
    trees = [tree.resolve() for tree in args.tree]
    spec = importlib.util.spec_from_file_location("bench_scoring", ROOT / "benchmarks" / "scoring.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)  # benchmarks/scoring.py: the same CSV for both trees
    spec.loader.exec_module(generator)

    best: list[dict[str, float]] = [{}, {}]
    with tempfile.TemporaryDirectory(prefix="ipasn-cpu-") as folder:
        source, output = Path(folder) / "sheet.csv", Path(folder) / "scored.csv"
        generator.write_sheet(source, args.rows, 2019)
        for index in range(args.rounds):
            for side, tree in enumerate(trees):
                figures: dict[str, Any] = score_cpu(tree, args.profiles, 3)
                batch = batch_cpu(tree, source, output, generator.AS_OF.isoformat())
                figures["batch_cpu_us_per_row"] = batch / args.rows * 1e6
                print(json.dumps({"round": index + 1, "tree": str(tree), **figures}), flush=True)
                for key, value in figures.items():
                    best[side][key] = min(value, best[side].get(key, value))
    summary = {key: {"first": round(best[0][key], 2), "second": round(best[1][key], 2),
                     "ratio": round(best[1][key] / best[0][key], 3)} for key in best[0]}
    print(json.dumps({"trees": [str(tree) for tree in trees], "best_of_rounds": summary}))


if __name__ == "__main__":
    main()
