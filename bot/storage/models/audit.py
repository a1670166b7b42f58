"""The audit log: who did what to whom, and when. Appended to, never updated."""

from datetime import datetime
from typing import Any

from sqlmodel import JSON, Field, SQLModel

from bot.storage.base import utcnow


class AuditLog(SQLModel, table=True):
    """`actor` is 'employee:<id>', 'cli' or 'system'. `target_employee_id` has no foreign key on purpose:
    the trail of an employee must outlive the employee's row."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=64, index=True)
    action: str = Field(max_length=64, index=True)
    target_employee_id: int | None = Field(default=None, index=True)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
