"""Benchmark: import a 50,000-employee roster into SQLite and PostgreSQL; prints one line of JSON.

    .venv/bin/python benchmarks/import_roster.py [--rows 50000] [--pg-url postgresql+asyncpg://…/test]

PostgreSQL runs when --pg-url or TEST_DATABASE_URL is given: a scratch database is created through that
connection and dropped afterwards. Each backend gets a fresh database migrated to head; the timed part is
`import_roster` (read, validate, plan, write, audit) plus the commit, first import and then a re-import of
the same file (which must change nothing). The aim (issue 3) is under 30 s for 50,000 rows.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from bot.admin.importing import ImportOptions  # noqa: E402
from bot.admin.roster import import_roster  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.storage.db import create_engine, create_sessionmaker  # noqa: E402
from bot.storage.samples import make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402

HEADER = [
    "NIP", "Nama", "Status Kepegawaian", "Kode Unit", "Unit Kerja", "Kode Unit Induk", "Jabatan",
    "Jenis Jabatan", "Pendidikan Terakhir", "NIP Atasan", "Email",
]  # fmt: skip
EDUCATION = ["SMA", "D-III", "S-1", "S-1", "S-1", "S-2", "D-IV"]


def write_roster(path: Path, rows: int) -> None:
    """A plausible province: 25 agencies × 10 divisions × 4 sections; each unit's first employee heads it."""
    units = []
    for agency in range(25):
        units.append((f"OPD{agency:02d}", f"Dinas {agency:02d}", ""))
        for division in range(10):
            code = f"OPD{agency:02d}-B{division}"
            units.append((code, f"Bidang {division} Dinas {agency:02d}", f"OPD{agency:02d}"))
            units.extend((f"{code}-S{s}", f"Seksi {s} Bidang {division}", code) for s in range(4))
    head_of: dict[str, str] = {}
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for index in range(rows):
            code, name, parent = units[index % len(units)]
            nip = make_nip(index + 1)
            if code not in head_of:
                head_of[code] = nip
                boss = head_of.get(parent, "")
                position, title = ("JPT Pratama" if not parent else "Administrator"), f"Kepala {name}"
            else:
                boss = head_of[code]
                position, title = ("Fungsional", "Analis") if index % 3 else ("Pelaksana", "Pengadministrasi")
            writer.writerow(
                [nip, f"Pegawai {index + 1}", "PNS", code, name, parent, title, position,
                 EDUCATION[index % len(EDUCATION)], boss, f"p{index + 1}@example.go.id"]
            )  # fmt: skip


async def timed_imports(url: str, roster: Path) -> dict[str, Any]:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    clock = FakeClock(datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
    result: dict[str, Any] = {}
    try:
        for label in ("first", "again"):
            started = time.perf_counter()
            async with sessions() as session:
                report = await import_roster(session, roster, clock=clock, options=ImportOptions())
                await session.commit()
            seconds = time.perf_counter() - started
            if report.problems or not report.written:
                raise SystemExit(f"benchmark roster refused: {report.format()[:500]}")
            result[label] = {
                "seconds": round(seconds, 2),
                "rows_per_s": round(report.rows / seconds),
                "created": report.created,
                "unchanged": report.unchanged,
            }
    finally:
        await engine.dispose()
    return result


def bench_sqlite(roster: Path, directory: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{directory / 'bench.db'}"
    upgrade(url)
    return asyncio.run(timed_imports(url, roster))


def bench_postgresql(roster: Path, admin_url: str) -> dict[str, Any]:
    with scratch_database(admin_url, prefix="ipasn_bench") as url:
        upgrade(url)
        return asyncio.run(timed_imports(url, roster))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        roster = directory / "roster.csv"
        write_roster(roster, args.rows)
        results: dict[str, Any] = {"rows": args.rows, "sqlite": bench_sqlite(roster, directory)}
        if args.pg_url:
            results["postgresql"] = bench_postgresql(roster, args.pg_url)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
