"""`bot/demo/verifikasi.txt`: Rina's answers become claims, her supervisor approves one and rejects the other,
her figures follow and she is told both outcomes (issue 13)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.claims.review import OUTCOME_KIND
from bot.demo.cli import main
from bot.demo.seed import person
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Assessment, Claim, ClaimKind, ClaimStatus, Employee
from bot.storage.models.delivery import OutboxBatch, OutboxMessage
from scoring.texts import number

SCRIPT = Path(__file__).resolve().parents[2] / "bot" / "demo" / "verifikasi.txt"


async def stored(database: Path) -> tuple[list[tuple[ClaimKind, ClaimStatus, str | None]], list[Assessment], int]:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with create_sessionmaker(engine)() as session:
            rina = (await session.exec(select(Employee).where(col(Employee.nip) == person("rina").nip))).one()
            claims = (await session.exec(select(Claim).where(col(Claim.employee_id) == rina.id)
                                         .order_by(col(Claim.id)))).all()
            assessments = (await session.exec(select(Assessment).where(col(Assessment.employee_id) == rina.id)
                                              .order_by(col(Assessment.id)))).all()
            notices = (await session.exec(select(OutboxMessage).join(
                OutboxBatch, col(OutboxBatch.id) == col(OutboxMessage.batch_id)).where(
                col(OutboxBatch.kind) == OUTCOME_KIND, col(OutboxMessage.employee_id) == rina.id))).all()
            return [(c.kind, c.status, c.reason) for c in claims], list(assessments), len(notices)
    finally:
        await engine.dispose()


def test_the_review_demo_shows_the_whole_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "demo.db"
    status = main(["--script", str(SCRIPT), "--database", str(database), "--output-dir", str(tmp_path / "files")])
    out = capsys.readouterr().out
    assert status == 0, out

    claims, assessments, notices = asyncio.run(stored(database))
    skp = f"SKP {assessments[0].as_of.year - 1}"  # the seed's appraisal is of last year
    assert claims == [(ClaimKind.TRAINING, ClaimStatus.VERIFIED, None),
                      (ClaimKind.SKP, ClaimStatus.REJECTED, "Bukti tidak ada atau tidak terbaca")]
    first, approved, rejected = assessments
    assert first.total > first.verified_total  # two figures while the claims wait
    assert f"Terverifikasi: {number(first.verified_total)} — " in out and "⏳ SKP terakhir" in out
    assert f"Klaim: {skp}: Sangat Baik\n     Data resmi: {skp}: Baik" in out
    assert (f"Nilai terverifikasi Rina Wulandari, S.Pd.: {number(first.verified_total)} → "
            f"{number(approved.verified_total)}.") in out
    assert f"❌ Ditolak — Rina Wulandari, S.Pd.: {skp}: Sangat Baik" in out
    assert (rejected.total, rejected.verified_total) == (approved.verified_total, approved.verified_total)
    assert notices == 2  # her two notices are in the outbox (the engine sends them at its pace)
    assert f"Indeks Profesionalitas ASN: {number(rejected.total)} — " in out
