"""What an employee may do with their own entries (bot/claims/corrections.py): correct or withdraw a pending or
rejected claim, dispute an official or verified record; nothing else, and every change audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import corrections
from bot.claims import service as claims
from bot.claims.corrections import EntryStatus
from bot.claims.service import ClaimProblem
from bot.clock import FakeClock
from bot.storage.models import AuditLog, ClaimKind, ClaimStatus, RecordSource, TrainingRecord
from bot.storage.models.claims import NOTE_MAX
from bot.storage.profiles import Basis, build_profile
from bot.storage.samples import MakeEmployee


async def _setup(session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock) -> tuple[int, int, int]:
    employee = await make_employee(name="Rina")
    assert employee.id is not None
    official = TrainingRecord.model_validate({"employee_id": employee.id, "kind": "teknis", "title": "Bimtek Arsip",
                                              "jp": 8, "end_date": date(2026, 3, 10), "source": RecordSource.IMPORT,
                                              "created_by": "cli"})
    session.add(official)
    own = await claims.add_training(session, employee.id, {"kind": "teknis", "title": "Excel", "jp": 12,
                                                           "end_date": date(2026, 5, 2)}, now=clock.now())
    await session.commit()
    return employee.id, official.id or 0, own.id or 0


async def test_entries_and_what_each_allows(session: AsyncSession, make_employee: MakeEmployee,
                                            clock: FakeClock) -> None:
    employee_id, official_id, own_id = await _setup(session, make_employee, clock)
    found = {e.ref: e for e in await corrections.entries(session, employee_id)}
    official, own = found[f"t{official_id}"], found[f"t{own_id}"]
    assert (official.status, official.disputable, official.changeable) == (EntryStatus.OFFICIAL, True, False)
    assert (own.status, own.disputable, own.correctable) == (EntryStatus.PENDING, False, ("title", "jp", "end_date"))
    with pytest.raises(ClaimProblem, match=r"catatan\.not_changeable"):
        await corrections.correct(session, official, {"jp": 1}, now=clock.now())
    with pytest.raises(ClaimProblem, match=r"catatan\.not_disputable"):
        await corrections.dispute(session, employee_id, own, "salah", now=clock.now())
    with pytest.raises(ClaimProblem, match=r"catatan\.not_correctable"):
        await corrections.correct(session, own, {"kind": "seminar"}, now=clock.now())
    with pytest.raises(ClaimProblem, match=r"claim\.invalid"):  # validated like a new record
        await corrections.correct(session, own, {"jp": -3}, now=clock.now())
    with pytest.raises(ClaimProblem, match=r"catatan\.note_too_long"):
        await corrections.dispute(session, employee_id, official, "x" * (NOTE_MAX + 1), now=clock.now())
    # another employee's references, forged ones: nothing
    other = await make_employee(name="Budi")
    for ref in (f"t{official_id}", "t0", "t-1", "t٣", "q1", "c", ""):
        assert await corrections.entry_of(session, other.id or 0, ref) is None, ref


async def test_a_dispute_takes_the_record_out_of_the_declared_figure_only(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee_id, official_id, _ = await _setup(session, make_employee, clock)
    official = await corrections.entry_of(session, employee_id, f"t{official_id}")
    assert official is not None
    claim = await corrections.dispute(session, employee_id, official, "Bukan saya yang ikut", now=clock.now())
    await session.commit()
    assert (claim.kind, claim.status, claim.official and claim.official["title"]) == (
        ClaimKind.DISPUTE, ClaimStatus.PENDING, "Bimtek Arsip")
    declared = await build_profile(session, employee_id, as_of=date(2026, 11, 28))
    verified = await build_profile(session, employee_id, as_of=date(2026, 11, 28), basis=Basis.VERIFIED)
    assert "Bimtek Arsip" not in [t.title for t in declared.trainings]
    assert "Bimtek Arsip" in [t.title for t in verified.trainings]
    again = await corrections.entry_of(session, employee_id, f"t{official_id}")
    assert again is not None and again.disputed and not again.disputable
    created = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.create"))).all()
    [audit] = [a for a in created if a.details["kind"] == "dispute"]
    assert audit.details["old"]["title"] == "Bimtek Arsip"
    assert audit.details["new"] == {"dispute": "Bukan saya yang ikut"}


async def test_a_rejected_claim_corrected_is_pending_again_with_the_decision_in_the_log(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee_id, _, own_id = await _setup(session, make_employee, clock)
    entry = await corrections.entry_of(session, employee_id, f"t{own_id}")
    assert entry is not None and entry.claim is not None
    entry.claim.status, entry.claim.decided_by, entry.claim.reason = ClaimStatus.REJECTED, "employee:9", "Tanggal salah"
    session.add(entry.claim)
    await session.commit()
    entry = await corrections.entry_of(session, employee_id, f"t{own_id}")
    assert entry is not None and entry.status is EntryStatus.REJECTED
    claim = await corrections.correct(session, entry, {"end_date": date(2026, 5, 3)}, now=clock.now())
    await session.commit()
    assert (claim.status, claim.decided_by, claim.reason) == (ClaimStatus.PENDING, None, None)
    [audit] = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.correct"))).all()
    assert audit.details["old"]["end_date"] == "2026-05-02" and audit.details["new"]["end_date"] == "2026-05-03"
    assert audit.details["decision"] == {"status": "rejected", "decided_by": "employee:9", "reason": "Tanggal salah"}
