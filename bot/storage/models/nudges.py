"""Supervisors' nudges (/tim → Ingatkan): at most one a day per person, whoever asks; the messages are rows of
the one outbox, in the nudge's batch.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import utcnow


class TeamNudge(SQLModel, table=True):
    """One person nudged on one day: the unique (employee_id, day) is what keeps it to once a day, whichever
    supervisor asks and however often, in every process."""

    __tablename__ = "team_nudge"
    __table_args__ = (sa.UniqueConstraint("employee_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    day: date = Field(description="The local calendar day (TIMEZONE) of the nudge")
    supervisor_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", index=True)
    reason: str = Field(max_length=16, description="shortfall, unassessed or claims: what the message says")
    batch_id: int = Field(foreign_key="outbox_batch.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow)
