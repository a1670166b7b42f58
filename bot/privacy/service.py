"""An employee's own data: a complete export, and deletion of what they entered themselves.

Deletion removes self-entered records and the assessment history and unlinks the account; the roster
record and records HR imported stay (they are the agency's, not the employee's, data). Both actions
are audit-logged; the audit log itself is kept as the trail of the deletion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.audit import audit, employee_actor
from bot.storage.models import (
    Assessment,
    AuditLog,
    Employee,
    PenaltyRecord,
    PerformanceRecord,
    RecordSource,
    TrainingRecord,
    Unit,
)


@dataclass(frozen=True)
class Deleted:
    records: int
    assessments: int


def _row(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")  # type: ignore[no-any-return]


async def export_own_data(session: AsyncSession, employee_id: int, *, clock: Clock) -> dict[str, Any]:
    """Everything stored about the employee, as one JSON-ready document."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    unit = await session.get(Unit, employee.unit_id) if employee.unit_id else None
    supervisor = await session.get(Employee, employee.supervisor_id) if employee.supervisor_id else None

    async def rows(model: Any, column: Any) -> list[dict[str, Any]]:
        return [_row(r) for r in (await session.exec(select(model).where(column == employee_id))).all()]

    document = {
        "exported_at": clock.now().isoformat(),
        "employee": _row(employee),
        "unit": _row(unit) if unit else None,
        "supervisor": {"nip": supervisor.nip, "name": supervisor.name} if supervisor else None,
        "trainings": await rows(TrainingRecord, col(TrainingRecord.employee_id)),
        "performance": await rows(PerformanceRecord, col(PerformanceRecord.employee_id)),
        "penalties": await rows(PenaltyRecord, col(PenaltyRecord.employee_id)),
        "assessments": await rows(Assessment, col(Assessment.employee_id)),
        "audit_log": await rows(AuditLog, col(AuditLog.target_employee_id)),
    }
    audit(session, actor=employee_actor(employee_id), action="data.self_export", at=clock.now(),
          target_employee_id=employee_id)
    return document


async def delete_own_data(session: AsyncSession, employee_id: int, *, clock: Clock) -> Deleted:
    """Delete self-entered records and assessments, unlink Telegram; keep HR's roster and imports."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    counts = []
    for model in (TrainingRecord, PerformanceRecord, PenaltyRecord):
        result = await session.exec(delete(model).where(
            col(model.employee_id) == employee_id, col(model.source) == RecordSource.SELF))
        counts.append(result.rowcount or 0)
    assessments = await session.exec(delete(Assessment).where(
        col(Assessment.employee_id) == employee_id))
    deleted = Deleted(records=sum(counts), assessments=assessments.rowcount or 0)
    previous = employee.telegram_user_id
    employee.telegram_user_id = None
    employee.telegram_blocked_at = None
    employee.linked_at = None
    employee.language = None
    employee.updated_at = clock.now()
    audit(session, actor=employee_actor(employee_id), action="data.self_delete", at=clock.now(),
          target_employee_id=employee_id,
          details={"records": deleted.records, "assessments": deleted.assessments,
                   "unlinked_telegram_user": previous is not None})
    return deleted
