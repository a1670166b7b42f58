"""The outbox of every bulk message (broadcasts, 20 JP reminders, and whatever comes next): one row per message
and person, grouped in batches, and the one lease that says which process may send.

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.

A batch is what a feature hands to the delivery engine at once (one broadcast, one reminder occasion). Its
counters are kept by the engine in the same transaction as the rows they count, so progress is read from one
row instead of counting half a million each second. The feature keeps its own table pointing at the batch
(`broadcast.batch_id`, `reminder_occasion.batch_id`) and `kind` says which feature composes its messages.
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow


class MessageStatus(StrEnum):
    """`pending` → `sending` (claimed under the lease, committed before the send) → one final status."""

    PENDING = "pending"
    """Not sent yet; due from `not_before` (a retry after a 429 or a 5xx waits there)."""
    SENDING = "sending"
    """Claimed by the lease holder of `epoch` and possibly on the wire: never claimed again."""
    SENT = "sent"
    FAILED = "failed"
    """Refused for good (400), or still failing after the last attempt (5xx, Telegram unreachable)."""
    UNREACHABLE = "unreachable"
    """Telegram answered 403 (blocked the bot, account deleted), or the person has no Telegram account now."""
    UNCERTAIN = "uncertain"
    """The request left and no answer came (timeout, dropped connection, a sender that stopped mid-send):
    Telegram may have delivered it. Never resent by the engine; a person may resend it deliberately."""
    DROPPED = "dropped"
    """No longer meant for the person when its turn came (e.g. a reminder after the training was logged)."""
    SKIPPED = "skipped"
    """Its batch was closed before its turn (a reminder occasion missed or superseded)."""
    CANCELLED = "cancelled"
    """A person stopped its batch before its turn (an HR admin cancelled or stopped a broadcast)."""


FINAL_STATUSES = (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.UNREACHABLE, MessageStatus.UNCERTAIN,
                  MessageStatus.DROPPED, MessageStatus.SKIPPED, MessageStatus.CANCELLED)
COUNTED = tuple(status.value for status in FINAL_STATUSES)
"""The batch's counter columns: one per final status, named after it."""

PENDING_SQL = sa.text("status = 'pending'")
SENDING_SQL = sa.text("status = 'sending'")


class OutboxBatch(SQLModel, table=True):
    """Messages handed to the engine together; `total` rows, each final one counted under its status."""

    __tablename__ = "outbox_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, description="Which feature composes the messages ('broadcast', 'reminder')")
    total: int = Field(default=0, ge=0)
    sent: int = Field(default=0, ge=0)
    failed: int = Field(default=0, ge=0)
    unreachable: int = Field(default=0, ge=0)
    uncertain: int = Field(default=0, ge=0)
    dropped: int = Field(default=0, ge=0)
    skipped: int = Field(default=0, ge=0)
    cancelled: int = Field(default=0, ge=0)
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def done(self) -> int:
        return (self.sent + self.failed + self.unreachable + self.uncertain + self.dropped + self.skipped
                + self.cancelled)

    @property
    def left(self) -> int:
        """Rows not final yet (pending or being sent)."""
        return self.total - self.done


class OutboxMessage(SQLModel, table=True):
    """One message to one person: the unit the engine claims, sends and records."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # One row per person and batch: a reminder occasion or a broadcast reaches each person once.
        sa.UniqueConstraint("batch_id", "employee_id"),
        # The claim walks this index in its own order and stops after a few rows, whatever the statistics say
        # (the statement spells `status = 'pending'` as a literal, so a generic plan can still use it).
        sa.Index("ix_outbox_message_due", "not_before", "id", postgresql_where=PENDING_SQL, sqlite_where=PENDING_SQL),
        # A new lease holder finds the rows its predecessors left on the wire without reading the outbox.
        sa.Index("ix_outbox_message_sending", "epoch", postgresql_where=SENDING_SQL, sqlite_where=SENDING_SQL),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="outbox_batch.id", ondelete="CASCADE")
    # SET NULL: a person whose record is deleted leaves an anonymous row, so the counts stay true.
    employee_id: int | None = Field(default=None, foreign_key="employee.id", ondelete="SET NULL", index=True)
    chat_id: int | None = Field(
        default=None, sa_type=sa.BigInteger,
        description="Where it goes (a private chat's id is the user's id); cleared when the person deletes their data",
    )
    status: MessageStatus = Field(default=MessageStatus.PENDING, sa_type=enum_type(MessageStatus))
    attempts: int = Field(default=0, ge=0, description="Failed sends worth trying again (5xx, no connection)")
    not_before: datetime
    epoch: int | None = Field(default=None, description="The lease epoch of the claim: fences a replaced sender")
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    message_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    error: str | None = Field(default=None, max_length=255)


class OutboxLease(SQLModel, table=True):
    """Which process may send: one holder at a time keeps the overall rate true across processes. Renewed by
    the holder's heartbeat; taken over when it expires, with `epoch` + 1. The row is never deleted, so an
    epoch is never reused."""

    __tablename__ = "outbox_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    epoch: int = Field(default=1, ge=1)
    expires_at: datetime
