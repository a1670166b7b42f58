"""Learning activities an employee logs, and where they stand on the 20 JP of the calendar year (§7)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import service as claims
from bot.clock import Clock
from bot.storage.models import TrainingRecord
from bot.storage.profiles import Basis, Standing, training_of
from scoring import jp_in_year, load_ruleset
from scoring.engine import jp_shortfall


@dataclass(frozen=True)
class JpStatus:
    year: int
    jp: float
    shortfall: float
    days_left: int
    activities: Sequence[TrainingRecord]


async def add_training(
    session: AsyncSession, employee_id: int, fields: dict[str, Any], *, clock: Clock, evidence_kind: str | None = None
) -> TrainingRecord:
    """Validate and store one activity the employee logged: their record with a pending claim (same validation
    as imports and scoring); the audit log keeps what was entered."""
    return await claims.add_training(session, employee_id, fields, now=clock.now(), evidence_kind=evidence_kind)


async def jp_status(session: AsyncSession, employee_id: int, today: date) -> JpStatus:
    """JP of every logged activity dated this calendar year up to today that the declared figure counts (a
    rejected or withdrawn claim does not); the shortfall to 20 JP."""
    start = date(today.year, 1, 1)
    records = (await session.exec(
        select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee_id,
            col(TrainingRecord.end_date) >= start,
            col(TrainingRecord.end_date) <= today,
        ).order_by(col(TrainingRecord.end_date), col(TrainingRecord.id))
    )).all()
    standing = Standing(await claims.own_claims(session, employee_id))
    records = [r for r in records if standing.counts(r, Basis.DECLARED)]
    jp = jp_in_year([training_of(r) for r in records], today)
    days_left = (date(today.year, 12, 31) - today).days + 1  # today still counts: there is time to learn today
    return JpStatus(today.year, round(jp, 2), jp_shortfall(jp, load_ruleset()), days_left, records)
