"""An assessment is stored as scored: the profile, the rule set, and every number, never rewritten."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.assessments import assessment_history, record_assessment
from bot.storage.audit import employee_actor
from bot.storage.profiles import build_profile
from bot.storage.samples import MakeEmployee
from scoring import score
from scoring.models import Education, Position


async def test_a_snapshot_keeps_the_profile_and_result(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee(position_type=Position.PELAKSANA, education=Education.S1)
    assert employee.id is not None
    profile = await build_profile(session, employee.id)
    result = score(profile, as_of=date(2026, 11, 28))
    first = await record_assessment(
        session, employee.id, profile, result, triggered_by=employee_actor(employee.id), clock=clock
    )
    clock.advance(timedelta(days=1))
    second = await record_assessment(session, employee.id, profile, result, triggered_by="cli", clock=clock)
    await session.commit()
    history = await assessment_history(session, employee.id)
    assert [a.id for a in history] == [second.id, first.id]
    assert first.total == result.total and first.category == result.category
    assert first.ruleset_id == result.ruleset and first.as_of == date(2026, 11, 28)
    assert (first.kualifikasi, first.kompetensi, first.kinerja, first.disiplin) == (15, 0, 0, 5)
    assert first.profile["position"] == "pelaksana" and first.official is True
    assert first.created_at == clock.now() - timedelta(days=1)
