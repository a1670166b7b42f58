"""Reminder occasions: one row per scheduled instant; who is reminded is the occasion's outbox batch.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
Exactly once per occasion and person is the outbox's unique (batch, employee), with the occasion's unique
`scheduled_at` deciding which process writes the batch.
"""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow


class OccasionStatus(StrEnum):
    """`open` while recipients are pending; every other status is final and never reopened."""

    OPEN = "open"
    DONE = "done"  # every message of its batch is final
    SKIPPED = "skipped"  # missed by more than the grace period: the rest is never sent
    SUPERSEDED = "superseded"  # a newer occasion was due at the same time: one reminder, not two


class ReminderOccasion(SQLModel, table=True):
    """One scheduled instant of REMINDER_SCHEDULE, created when it becomes due (or is found missed)."""

    __tablename__ = "reminder_occasion"

    id: int | None = Field(default=None, primary_key=True)
    scheduled_at: datetime = Field(unique=True, description="The cron firing: what identifies the occasion")
    due_at: datetime = Field(description="The first working instant at or after scheduled_at")
    status: OccasionStatus = Field(sa_type=enum_type(OccasionStatus))
    recipients: int = Field(default=0, description="Employees with a shortfall when it opened")
    batch_id: int | None = Field(default=None, foreign_key="outbox_batch.id", ondelete="SET NULL", unique=True,
                                 description="Its reminders in the outbox (none when it closed unopened)")
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
