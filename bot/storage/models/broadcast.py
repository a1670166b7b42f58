"""HR broadcasts as an outbox: one row per broadcast, one row per recipient, and the sender's lease.

The outbox is what makes a broadcast survive a restart and two bot processes: a recipient row is claimed
(`pending` → `sending`) in one atomic UPDATE right before its message goes out, so no two senders can take
the same row, and a row left `sending` by a process that died is never sent again (it is reported as
interrupted instead: Telegram may or may not have delivered it).
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
    """Every recipient row is final; the admin's report is sent once (`reported_at`)."""


class RecipientStatus(StrEnum):
    PENDING = "pending"
    """Not sent yet; due from `not_before` (a retry after 429, a timeout or a 5xx waits there)."""
    SENDING = "sending"
    """Claimed by `claimed_by` and possibly on the wire: never claimed again."""
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    """Telegram answered 403: the person blocked the bot or deleted their account; never retried."""


FINAL_STATUSES = (RecipientStatus.SENT, RecipientStatus.FAILED, RecipientStatus.UNREACHABLE)


class Broadcast(SQLModel, table=True):
    """A message an HR admin sent (or scheduled) to an audience, and where its report stands."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
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


class BroadcastRecipient(SQLModel, table=True):
    """One message of a broadcast to one person: the unit the sender claims, sends and records."""

    __tablename__ = "broadcast_recipient"
    __table_args__ = (
        # One row per person and broadcast: the first line of defence against sending twice.
        sa.UniqueConstraint("broadcast_id", "employee_id"),
        # The sender's queue order: pending rows of the oldest broadcast first.
        sa.Index("ix_broadcast_recipient_queue", "status", "broadcast_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(foreign_key="broadcast.id", ondelete="CASCADE")
    # SET NULL: a person who deletes their data leaves an anonymous row, so the counts stay true.
    employee_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL")
    chat_id: int = Field(sa_type=sa.BigInteger)
    status: RecipientStatus = Field(default=RecipientStatus.PENDING, sa_type=enum_type(RecipientStatus))
    attempts: int = Field(default=0, ge=0)
    not_before: datetime
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    error: str | None = Field(default=None, max_length=255)


class BroadcastLease(SQLModel, table=True):
    """Who may send broadcasts right now. One sender at a time keeps the overall rate (BROADCAST_RATE)
    true when two bot processes share the database; the lease expires if its holder dies."""

    __tablename__ = "broadcast_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    expires_at: datetime
