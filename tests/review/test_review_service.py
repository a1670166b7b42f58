"""Deciding claims (bot.claims.review): who may, in which order, exactly once; the figures follow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import review_reminders
from bot.claims import service as claims
from bot.claims.review import (
    Refusal,
    ReviewRefused,
    Verdict,
    decide,
    next_claim,
    reach_of,
    version_of,
)
from bot.clock import FakeClock
from bot.storage.assessments import assess_now, latest_assessment
from bot.storage.models import AuditLog, Claim, ClaimKind, ClaimStatus, Employee, PerformanceRecord, RecordSource, Role
from bot.storage.roles import grant_role
from bot.storage.samples import MakeEmployee, MakeUnit

TODAY = date(2026, 11, 28)
TRAINING = {"kind": "teknis", "title": "Pengelolaan Arsip", "jp": 24, "end_date": date(2026, 3, 10)}


async def _claim(session: AsyncSession, employee: Employee, clock: FakeClock, **fields: object) -> Claim:
    record = await claims.add_training(session, employee.id or 0, {**TRAINING, **fields}, now=clock.now())
    await session.flush()
    claim = await session.get(Claim, record.claim_id)
    assert claim is not None
    clock.advance(timedelta(minutes=1))
    return claim


async def test_direct_reports_first_then_the_subtree_oldest_first_never_ones_own(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    boss = await make_employee(name="Budi")
    direct = await make_employee(name="Rina", supervisor=boss)
    deeper = await make_employee(name="Sari", supervisor=direct)
    stranger = await make_employee(name="Tono")
    old_deep = await _claim(session, deeper, clock, title="A")
    first_direct = await _claim(session, direct, clock, title="B")
    second_direct = await _claim(session, direct, clock, title="C")
    await _claim(session, stranger, clock, title="D")
    await _claim(session, boss, clock, title="E")  # the reviewer's own
    await session.commit()

    reach = await reach_of(session, boss.id or 0)
    assert reach is not None
    order = []
    after = None
    while (queue := await next_claim(session, reach, after=after)).claim is not None:
        order.append(queue.claim.id)
        after = queue.claim.id
    assert order == [first_direct.id, second_direct.id, old_deep.id]
    assert queue.waiting == 3
    assert await reach_of(session, stranger.id or 0) is None  # nobody below, no HR grant


async def test_hr_reviews_in_scope_including_disputes_supervisors_do_not_see_disputes(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    root = await make_unit("ROOT")
    inside, outside = await make_unit("IN", parent=root), await make_unit("OUT", parent=root)
    hr = await make_employee(name="Hana", unit=inside)
    boss = await make_employee(name="Budi", unit=inside)
    rina = await make_employee(name="Rina", unit=inside, supervisor=boss)
    far = await make_employee(name="Jauh", unit=outside)
    await grant_role(session, hr.id or 0, Role.HR_ADMIN, actor="cli", clock=clock, unit_id=inside.id)
    official = PerformanceRecord.model_validate({"employee_id": rina.id, "year": 2025, "predicate": "baik",
                                                 "source": RecordSource.IMPORT, "created_by": "cli"})
    session.add(official)
    await session.flush()
    dispute = Claim(employee_id=rina.id or 0, kind=ClaimKind.DISPUTE, target_kind="skp", target_id=official.id,
                    note="Predikat saya Sangat Baik", created_by=f"employee:{rina.id}", created_at=clock.now(),
                    updated_at=clock.now())
    session.add(dispute)
    clock.advance(timedelta(minutes=1))
    training = await _claim(session, rina, clock)
    await _claim(session, far, clock)
    await session.commit()

    hr_reach, boss_reach = await reach_of(session, hr.id or 0), await reach_of(session, boss.id or 0)
    assert hr_reach is not None and boss_reach is not None
    hr_queue = await next_claim(session, hr_reach)
    assert (hr_queue.claim and hr_queue.claim.id, hr_queue.waiting) == (dispute.id, 2)
    boss_queue = await next_claim(session, boss_reach)
    assert (boss_queue.claim and boss_queue.claim.id, boss_queue.waiting) == (training.id, 1)
    with pytest.raises(ReviewRefused) as refused:
        await decide(session, boss_reach, dispute.id or 0, version_of(dispute), Verdict.APPROVE, clock=clock,
                     today=TODAY)
    assert refused.value.refusal is Refusal.GONE


async def test_a_decision_is_made_once_audited_and_the_figures_recomputed(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    boss = await make_employee(name="Budi")
    rina = await make_employee(name="Rina", supervisor=boss, telegram_user_id=5001)
    claim = await _claim(session, rina, clock)
    await assess_now(session, rina.id or 0, today=TODAY, triggered_by="asesmen", clock=clock)
    await session.commit()
    before = await latest_assessment(session, rina.id or 0)
    assert before is not None and before.total > before.verified_total
    reach = await reach_of(session, boss.id or 0)
    assert reach is not None
    version = version_of(claim)

    decided = await decide(session, reach, claim.id or 0, version, Verdict.APPROVE, clock=clock, today=TODAY)
    await session.commit()
    assert decided.claim.status is ClaimStatus.VERIFIED and decided.claim.decided_by == f"employee:{boss.id}"
    assert (decided.before, decided.after) == (before.verified_total, before.total)
    assert decided.notified and decided.claim.notice_batch_id is not None
    [entry] = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.verify"))).all()
    assert entry.details["old"] == {"status": "pending"} and entry.details["new"]["status"] == "verified"

    with pytest.raises(ReviewRefused) as again:  # pressed again, or by a second reviewer
        await decide(session, reach, claim.id or 0, version, Verdict.REJECT, clock=clock, today=TODAY,
                     reason="tidak")
    assert again.value.refusal is Refusal.DECIDED
    assert (await session.get(Claim, claim.id)).status is ClaimStatus.VERIFIED  # type: ignore[union-attr]


async def test_stale_forged_and_bad_reasons_change_nothing(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    boss = await make_employee(name="Budi")
    rina = await make_employee(name="Rina", supervisor=boss)
    claim = await _claim(session, rina, clock)
    await session.commit()
    reach = await reach_of(session, boss.id or 0)
    assert reach is not None
    for claim_id, version in ((claim.id or 0, "000000"), (999_999, version_of(claim))):
        with pytest.raises(ReviewRefused) as refused:
            await decide(session, reach, claim_id, version, Verdict.APPROVE, clock=clock, today=TODAY)
        assert refused.value.refusal is Refusal.GONE
    for reason, refusal in (("  \u200b ", Refusal.REASON_MISSING), ("x" * 301, Refusal.REASON_TOO_LONG)):
        with pytest.raises(ReviewRefused) as refused:
            await decide(session, reach, claim.id or 0, version_of(claim), Verdict.REJECT, clock=clock,
                         today=TODAY, reason=reason)
        assert refused.value.refusal is refusal
    await claims.withdraw(session, claim, now=clock.now())
    with pytest.raises(ReviewRefused) as withdrawn:
        await decide(session, reach, claim.id or 0, version_of(claim), Verdict.APPROVE, clock=clock, today=TODAY)
    assert withdrawn.value.refusal is Refusal.DECIDED
    claim_id = claim.id
    await session.rollback()
    assert (await session.get(Claim, claim_id)).status is ClaimStatus.PENDING  # type: ignore[union-attr]


async def test_who_is_reminded_of_claims_waiting_too_long(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    """The direct supervisor (not the whole chain above), and HR admins with the claim in their scope; only
    people linked to Telegram and not blocking the bot; claims younger than the cutoff remind nobody."""
    unit, other = await make_unit("SMP"), await make_unit("SD")
    head = await make_employee(name="Kepala", unit=unit, telegram_user_id=7001)
    boss = await make_employee(name="Budi", unit=unit, supervisor=head, telegram_user_id=7002)
    rina = await make_employee(name="Rina", unit=unit, supervisor=boss)
    hr = await make_employee(name="Hana", unit=unit, telegram_user_id=7003)
    hr_elsewhere = await make_employee(name="Lain", unit=other, telegram_user_id=7004)
    blocked = await make_employee(name="Blok", unit=unit, supervisor=head, telegram_user_id=7005)
    await make_employee(name="Sari", unit=unit, supervisor=blocked)
    blocked.telegram_blocked_at = clock.now()
    for admin, where in ((hr, unit), (hr_elsewhere, other)):
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="cli", clock=clock, unit_id=where.id)
    claim = await _claim(session, rina, clock)
    await session.commit()

    assert await review_reminders.reviewers_due(session, claim.created_at) == []  # not waiting long enough
    later = clock.now() + timedelta(days=8)
    assert await review_reminders.reviewers_due(session, later - timedelta(days=7)) == [
        (boss.id, 7002), (hr.id, 7003)]
    assert await review_reminders.waiting_for(session, boss.id or 0, later - timedelta(days=7)) == 1
    assert await review_reminders.waiting_for(session, rina.id or 0, later - timedelta(days=7)) == 0
