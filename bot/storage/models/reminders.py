"""Reminder occasions and one delivery row per employee and occasion: the database decides "exactly once".

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow


class OccasionStatus(StrEnum):
    """`open` while recipients are pending; every other status is final and never reopened."""

    OPEN = "open"
    DONE = "done"  # every pending delivery was worked off
    SKIPPED = "skipped"  # missed by more than the grace period: the rest is never sent
    SUPERSEDED = "superseded"  # a newer occasion was due at the same time: one reminder, not two


class DeliveryStatus(StrEnum):
    """`pending` → `claimed` (committed before the send) → `sent` | `blocked` | `failed`.

    A row left in `claimed` means a process died mid-send: it may or may not have reached the person,
    and it is never retried (at most once). `dropped`: no longer eligible when its turn came (opted
    out, training logged, unlinked); `skipped`: its occasion closed before its turn."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    DROPPED = "dropped"
    SKIPPED = "skipped"


class ReminderOccasion(SQLModel, table=True):
    """One scheduled instant of REMINDER_SCHEDULE, created when it becomes due (or is found missed)."""

    __tablename__ = "reminder_occasion"

    id: int | None = Field(default=None, primary_key=True)
    scheduled_at: datetime = Field(unique=True, description="The cron firing: what identifies the occasion")
    due_at: datetime = Field(description="The first working instant at or after scheduled_at")
    status: OccasionStatus = Field(sa_type=enum_type(OccasionStatus))
    recipients: int = Field(default=0, description="Employees with a shortfall when it opened")
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


class ReminderDelivery(SQLModel, table=True):
    """Who is (or was) to be reminded on an occasion; the unique key makes a second row impossible."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (sa.UniqueConstraint("occasion_id", "employee_id"),)

    id: int | None = Field(default=None, primary_key=True)
    # no index of its own: the unique constraint (occasion_id, employee_id) serves lookups by occasion
    occasion_id: int = Field(foreign_key="reminder_occasion.id", ondelete="CASCADE")
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", index=True)
    status: DeliveryStatus = Field(sa_type=enum_type(DeliveryStatus))
    claimed_at: datetime | None = None
    finished_at: datetime | None = None
    detail: str | None = Field(default=None, max_length=200, description="Why it failed, for the logs")
