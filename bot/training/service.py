"""Learning activities an employee logs, and where they stand on the 20 JP of the calendar year (§7)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.audit import audit, employee_actor
from bot.storage.models import RecordSource, TrainingRecord
from bot.storage.profiles import training_of
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
    session: AsyncSession, employee_id: int, fields: dict[str, Any], *, clock: Clock
) -> TrainingRecord:
    """Validate and store one self-entered activity (same validation as imports and scoring)."""
    actor = employee_actor(employee_id)
    now = clock.now()
    record = TrainingRecord.model_validate({**fields, "employee_id": employee_id, "source": RecordSource.SELF,
                                            "created_by": actor, "created_at": now, "updated_at": now})
    session.add(record)
    await session.flush()
    audit(session, actor=actor, action="training.self_add", at=now, target_employee_id=employee_id,
          details={"training_id": record.id, "kind": record.kind.value, "jp": record.jp})
    return record


async def jp_status(session: AsyncSession, employee_id: int, today: date) -> JpStatus:
    """JP of every logged activity dated this calendar year up to today; the shortfall to 20 JP."""
    start = date(today.year, 1, 1)
    records = (await session.exec(
        select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee_id,
            col(TrainingRecord.end_date) >= start,
            col(TrainingRecord.end_date) <= today,
        ).order_by(col(TrainingRecord.end_date), col(TrainingRecord.id))
    )).all()
    jp = jp_in_year([training_of(r) for r in records], today)
    days_left = (date(today.year, 12, 31) - today).days + 1  # today still counts: there is time to learn today
    return JpStatus(today.year, round(jp, 2), jp_shortfall(jp, load_ruleset()), days_left, records)
