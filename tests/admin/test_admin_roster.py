"""Roster import, as an HR office lives it: first load, re-imports, people leaving, and bad rows."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.importing import ImportOptions
from bot.admin.report import ImportReport
from bot.admin.roster import import_roster
from bot.clock import FakeClock
from bot.storage.audit import AuditAction
from bot.storage.models import AuditLog, Employee, Unit
from bot.storage.samples import make_nip
from scoring.models import EmploymentStatus, Position

EXAMPLE = Path(__file__).resolve().parents[2] / "bot" / "admin" / "examples" / "roster_example.csv"
HEADER = ["NIP", "Nama", "Unit Kerja", "Jabatan", "Jenis Jabatan", "Pendidikan Terakhir", "NIP Atasan"]
BOSS, STAFF_1, STAFF_2 = make_nip(1), make_nip(2), make_nip(3)


def roster(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def basic_rows() -> list[list[object]]:
    return [
        [BOSS, "Kepala", "Dinas > Sekretariat", "Sekretaris", "Administrator", "S-2", ""],
        [STAFF_1, "Staf Satu", "Dinas > Sekretariat > Umum", "Pengadministrasi", "Pelaksana", "SMA", BOSS],
        [STAFF_2, "Staf Dua", "Dinas > Sekretariat > Umum", "Pengadministrasi", "Pelaksana", "D-III", BOSS],
    ]


async def employees(session: AsyncSession) -> dict[str, Employee]:
    session.expunge_all()
    return {e.nip: e for e in (await session.exec(select(Employee))).all()}


async def actions(session: AsyncSession) -> list[str]:
    return [a for a in (await session.exec(select(AuditLog.action).order_by(col(AuditLog.id)))).all()]


async def run(
    session: AsyncSession, path: Path, clock: FakeClock, *, partial: bool = False, **options: bool
) -> ImportReport:
    options_en = ImportOptions(lang="en", **options)  # the English wording: the language has tests of its own
    report = await import_roster(session, path, clock=clock, options=options_en, partial=partial)
    await session.commit()
    return report


async def test_the_example_roster_loads_units_supervisors_and_statuses(session: AsyncSession, clock: FakeClock) -> None:
    report = await run(session, EXAMPLE, clock)
    assert report.written and not report.problems
    assert (report.created, report.units_created) == (8, 4)
    units = {u.code: u for u in (await session.exec(select(Unit))).all()}
    assert units["DISDIK-SEK"].parent_id == units["DISDIK"].id and units["DISDIK"].parent_id is None
    assert units["SDN-01"].name == "SD Negeri 01 Sukamaju"
    people = await employees(session)
    head = people["196805121990031003"]
    assert head.position_type is Position.JPT_PRATAMA and head.supervisor_id is None
    assert people["197203151998031002"].supervisor_id == head.id
    assert people["199512302024212005"].employment_status is EmploymentStatus.PPPK
    assert people["198504112010012012"].functional_family == "guru"
    assert people["196805121990031003"].email == "bambang.s@disdik.example.go.id"
    assert all(e.active and e.telegram_user_id is None for e in people.values())
    logged = await actions(session)
    assert logged.count(AuditAction.EMPLOYEE_CREATE) == 8 and logged[-1] == AuditAction.ROSTER_IMPORT


async def test_importing_the_same_file_twice_changes_nothing(session: AsyncSession, clock: FakeClock) -> None:
    await run(session, EXAMPLE, clock)
    before = await employees(session)
    report = await run(session, EXAMPLE, clock)
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 8, 0)
    after = await employees(session)
    assert {n: e.model_dump() for n, e in after.items()} == {n: e.model_dump() for n, e in before.items()}
    assert AuditAction.EMPLOYEE_UPDATE not in await actions(session)


async def test_a_changed_row_updates_the_employee_and_logs_the_change(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    rows = basic_rows()
    await run(session, roster(tmp_path / "a.csv", rows), clock)
    rows[2][1], rows[2][2], rows[2][5], rows[2][6] = "Staf Dua Baru", "Dinas > Keuangan", "S-1", STAFF_1
    report = await run(session, roster(tmp_path / "b.csv", rows), clock)
    assert (report.created, report.updated, report.unchanged, report.units_created) == (0, 1, 2, 1)
    people = await employees(session)
    moved = people[STAFF_2]
    assert moved.name == "Staf Dua Baru" and moved.supervisor_id == people[STAFF_1].id
    unit = await session.get(Unit, moved.unit_id)
    assert unit is not None and unit.code == "Dinas > Keuangan" and unit.name == "Keuangan"
    entry = (await session.exec(select(AuditLog).where(col(AuditLog.action) == AuditAction.EMPLOYEE_UPDATE))).one()
    assert entry.target_employee_id == moved.id
    assert entry.details["changes"] == {
        "name": ["Staf Dua", "Staf Dua Baru"],
        "education": ["d3", "s1"],
        "unit": ["Dinas > Sekretariat > Umum", "Dinas > Keuangan"],
        "supervisor": [BOSS, STAFF_1],
    }


async def test_who_left_a_full_roster_is_deactivated_never_deleted(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    rows = basic_rows()
    await run(session, roster(tmp_path / "a.csv", rows), clock)
    report = await run(session, roster(tmp_path / "b.csv", rows[:2]), clock)
    assert report.deactivated == 1
    people = await employees(session)
    assert not people[STAFF_2].active and people[STAFF_1].active
    partial = await run(session, roster(tmp_path / "c.csv", rows[:1]), clock, partial=True)
    assert partial.deactivated == 0 and (await employees(session))[STAFF_1].active
    back = await run(session, roster(tmp_path / "d.csv", rows), clock)
    assert (back.updated, back.deactivated) == (1, 0) and (await employees(session))[STAFF_2].active


async def test_one_bad_row_means_nothing_is_written_and_every_bad_row_is_named(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    rows = basic_rows()
    rows += [
        ["19850717201001200", "Pendek", "Dinas", "", "Pelaksana", "SMA", ""],
        [make_nip(10), "Jabatan Aneh", "Dinas", "", "Struktural", "SMA", ""],
        [make_nip(11), "Pendidikan Aneh", "Dinas", "", "Pelaksana", "S-9", ""],
        [make_nip(12), "Atasan Hilang", "Dinas", "", "Pelaksana", "SMA", make_nip(99)],
        [STAFF_1, "Kembar", "Dinas", "", "Pelaksana", "SMA", ""],
        [make_nip(13), "", "Dinas", "", "Pelaksana", "SMA", ""],
    ]
    report = await run(session, roster(tmp_path / "bad.csv", rows), clock)
    assert not report.written and report.exit_status == 1
    assert {(p.row, p.reason) for p in report.problems} == {
        (5, "NIP: length: has 17 digits, needs 18"),
        (
            6,
            "Jenis Jabatan: unknown value 'Struktural' (use JPT Utama, JPT Madya, JPT Pratama, Administrator, "
            "Pengawas, Fungsional, Pelaksana, Eselon I-IV)",
        ),
        (
            7,
            "Pendidikan Terakhir: unknown value 'S-9' (use SD, SMP, SMA, D-I … D-IV, S-1, Profesi, S-2, "
            "Spesialis, S-3, Subspesialis)",
        ),
        (8, f"supervisor {make_nip(99)} is not in this roster"),
        (3, "duplicate NIP, also in row 9"),
        (9, "duplicate NIP, also in row 3"),
        (10, "Nama: missing"),
    }
    assert await employees(session) == {}
    assert "row 5 (NIP 19850717201001200): NIP: length" in report.format("en")
    assert "Nothing written" in report.format("en")


async def test_skip_invalid_imports_the_good_rows_and_deactivates_nobody(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    rows = basic_rows()
    await run(session, roster(tmp_path / "a.csv", rows), clock)
    newcomer = make_nip(20)
    rows = [
        rows[0],
        [newcomer, "Baru", "Dinas", "", "Pelaksana", "SMA", BOSS],
        [make_nip(21), "Rusak", "", "", "x", "", ""],
    ]
    report = await run(session, roster(tmp_path / "b.csv", rows), clock, skip_invalid=True)
    assert report.written and report.bad_rows == 1 and report.exit_status == 0
    assert report.deactivated == 0 and "Nobody was marked inactive" in report.format("en")
    people = await employees(session)
    assert newcomer in people and all(e.active for e in people.values())


async def test_a_dry_run_reports_what_would_change_and_writes_nothing(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    report = await run(session, roster(tmp_path / "a.csv", basic_rows()), clock, dry_run=True)
    assert (report.created, report.units_created, report.written, report.exit_status) == (3, 3, False, 0)
    assert "Dry run, nothing written" in report.format("en")
    assert await employees(session) == {} and await actions(session) == []


async def test_units_must_agree_across_rows_and_never_loop(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    header = ["NIP", "Nama", "Kode Unit", "Unit Kerja", "Kode Unit Induk", "Jenis Jabatan", "Pendidikan"]
    rows = [
        [make_nip(1), "A", "A1", "Unit A", "B1", "Pelaksana", "SMA"],
        [make_nip(2), "B", "B1", "Unit B", "A1", "Pelaksana", "SMA"],
        [make_nip(3), "C", "C1", "Unit C", "", "Pelaksana", "SMA"],
        [make_nip(4), "D", "C1", "Unit C lain", "", "Pelaksana", "SMA"],
        [make_nip(5), "E", "E1", "Unit E", "INDUK", "Pelaksana", "SMA"],
    ]
    report = await run(session, roster(tmp_path / "u.csv", rows, header), clock, skip_invalid=True)
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons[2] == "the unit tree loops: A1 → B1 → A1" and reasons[3] == "the unit tree loops: B1 → A1 → B1"
    assert reasons[5].startswith("unit 'C1' is 'Unit C lain' under '(none)' here, but 'Unit C' under '(none)' in row 4")
    assert set(reasons) == {2, 3, 5}
    units = {u.code: u for u in (await session.exec(select(Unit))).all()}
    assert units["INDUK"].name == "INDUK" and units["E1"].parent_id == units["INDUK"].id
    assert "Kode Unit Induk 'INDUK' (row 6) was no unit of this file or of the database" in report.format("en")


async def test_supervisor_loops_are_refused(session: AsyncSession, clock: FakeClock, tmp_path: Path) -> None:
    rows = [
        [make_nip(1), "A", "Dinas", "", "Pelaksana", "SMA", make_nip(2)],
        [make_nip(2), "B", "Dinas", "", "Pelaksana", "SMA", make_nip(1)],
        [make_nip(3), "C", "Dinas", "", "Pelaksana", "SMA", make_nip(1)],
        [make_nip(4), "D", "Dinas", "", "Pelaksana", "SMA", make_nip(4)],
    ]
    report = await run(session, roster(tmp_path / "s.csv", rows), clock)
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons[2] == f"supervisors form a loop: {make_nip(1)} → {make_nip(2)} → {make_nip(1)}"
    assert reasons[5] == "NIP Atasan: an employee cannot be their own supervisor"
    assert 4 not in reasons, "C's supervisor is on a refused row: C is kept, without a supervisor"


async def test_an_ni_pppk_without_a_status_column_gets_a_hint(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    pppk = make_nip(5, status=EmploymentStatus.PPPK)
    report = await run(session, roster(tmp_path / "p.csv", [[pppk, "P", "Dinas", "", "Pelaksana", "SMA", ""]]), clock)
    assert report.problems[0].reason.endswith("(an NI PPPK? give PPPK as its Status Kepegawaian)")


async def test_a_thinner_export_erases_nothing(session: AsyncSession, clock: FakeClock, tmp_path: Path) -> None:
    await run(session, EXAMPLE, clock)
    with EXAMPLE.open(encoding="utf-8") as stream:
        full = list(csv.DictReader(stream))
    keep = [
        "NIP",
        "Nama",
        "Status Kepegawaian",
        "Kode Unit",
        "Unit Kerja",
        "Kode Unit Induk",
        "Jenis Jabatan",
        "Pendidikan Terakhir",
    ]
    thin = roster(tmp_path / "thin.csv", [[row[k] for k in keep] for row in full], keep)
    report = await run(session, thin, clock)
    assert (report.updated, report.unchanged) == (0, 8)
    people = await employees(session)
    assert people["196805121990031003"].email == "bambang.s@disdik.example.go.id"
    assert people["197203151998031002"].supervisor_id is not None


async def test_a_partial_roster_may_name_supervisors_already_in_the_database(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    await run(session, roster(tmp_path / "a.csv", basic_rows()), clock)
    hire = [[make_nip(30), "Baru", "Dinas > Sekretariat", "", "Pelaksana", "SMA", BOSS]]
    refused = await run(session, roster(tmp_path / "b.csv", hire), clock)
    assert refused.problems[0].reason == f"supervisor {BOSS} is not in this roster"
    report = await run(session, roster(tmp_path / "b.csv", hire), clock, partial=True)
    assert report.written and report.created == 1 and report.deactivated == 0


async def test_xlsx_rosters_work_and_numeric_nips_are_refused(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in basic_rows():
        sheet.append(row)
    sheet.append([float(make_nip(40)), "Angka", "Dinas", "", "Pelaksana", "SMA", ""])
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    report = await run(session, path, clock, skip_invalid=True)
    assert report.created == 3
    assert report.problems[0].row == 5 and "format the NIP column as Text" in report.problems[0].reason


async def test_a_roster_without_units_is_refused_as_a_file(
    session: AsyncSession, clock: FakeClock, tmp_path: Path
) -> None:
    from scoring.io.reading import TableError

    path = roster(tmp_path / "n.csv", [], ["NIP", "Nama", "Jenis Jabatan", "Pendidikan"])
    with pytest.raises(TableError, match="Unit Kerja"):
        await run(session, path, clock)
    count = (await session.exec(select(func.count()).select_from(Employee))).one()
    assert count == 0
