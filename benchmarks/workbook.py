"""Benchmark: the unit-map workbook (`/rekap ekspor`, `admin report`) with its per-person sheet; one line of JSON.

    .venv/bin/python benchmarks/workbook.py [--employees 50000] [--units 500] [--database [--pg-url URL]]

Times `map_workbook` alone (the writing: every sheet, the "Pegawai" sheet with one row per person, the change
since the end of last year), best of 3,
on member facts made here (80% measured, varied dimension points and JP, up to three advised indicators each),
so the figure is the writer's and not the database's (`benchmarks/summary.py` times the reads). The aim
(issue 14): under 10 s for 50,000.

With --database, also the whole of `/rekap ekspor` for an HR admin of every unit (`map_export`: the map, every
person's facts, what each lacks read from the stored advice, the comparison with the end of last year, the
writing), best of 3, over `benchmarks/summary.py`'s agency of --employees on SQLite, and on PostgreSQL when
--pg-url or TEST_DATABASE_URL is given; and the advice read alone (`member_lacks`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.storage.db import create_engine, create_sessionmaker  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402
from bot.targeting.compare import changes  # noqa: E402
from bot.targeting.export import map_export  # noqa: E402
from bot.unitmap.facts import MemberFacts, facts_for_units, stored_result  # noqa: E402
from bot.unitmap.lacks import Lacks, member_lacks  # noqa: E402
from bot.unitmap.service import UnitInfo, build_map, figures_by_unit, hr_unit_map  # noqa: E402
from bot.unitmap.workbook import Compared, MapPeople, map_workbook  # noqa: E402
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


async def from_database(url: str, employees: int) -> dict[str, float]:
    """`map_export` end to end and `member_lacks` alone, best of 3 each, over summary.py's agency."""
    from summary import TODAY, seed  # benchmarks/summary.py, beside this script

    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    try:
        hr, _ = await seed(sessions, employees)
        best = {"export_s": float("inf"), "lacks_read_s": float("inf")}
        for _ in range(3):
            async with sessions() as session:
                start = time.perf_counter()
                found = await hr_unit_map(session, hr, today=TODAY, include_unofficial=False)
                assert found is not None
                await map_export(session, found, "id")
                best["export_s"] = min(best["export_s"], time.perf_counter() - start)
                members = await facts_for_units(session, None, TODAY)
                start = time.perf_counter()
                await member_lacks(session, members, found.basis)
                best["lacks_read_s"] = min(best["lacks_read_s"], time.perf_counter() - start)
        return {name: round(value, 2) for name, value in best.items()}
    finally:
        await engine.dispose()


def databases(employees: int, pg_url: str | None) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
        upgrade(url)
        found = {"sqlite": asyncio.run(from_database(url, employees))}
    if pg_url:
        with scratch_database(pg_url, prefix="ipasn_bench") as url:
            upgrade(url)
            found["postgresql"] = asyncio.run(from_database(url, employees))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--database", action="store_true", help="also time /rekap ekspor with its reads")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    units = {i: UnitInfo(i, f"U{i:03d}", f"Unit Kerja Nomor {i}", None if i < 10 else i % 10)
             for i in range(args.units)}
    facts = people(args.employees, args.units)
    everyone = MapPeople(facts, lacking(facts))
    found = build_map(figures_by_unit(facts, False), units, scope=None, as_of=AS_OF, include_unofficial=False)
    since = date(AS_OF.year - 1, 12, 31)
    before = build_map(figures_by_unit(people(args.employees, args.units, seed=3), False), units, scope=None,
                       as_of=since, include_unofficial=False)
    compared = Compared(since, changes(before, found))
    best, cpu, size = float("inf"), 0.0, 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(map_workbook(found, everyone, "id", compared))
        seconds = time.perf_counter() - start
        if seconds < best:
            best, cpu = seconds, time.process_time() - start_cpu
    results: dict[str, object] = {"employees": args.employees, "units": args.units, "workbook_s": round(best, 2),
                                  "workbook_cpu_s": round(cpu, 2), "workbook_mb": round(size / 1e6, 1)}
    if args.database:
        results.update(databases(args.employees, args.pg_url))
    print(json.dumps({**results, "python": platform.python_version(), "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
