"""An employee's answers are claims beside HR's records, and every assessment stores two figures.

Rina (a teacher, S-1, fungsional) has an SKP 2025 *Baik* imported by HR. What she answers in /asesmen never
changes it: another predicate for 2025 is a claim beside it, "no SKP" a claim against it, another education level
a claim against the roster. The declared figure follows her answers, the verified one only HR's records and
verified claims; each indicator says what it rests on.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.assessment import service
from bot.assessment.service import Answers, Skp
from bot.claims import service as claims
from bot.clock import FakeClock
from bot.storage.assessments import Provenance, assess_now
from bot.storage.models import (
    Assessment,
    AuditLog,
    Claim,
    ClaimKind,
    ClaimStatus,
    Employee,
    PerformanceRecord,
    RecordKind,
    RecordSource,
    TrainingRecord,
)
from bot.storage.profiles import build_both
from bot.storage.samples import MakeEmployee
from scoring import score
from scoring.models import Education, Position, Predicate

TODAY = date(2026, 11, 28)


async def rina(session: AsyncSession, make_employee: MakeEmployee) -> Employee:
    employee = await make_employee(name="Rina", position_type=Position.FUNGSIONAL, education=Education.S1)
    assert employee.id is not None
    session.add(PerformanceRecord.model_validate({"employee_id": employee.id, "year": 2025, "predicate": "baik",
                                                  "source": RecordSource.IMPORT, "created_by": "cli"}))
    await session.commit()
    return employee


async def answered(session: AsyncSession, employee: Employee, clock: FakeClock, **changes: object) -> Answers:
    answers = await service.prefill(session, employee.id or 0, TODAY)
    return answers.model_copy(update=changes)


async def claims_of(session: AsyncSession, employee: Employee) -> list[Claim]:
    query = select(Claim).where(col(Claim.employee_id) == employee.id).order_by(col(Claim.id))
    return list((await session.exec(query)).all())


async def test_another_predicate_is_a_claim_beside_the_official_appraisal(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await rina(session, make_employee)
    answers = await answered(session, employee, clock, new_skp=Skp(year=2025, predicate=Predicate.SANGAT_BAIK))
    scored, made = await service.complete(session, employee.id or 0, answers, today=TODAY, clock=clock)
    await session.commit()

    records = (await session.exec(select(PerformanceRecord).order_by(col(PerformanceRecord.id)))).all()
    assert [(r.source, r.predicate) for r in records] == [(RecordSource.IMPORT, Predicate.BAIK),
                                                         (RecordSource.SELF, Predicate.SANGAT_BAIK)]
    [claim] = await claims_of(session, employee)
    assert made == 1 and (claim.kind, claim.status) == (ClaimKind.SKP, ClaimStatus.PENDING)
    assert (claim.target_kind, claim.target_id) == (RecordKind.SKP, records[0].id)
    assert claim.official is not None and claim.official["predicate"] == "baik"
    assert records[1].claim_id == claim.id
    assert (scored.declared.dimension_points["kinerja"], scored.verified.dimension_points["kinerja"]) == (30, 25)
    assert scored.provenance["skp"] is Provenance.PENDING and not scored.fully_verified
    assert all(p is Provenance.OFFICIAL for code, p in scored.provenance.items() if code != "skp")
    stored = (await session.exec(select(Assessment))).one()
    assert (stored.total - stored.verified_total, stored.fully_verified) == (5, False)
    assert stored.provenance["skp"] == "pending"
    entry = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.create"))).one()
    assert entry.details["new"]["predicate"] == "sangat_baik" and entry.details["official"]["predicate"] == "baik"
    assert entry.actor == f"employee:{employee.id}"


async def test_no_appraisal_lowers_the_declared_figure_only(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await rina(session, make_employee)
    answers = await answered(session, employee, clock, no_skp=True)
    scored, _ = await service.complete(session, employee.id or 0, answers, today=TODAY, clock=clock)
    [claim] = await claims_of(session, employee)
    assert claim.kind is ClaimKind.NO_SKP and claim.official is not None and claim.official["year"] == 2025
    assert scored.declared.dimension_points["kinerja"] == 0 and scored.verified.dimension_points["kinerja"] == 25
    assert scored.profiles.declared.performance is None


async def test_an_answer_equal_to_the_record_makes_no_claim_and_a_new_answer_replaces_the_pending_one(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await rina(session, make_employee)
    same = await answered(session, employee, clock, new_skp=Skp(year=2025, predicate=Predicate.BAIK))
    _, made = await service.complete(session, employee.id or 0, same, today=TODAY, clock=clock)
    assert made == 0 and await claims_of(session, employee) == []

    s2 = await answered(session, employee, clock, education=Education.S2)
    await service.complete(session, employee.id or 0, s2, today=TODAY, clock=clock)
    again = await answered(session, employee, clock)  # pre-filled with her own statement: S-2
    assert again.education is Education.S2 and again.official_education is Education.S1
    await service.complete(session, employee.id or 0, again, today=TODAY, clock=clock)
    [claim] = await claims_of(session, employee)
    assert (claim.kind, claim.value, claim.status) == (ClaimKind.EDUCATION, "s2", ClaimStatus.PENDING)

    back = await answered(session, employee, clock, education=Education.S1)
    scored, _ = await service.complete(session, employee.id or 0, back, today=TODAY, clock=clock)
    [claim] = await claims_of(session, employee)
    assert claim.status is ClaimStatus.WITHDRAWN and scored.fully_verified
    employee_row = await session.get(Employee, employee.id)
    assert employee_row is not None and employee_row.education is Education.S1  # HR's roster never changed


async def test_an_older_numeric_appraisal_is_a_claim_and_the_later_official_one_is_scored(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await rina(session, make_employee)
    answers = await answered(session, employee, clock, new_skp=Skp(year=2019, score=95))
    scored, _ = await service.complete(session, employee.id or 0, answers, today=TODAY, clock=clock)
    [claim] = await claims_of(session, employee)
    assert claim.kind is ClaimKind.SKP and claim.target_id is None  # no official appraisal of 2019
    assert scored.profiles.declared.performance is not None and scored.profiles.declared.performance.year == 2025


async def test_added_trainings_are_pending_claims_and_count_only_in_the_declared_figure(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await rina(session, make_employee)
    await claims.add_training(session, employee.id or 0, {"kind": "teknis", "title": "Asesmen Diagnostik",
                                                          "end_date": date(2026, 11, 20), "jp": 24}, now=clock.now())
    both = await build_both(session, employee.id or 0, as_of=TODAY)
    assert [t.jp for t in both.declared.trainings] == [24] and both.verified.trainings == ()
    scored = await assess_now(session, employee.id or 0, today=TODAY, triggered_by="test", clock=clock)
    assert scored.provenance["diklat_teknis"] is Provenance.PENDING
    assert scored.declared.total == score(both.declared, as_of=TODAY).total
    assert scored.verified.total == score(both.verified, as_of=TODAY).total

    [claim] = await claims_of(session, employee)
    claim.status = ClaimStatus.VERIFIED
    session.add(claim)
    scored = await assess_now(session, employee.id or 0, today=TODAY, triggered_by="test", clock=clock)
    assert scored.provenance["diklat_teknis"] is Provenance.VERIFIED and scored.fully_verified

    claim.status = ClaimStatus.REJECTED
    session.add(claim)
    both = await build_both(session, employee.id or 0, as_of=TODAY)
    assert both.declared.trainings == () == both.verified.trainings


@pytest.mark.parametrize("status", [ClaimStatus.PENDING, ClaimStatus.VERIFIED, ClaimStatus.REJECTED])
async def test_a_dispute_takes_the_record_out_of_the_figures_its_status_reaches(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, status: ClaimStatus
) -> None:
    employee = await rina(session, make_employee)
    record = (await session.exec(select(PerformanceRecord))).one()
    session.add(Claim(employee_id=employee.id or 0, kind=ClaimKind.DISPUTE, status=status,
                      target_kind=RecordKind.SKP, target_id=record.id, note="Bukan SKP saya",
                      created_by=f"employee:{employee.id}", created_at=clock.now(), updated_at=clock.now()))
    await session.flush()
    both = await build_both(session, employee.id or 0, as_of=TODAY)
    assert (both.declared.performance is None) is (status is not ClaimStatus.REJECTED)
    assert (both.verified.performance is None) is (status is ClaimStatus.VERIFIED)
    assert both.official.performance is not None


async def test_a_training_record_of_a_rejected_claim_is_not_in_the_yearly_jp(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    from bot.training.service import jp_status
    from bot.unitmap.facts import facts_for_employees

    employee = await rina(session, make_employee)
    for title, jp in (("Diterima", 8), ("Ditolak", 12)):
        await claims.add_training(session, employee.id or 0, {"kind": "teknis", "title": title,
                                                              "end_date": date(2026, 6, 1), "jp": jp}, now=clock.now())
    rejected = (await session.exec(select(Claim).join(TrainingRecord, col(TrainingRecord.claim_id) == Claim.id)
                                   .where(col(TrainingRecord.title) == "Ditolak"))).one()
    rejected.status = ClaimStatus.REJECTED
    session.add(rejected)
    await session.commit()
    assert (await jp_status(session, employee.id or 0, TODAY)).jp == 8
    [facts] = await facts_for_employees(session, [employee.id or 0], TODAY)
    assert facts.jp == 8
