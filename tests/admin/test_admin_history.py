"""Training, SKP and penalty history imports: keyed by NIP, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.history import PENALTIES, SKP, TRAININGS, HistorySpec, import_history
from bot.admin.importing import ImportOptions
from bot.admin.report import ImportReport
from bot.claims import service as claims
from bot.clock import FakeClock
from bot.storage.audit import AuditAction
from bot.storage.models import (
    AuditLog,
    Claim,
    ClaimStatus,
    PenaltyRecord,
    PerformanceRecord,
    RecordKind,
    RecordSource,
    SkpSystem,
    TrainingRecord,
)
from bot.storage.profiles import Basis, build_profile
from bot.storage.samples import MakeEmployee
from scoring.models import LeadershipLevel, PenaltyLevel, Predicate, TrainingKind

TRAINING_HEADER = ["NIP", "Jenis", "Nama Pelatihan", "Penyelenggara", "Tanggal Mulai", "Tanggal Selesai", "JP", "Jam",
                   "Tingkat", "Sesuai Jabatan", "No Sertifikat"]  # fmt: skip


def sheet(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


async def run(session: AsyncSession, spec: HistorySpec, path: Path, clock: FakeClock, **options: bool) -> ImportReport:
    report = await import_history(session, spec, path, clock=clock, options=ImportOptions(lang="en", **options))
    await session.commit()
    return report


async def test_trainings_load_once_and_update_when_changed(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee()
    await session.commit()
    rows: list[list[object]] = [
        [siti.nip, "Diklat Teknis", "Analisis Kebijakan", "BPSDM", "01/03/2026", "05/03/2026", "", "12", "", "", "123"],
        [
            siti.nip,
            "Diklat Kepemimpinan",
            "PKA Angkatan I",
            "LAN",
            "",
            "2019-05-01",
            "0",
            "",
            "Diklatpim III",
            "ya",
            "",
        ],
        [siti.nip, "Webinar", "Kebijakan ASN", "", "", "7 Agustus 2026", "2,5", "", "", "", ""],
    ]
    report = await run(session, TRAININGS, sheet(tmp_path / "t.csv", TRAINING_HEADER, rows), clock)
    assert report.written and (report.created, report.updated) == (3, 0)
    records = {r.title: r for r in (await session.exec(select(TrainingRecord))).all()}
    technical = records["Analisis Kebijakan"]
    assert (technical.kind, technical.jp, technical.start_date, technical.end_date) == (
        TrainingKind.TEKNIS, 16.0, date(2026, 3, 1), date(2026, 3, 5),
    )  # fmt: skip
    assert technical.source is RecordSource.IMPORT and technical.certificate_number == "123"
    leadership = records["PKA Angkatan I"]
    assert leadership.level is LeadershipLevel.PKA and leadership.matches_position is True
    assert records["Kebijakan ASN"].kind is TrainingKind.SEMINAR and records["Kebijakan ASN"].jp == 2.5

    again = await run(session, TRAININGS, sheet(tmp_path / "t.csv", TRAINING_HEADER, rows), clock)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows[0][7] = "15"
    changed = await run(session, TRAININGS, sheet(tmp_path / "t2.csv", TRAINING_HEADER, rows), clock)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    session.expunge_all()
    assert len((await session.exec(select(TrainingRecord))).all()) == 3
    entry = (
        await session.exec(
            select(AuditLog)
            .where(col(AuditLog.action) == AuditAction.TRAINING_IMPORT)
            .order_by(col(AuditLog.id).desc())
        )
    ).first()
    assert entry is not None and entry.details["diff"] == {"jp": [16.0, 20.0]}


async def test_an_employees_own_entry_is_never_overwritten_and_an_import_that_contains_it_closes_it(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee()
    assert siti.id is not None
    own = await claims.add_training(session, siti.id, {"kind": "teknis", "title": "Analisis Kebijakan",
                                                       "end_date": date(2026, 3, 5), "jp": 20}, now=clock.now())
    await session.commit()
    rows = [[siti.nip, "teknis", "ANALISIS KEBIJAKAN", "", "", "2026-03-05", "8", "", "", "", ""]]
    report = await run(session, TRAININGS, sheet(tmp_path / "t.csv", TRAINING_HEADER, rows), clock)
    assert (report.created, report.updated, report.closed) == (1, 0, 1)
    assert "claims confirmed and closed 1" in report.format("en")
    session.expunge_all()
    mine = await session.get(TrainingRecord, own.id)
    assert mine is not None and (mine.jp, mine.source) == (20, RecordSource.SELF)  # her entry as she made it
    claim = await session.get(Claim, mine.claim_id)
    assert claim is not None and (claim.status, claim.decided_by) == (ClaimStatus.VERIFIED, "cli")
    assert claim.closed_at is not None
    profile = await build_profile(session, siti.id)
    assert [t.jp for t in profile.trainings] == [8]  # the official record counts, once


async def test_bad_training_rows_are_each_named(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee()
    await session.commit()
    rows = [
        [siti.nip, "teknis", "Besok", "", "", "29/11/2026", "8", "", "", "", ""],
        [siti.nip, "kepemimpinan", "Tanpa Tingkat", "", "", "2025-01-01", "8", "", "", "", ""],
        [siti.nip, "teknis", "Dua Satuan", "", "", "2025-01-01", "8", "6", "", "", ""],
        [siti.nip, "rapat", "Jenis Aneh", "", "", "2025-01-01", "8", "", "", "", ""],
        ["198507172010012004", "teknis", "Orang Lain", "", "", "2025-01-01", "8", "", "", "", ""],
        ["1985", "teknis", "NIP Rusak", "", "", "2025-01-01", "8", "", "", "", ""],
        [siti.nip, "teknis", "Kembar", "", "", "2025-02-01", "8", "", "", "", ""],
        [siti.nip, "Teknis", "kembar", "", "", "01/02/2025", "4", "", "", "", ""],
        [siti.nip, "teknis", "Mundur", "", "2025-03-02", "2025-03-01", "8", "", "", "", ""],
    ]
    report = await run(session, TRAININGS, sheet(tmp_path / "t.csv", TRAINING_HEADER, rows), clock)
    assert not report.written
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons[2] == "Tanggal Selesai: 29/11/2026 is after today; only past records are imported"
    assert "needs a level" in reasons[3]
    assert reasons[4] == "give either jp or hours, not both"
    assert reasons[5].startswith("Jenis: 'rapat' is not a kind of training; use teknis, fungsional")
    assert reasons[6] == "NIP: no employee with this NIP (import the roster first)"
    assert reasons[7] == "NIP: length: has 4 digits, needs 18"
    assert reasons[8] == "the same record as row 9" and reasons[9] == "the same record as row 8"
    assert reasons[10] == "start date is after end date"
    assert (await session.exec(select(TrainingRecord))).all() == []


async def test_skp_one_official_appraisal_a_year_replaced_by_the_import_and_an_own_one_stays_beside(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee()
    assert siti.id is not None
    claim = await claims.state_appraisal(session, siti.id, claims.Appraisal(2025, "cukup"), now=clock.now())
    session.add(PerformanceRecord.model_validate({
        "employee_id": siti.id, "year": 2021, "predicate": "cukup", "source": RecordSource.IMPORT,
        "created_by": "x"}))
    await session.commit()
    header = ["NIP", "Tahun", "Nilai SKP", "Predikat", "Sistem"]
    rows = [
        [siti.nip, "2018", "91,5", "", ""],
        [siti.nip, "2025", "", "Sangat Baik", ""],
        [siti.nip, "2021", "", "baik", "PP 30/2019"],
        [siti.nip, "2023", "88", "", ""],
        [siti.nip, "2027", "", "baik", ""],
        [siti.nip, "2022", "", "hebat", ""],
    ]
    report = await run(session, SKP, sheet(tmp_path / "s.csv", header, rows), clock, skip_invalid=True)
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons[5] == "a numeric score belongs to the PP 46/2011 SKP; give the predicate for 2023"
    assert reasons[6] == "Tahun: 2027 is after this year"
    assert reasons[7] == (
        "Predikat: 'hebat' is not an SKP predicate; use one of Sangat Baik, Baik, Cukup, Butuh Perbaikan, Kurang, "
        "Buruk, Sangat Kurang"
    )
    assert (report.created, report.updated) == (2, 1)
    session.expunge_all()
    records = (await session.exec(select(PerformanceRecord))).all()
    by_year = {r.year: r for r in records if r.source is RecordSource.IMPORT}
    assert by_year[2018].score == 91.5 and by_year[2018].system is SkpSystem.PP46_2011
    assert by_year[2025].predicate is Predicate.SANGAT_BAIK
    assert by_year[2021].system is SkpSystem.PP30_2019 and by_year[2021].predicate is Predicate.BAIK
    [own] = [r for r in records if r.source is RecordSource.SELF]
    assert (own.year, own.predicate) == (2025, Predicate.CUKUP)  # her statement stays, beside the official one
    assert claim is not None
    stored = await session.get(Claim, claim.id)
    assert stored is not None and stored.status is ClaimStatus.PENDING
    assert (stored.target_kind, stored.target_id) == (RecordKind.SKP, by_year[2025].id)
    verified = await build_profile(session, siti.id, basis=Basis.VERIFIED)
    assert verified.performance is not None and verified.performance.predicate is Predicate.SANGAT_BAIK
    declared = await build_profile(session, siti.id)
    assert declared.performance is not None and declared.performance.predicate is Predicate.CUKUP


async def test_penalties_keyed_by_level_and_date(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee()
    await session.commit()
    header = ["NIP", "Jenis Hukuman", "TMT Hukuman", "Nomor SK"]
    rows = [[siti.nip, "Hukuman Disiplin Ringan", "2024-02-01", "800/1"], [siti.nip, "berat", "2021-06-30", ""]]
    first = await run(session, PENALTIES, sheet(tmp_path / "p.csv", header, rows), clock)
    assert first.created == 2
    rows[0][3] = "800/1 (revisi)"
    second = await run(session, PENALTIES, sheet(tmp_path / "p.csv", header, rows), clock)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 1)
    session.expunge_all()
    records = {r.level: r for r in (await session.exec(select(PenaltyRecord))).all()}
    assert records[PenaltyLevel.RINGAN].description == "800/1 (revisi)"
    assert records[PenaltyLevel.BERAT].effective_date == date(2021, 6, 30)
    summary = (await session.exec(select(AuditLog).where(col(AuditLog.action) == AuditAction.RECORDS_IMPORT))).all()
    assert [s.details["what"] for s in summary] == ["Penalties", "Penalties"]


async def test_penalties_by_the_type_hr_records_map_to_their_level(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    """PP 94/2021 art. 8 (and PP 53/2010 art. 7 for older records): the type is stored as its level and kept
    in the description; a type the regulation does not name refuses the file, naming its row."""
    siti = await make_employee()
    await session.commit()
    header = ["NIP", "Jenis Hukuman", "TMT", "Nomor SK"]
    rows = [[siti.nip, "Teguran Tertulis", "2024-02-01", "800/1"],
            [siti.nip, "Pemotongan tukin 25% selama 9 (sembilan) bulan", "2023-03-01", ""],
            [siti.nip, "penundaan KGB selama 1 tahun", "2019-05-01", ""],
            [siti.nip, "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", "2022-01-10", ""]]
    report = await run(session, PENALTIES, sheet(tmp_path / "p.csv", header, rows), clock)
    assert report.created == 4, report.format("en")
    session.expunge_all()
    stored = {r.effective_date: r for r in (await session.exec(select(PenaltyRecord))).all()}
    assert stored[date(2024, 2, 1)].level is PenaltyLevel.RINGAN
    assert stored[date(2024, 2, 1)].description == "Teguran Tertulis; 800/1"
    assert stored[date(2023, 3, 1)].level is PenaltyLevel.SEDANG
    assert stored[date(2019, 5, 1)].level is PenaltyLevel.SEDANG
    assert stored[date(2022, 1, 10)].level is PenaltyLevel.BERAT
    again = await run(session, PENALTIES, sheet(tmp_path / "p.csv", header, rows), clock)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    bad = [[siti.nip, "skorsing", "2024-02-01", ""], [siti.nip, "teguran lisan", "2024-03-01", ""]]
    refused = await run(session, PENALTIES, sheet(tmp_path / "bad.csv", header, bad), clock)
    assert not refused.written and [p.row for p in refused.problems] == [2]
    assert "'skorsing' is not a penalty level" in refused.problems[0].reason
    assert "teguran lisan" in refused.problems[0].reason  # the refusal names the types there are
