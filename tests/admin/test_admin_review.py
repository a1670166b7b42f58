"""HR reviews claims by spreadsheet: `admin review export`, fill in *Keputusan*, `admin review import`.

All or nothing, like the roster import: an unknown claim id or decision, a rejection without a reason, a claim
changed since the export each name their row and nothing is written. Approved claims the official data still
lacks are listed "perlu dimutakhirkan di SIASN" until an import brings them.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl  # type: ignore[import-untyped]
import pytest
from sqlmodel import col, select

from bot.__main__ import main
from bot.claims import service as claims
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import AuditLog, Claim, ClaimStatus
from bot.storage.samples import employee_factory

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def on_database(url: str, work: Any) -> Any:
    async def run() -> Any:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(run())


def seed(url: str) -> list[int]:
    """Rina and Sari claim a training each; Rina's has a certificate number and a formula-looking title."""

    async def work(session: Any) -> list[int]:
        make = employee_factory(session)
        rina, sari = await make(name="Rina"), await make(name="Sari")
        ids = []
        for person, title in ((rina, "=HYPERLINK(\"http://x\")"), (sari, "Bimtek Arsip")):
            record = await claims.add_training(session, person.id or 0, {
                "kind": "teknis", "title": title, "jp": 24, "end_date": date(2026, 3, 10),
                "certificate_number": "SRT-1" if person is rina else None}, now=NOW)
            ids.append(record.claim_id)
        return ids

    return on_database(url, work)


def statuses(url: str) -> list[ClaimStatus]:
    async def work(session: Any) -> list[ClaimStatus]:
        return [c.status for c in (await session.exec(select(Claim).order_by(col(Claim.id)))).all()]

    return on_database(url, work)


def fill(path: Path, decisions: dict[int, tuple[str, str]], out: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        claim_id = row[header.index("ID Klaim")].value
        if claim_id in decisions:
            row[header.index("Keputusan")].value, row[header.index("Alasan")].value = decisions[claim_id]
    book.save(out)


def test_export_fill_import_all_or_nothing(database_url: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url = ["--url", database_url]
    first, second = seed(database_url)
    exported = tmp_path / "tinjau.xlsx"
    assert main(["admin", "review", "export", "-o", str(exported), *url]) == 0
    assert "2 klaim menunggu, 0 perlu dimutakhirkan di SIASN" in capsys.readouterr().out
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == ["Klaim", "Perlu dimutakhirkan di SIASN", "Petunjuk"]
    rows = [[c.value for c in row] for row in book["Klaim"].iter_rows()]
    assert rows[0][:2] == ["ID Klaim", "Versi"] and rows[0][-2:] == ["Keputusan", "Alasan"]
    title_cell = next(c for c in book["Klaim"][2] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert title_cell.data_type == "s"  # text, never a live formula
    assert any("No. sertifikat SRT-1" in str(v) for v in rows[1])

    bad = tmp_path / "salah.xlsx"
    fill(exported, {first: ("tolak", ""), second: ("mungkin", "")}, bad)
    book = openpyxl.load_workbook(bad)
    book.worksheets[0].append([99999, "abcdef", None, None, None, None, None, None, None, None, None, "setujui"])
    book.save(bad)
    assert main(["admin", "review", "import", str(bad), *url]) == 1
    out = capsys.readouterr().out
    assert "baris 2" in out and "Alasan belum ada" in out
    assert "baris 3" in out and "keputusan 'mungkin' tidak dikenal" in out
    assert "baris 4: ID klaim 99999 tidak dikenal" in out and "Tidak ada yang ditulis" in out
    assert statuses(database_url) == [ClaimStatus.PENDING, ClaimStatus.PENDING]

    good = tmp_path / "baik.xlsx"
    fill(exported, {first: ("Setujui", ""), second: ("TOLAK", "Sertifikat tidak terbaca")}, good)
    assert main(["admin", "review", "import", str(good), "--dry-run", *url]) == 0
    assert "disetujui 1, ditolak 1, dilewati 0" in capsys.readouterr().out
    assert statuses(database_url) == [ClaimStatus.PENDING, ClaimStatus.PENDING]
    assert main(["admin", "review", "import", str(good), *url]) == 0
    assert "Ditulis: disetujui 1, ditolak 1" in capsys.readouterr().out
    assert statuses(database_url) == [ClaimStatus.VERIFIED, ClaimStatus.REJECTED]
    assert main(["admin", "review", "import", str(good), *url]) == 1  # the same file again: already decided
    assert "sudah disetujui; tidak dapat diputuskan lagi" in capsys.readouterr().out

    again = tmp_path / "lagi.xlsx"
    assert main(["admin", "review", "export", "-o", str(again), *url]) == 0
    assert "0 klaim menunggu, 1 perlu dimutakhirkan di SIASN" in capsys.readouterr().out
    listed = openpyxl.load_workbook(again)["Perlu dimutakhirkan di SIASN"]
    siasn = [[c.value for c in row] for row in listed.iter_rows()]
    assert siasn[1][1] == "Rina" and "HYPERLINK" in siasn[1][3] and "No. sertifikat SRT-1" in siasn[1][4]

    # HR updates SIASN and imports it: the official training closes the claim, the list is done
    official = tmp_path / "pelatihan.csv"
    official.write_text("NIP,Jenis,Nama Pelatihan,Tanggal Selesai,JP\n"
                        f"{siasn[1][0]},teknis,Arsip Digital,2026-03-10,24\n")
    assert main(["admin", "import-trainings", str(official), *url]) == 0
    capsys.readouterr()
    assert main(["admin", "review", "export", "-o", str(again), *url]) == 0
    assert "0 klaim menunggu, 0 perlu dimutakhirkan di SIASN" in capsys.readouterr().out

    async def decided(session: Any) -> list[tuple[str, str]]:
        rows = (await session.exec(select(AuditLog).where(col(AuditLog.action).in_(["claim.verify", "claim.reject"])))
                ).all()
        return sorted((row.actor, row.details["new"]["status"]) for row in rows)

    assert on_database(database_url, decided) == [("cli", "rejected"), ("cli", "verified")]
