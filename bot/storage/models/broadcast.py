"""HR broadcasts: what an admin sent to whom and where its report stands; the messages themselves are rows of
the one outbox (`bot.storage.models.delivery`), in the batch `batch_id`.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow


class BroadcastStatus(StrEnum):
    ACTIVE = "active"
    """Waiting for its time (`send_at`) or being sent."""
    FINISHED = "finished"
    """Every message is final; the admin's report is sent once (`reported_at`)."""
    CANCELLED = "cancelled"
    """Cancelled before its time: nothing was sent, and there is no report (the admin was told at once)."""


class Broadcast(SQLModel, table=True):
    """A message an HR admin sent (or scheduled) to an audience, and where its report stands."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="outbox_batch.id", ondelete="CASCADE", unique=True,
                          description="Its messages in the outbox")
    created_by: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", index=True)
    admin_chat_id: int = Field(sa_type=sa.BigInteger)
    lang: str = Field(max_length=8, description="The admin's language, for the progress message and report")
    text: str = Field(sa_type=sa.Text, description="Telegram HTML, validated when composed")
    audience: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    recipients: int = Field(ge=0)
    send_at: datetime
    status: BroadcastStatus = Field(default=BroadcastStatus.ACTIVE, sa_type=enum_type(BroadcastStatus), index=True)
    progress_message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    progress_shown: str | None = Field(default=None, max_length=64, description="Counts the admin last saw")
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    reported_at: datetime | None = None
    sender: str | None = Field(default=None, max_length=255,
                               description="The sender's unit and agency as recipients read them, kept at creation")
    cancelled_at: datetime | None = Field(default=None, description="When an HR admin cancelled or stopped it")
    cancelled_by: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL")
