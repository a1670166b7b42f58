"""Storing an assessment: a snapshot of the profile as scored and of the result, appended, never rewritten."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.models import Assessment
from scoring.models import Profile
from scoring.result import ScoreResult


def assessment_from_result(
    employee_id: int, profile: Profile, result: ScoreResult, *, triggered_by: str, clock: Clock
) -> Assessment:
    """The row for one scoring; `profile` must be the one that produced `result`."""
    points = result.dimension_points
    return Assessment(
        employee_id=employee_id,
        as_of=result.as_of,
        ruleset_id=result.ruleset,
        profile=profile.model_dump(mode="json"),
        total=result.total,
        category=result.category,
        kualifikasi=points["kualifikasi"],
        kompetensi=points["kompetensi"],
        kinerja=points["kinerja"],
        disiplin=points["disiplin"],
        official=result.official,
        triggered_by=triggered_by,
        created_at=clock.now(),
    )


async def record_assessment(
    session: AsyncSession,
    employee_id: int,
    profile: Profile,
    result: ScoreResult,
    *,
    triggered_by: str,
    clock: Clock,
) -> Assessment:
    assessment = assessment_from_result(employee_id, profile, result, triggered_by=triggered_by, clock=clock)
    session.add(assessment)
    await session.flush()
    return assessment


async def assessment_history(session: AsyncSession, employee_id: int, *, limit: int = 20) -> Sequence[Assessment]:
    """The employee's assessments, newest first."""
    query = (
        select(Assessment)
        .where(col(Assessment.employee_id) == employee_id)
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
        .limit(limit)
    )
    return (await session.exec(query)).all()
