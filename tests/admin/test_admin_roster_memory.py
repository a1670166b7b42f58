"""A roster is checked and its dry run listed in memory proportional to its rows and small per row (issue 11:
a 100 MB roster well under 500 MB). Measured with tracemalloc, never with a clock; the figures for the 100 MB
file are `benchmarks/hostile_files.py`'s."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path

from bot.admin.report import ImportReport
from bot.admin.roster import Database, plan_roster, planned_changes
from bot.admin.roster_rows import ROSTER_LAYOUT, check_rows, check_supervisors, check_units
from bot.storage.samples import make_nip
from scoring.io.reading import open_table

ROWS = 10_000
UNITS = 40
BYTES_PER_ROW = 800
"""The peak of checking and listing, per row: about 620 bytes now (rows of this file); over 1,000 when every
row's change, then every line of the listing and then the whole text were held."""


def write_roster(path: Path) -> None:
    """Each unit's first employee heads it and reports to the head of the first unit."""
    heads: dict[int, str] = {}
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["NIP", "Nama", "Kode Unit", "Unit Kerja", "Kode Unit Induk", "Jabatan", "Jenis Jabatan",
                         "Pendidikan Terakhir", "NIP Atasan", "Email"])
        for index in range(ROWS):
            unit = index % UNITS
            nip = make_nip(index + 1)
            boss = heads.get(unit) or heads.get(0, "")
            heads.setdefault(unit, nip)
            writer.writerow([nip, f"Pegawai Nomor {index + 1}, S.Pd.", f"U{unit:02d}", f"Seksi {unit}",
                             "" if unit == 0 else "U00", "Pengadministrasi Umum" if index % 3 else "Analis",
                             "Pelaksana" if boss else "JPT Pratama", "S-1", boss, f"pegawai{index + 1}@example.go.id"])


def test_a_roster_dry_run_holds_a_few_hundred_bytes_a_row(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    write_roster(path)
    db = Database(unit_id={}, unit_code={}, unit_row={}, employees={}, nip_of={})
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        with open_table(path, ROSTER_LAYOUT) as table:
            header = table.header
            checked, rows = check_rows(table)
        check_units(checked, db.parent_codes())
        check_supervisors(checked, None)
        plan = plan_roster(checked, db, header, deactivate_missing=True, lang="en")
        report = ImportReport(what="import.what.roster", file=path.name, rows=rows, dry_run=True,
                              created=len(plan.inserts), problems=checked.problems)
        report.planned = lambda: planned_changes(plan, db, header, "en")
        listed, first = 0, ""
        for line in report.lines("en"):  # as the command prints them: one at a time
            if line.startswith("  "):
                listed += 1
                first = first or (line if listed == UNITS + 1 else "")
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert not checked.problems
    assert listed == UNITS + ROWS  # every unit and every employee is listed, none left out to save memory
    assert first == f"  + {make_nip(1)} Pegawai Nomor 1, S.Pd.: unit U00"
    assert peak < ROWS * BYTES_PER_ROW, f"{peak / ROWS:.0f} bytes a row"
