"""Benchmark: the unit-map workbook (`/rekap ekspor`, `admin report`) with its per-person sheet; one line of JSON.

    .venv/bin/python benchmarks/workbook.py [--employees 50000] [--units 500]

Times `map_workbook` alone (the writing: every sheet, the "Pegawai" sheet with one row per person), best of 3,
on member facts made here (80% measured, varied dimension points and JP, up to three advised indicators each),
so the figure is the writer's and not the database's (`benchmarks/summary.py` times the reads). The aim
(issue 14): under 10 s for 50,000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.unitmap.facts import MemberFacts, stored_result  # noqa: E402
from bot.unitmap.lacks import Lacks  # noqa: E402
from bot.unitmap.service import UnitInfo, build_map, figures_by_unit  # noqa: E402
from bot.unitmap.workbook import MapPeople, map_workbook  # noqa: E402
from scoring.models import EmploymentStatus  # noqa: E402

AS_OF = date(2026, 11, 28)


def people(count: int, units: int, seed: int = 1) -> list[MemberFacts]:
    rng = random.Random(seed)
    facts = []
    for n in range(count):
        measured = rng.random() < 0.8
        dims = (rng.choice((15.0, 20.0, 25.0)), rng.choice((10.0, 22.5, 40.0)), rng.choice((20.0, 30.0)),
                rng.choice((0.0, 5.0)))
        total = sum(dims)
        category = "Tinggi" if total > 80 else "Sedang" if total > 70 else "Rendah"
        on = date(2026, 11, 1)
        result = stored_result(total, category, dims, True, "permenpan-38-2018", on) if measured else None
        status = rng.choice((EmploymentStatus.PNS, EmploymentStatus.PNS, EmploymentStatus.PPPK))
        facts.append(MemberFacts(n, f"Pegawai Nomor {n}", f"1985071720100{n:05d}", n % units, None, status, None,
                                 False, result, date(2026, 11, 1) if measured else None,
                                 rng.choice((0.0, 8.0, 12.5, 24.0))))
    return facts


ADVICE = (("diklat_teknis", 7.5), ("pendidikan", 5.0), ("skp", 2.5))


def lacking(facts: list[MemberFacts], seed: int = 2) -> dict[int, Lacks]:
    """What each lacks, as `member_lacks` would read it: none to three advised indicators per measured person."""
    rng = random.Random(seed)
    return {m.employee_id: Lacks(m.result is not None, ADVICE[: rng.randint(0, 3)] if m.result else (), m.shortfall)
            for m in facts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=500)
    args = parser.parse_args()
    units = {i: UnitInfo(i, f"U{i:03d}", f"Unit Kerja Nomor {i}", None if i < 10 else i % 10)
             for i in range(args.units)}
    facts = people(args.employees, args.units)
    everyone = MapPeople(facts, lacking(facts))
    found = build_map(figures_by_unit(facts, False), units, scope=None, as_of=AS_OF, include_unofficial=False)
    best, cpu, size = float("inf"), 0.0, 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(map_workbook(found, everyone, "id"))
        seconds = time.perf_counter() - start
        if seconds < best:
            best, cpu = seconds, time.process_time() - start_cpu
    print(json.dumps({"employees": args.employees, "units": args.units, "workbook_s": round(best, 2),
                      "workbook_cpu_s": round(cpu, 2), "workbook_mb": round(size / 1e6, 1),
                      "python": platform.python_version(), "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
