"""Weekly reminders to reviewers whose claims wait (`REVIEW_REMINDER_DAYS`): one row per week.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
Exactly once per week and reviewer, as for the 20 JP reminders: the week's unique `week_start` decides which
process writes the outbox batch, and the outbox's unique (batch, employee) keeps each reviewer to one message.
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from bot.storage.base import utcnow


class ReviewReminderWeek(SQLModel, table=True):
    __tablename__ = "review_reminder_week"

    id: int | None = Field(default=None, primary_key=True)
    week_start: date = Field(unique=True, description="The Monday (in TIMEZONE) of the week the reminders are for")
    recipients: int = Field(default=0, description="Reviewers with claims waiting too long when it opened")
    batch_id: int | None = Field(default=None, foreign_key="outbox_batch.id", ondelete="SET NULL", unique=True)
    opened_at: datetime = Field(default_factory=utcnow)
