"""The outbox as the sender sees it: the lease, claiming rows, recording what Telegram answered.

At most once, by construction: recipient rows go `pending` → `sending` in one UPDATE that only one sender
can win (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite runs one writer at a time), committed before any
of their messages is sent. A row found `sending` by a new lease holder belonged to a sender that died
mid-send: it is marked failed ("interrupted"), never sent again, and listed in the admin's report.

Claims and outcomes go in small batches (a tenth of a second's worth at BROADCAST_RATE), so a fast
broadcast costs a few transactions a second, not two per message; a crash leaves at most one batch
uncertain, and uncertain is reported, never resent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee
from bot.storage.models.broadcast import (
    Broadcast,
    BroadcastLease,
    BroadcastRecipient,
    BroadcastStatus,
    RecipientStatus,
)

LEASE_NAME = "broadcast"
INTERRUPTED = "interrupted: the sender stopped mid-send, delivery unknown"
ERROR_LENGTH = 255


@dataclass(frozen=True)
class Claimed:
    id: int
    broadcast_id: int
    chat_id: int
    employee_id: int | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed row; written with others in `record`."""

    claimed: Claimed
    status: RecipientStatus
    attempts: int
    not_before: datetime | None = None
    sent_at: datetime | None = None
    message_id: int | None = None
    error: str | None = None


def sent(claimed: Claimed, at: datetime, message_id: int) -> Outcome:
    return Outcome(claimed, RecipientStatus.SENT, claimed.attempts, sent_at=at, message_id=message_id)


def failed(claimed: Claimed, error: str, status: RecipientStatus = RecipientStatus.FAILED) -> Outcome:
    return Outcome(claimed, status, claimed.attempts, error=error[:ERROR_LENGTH])


def retry(claimed: Claimed, not_before: datetime, error: str, *, attempt: bool, max_attempts: int) -> Outcome:
    """Pending again from `not_before`; `attempt` counts toward `max_attempts` (a 429 does not: it is
    Telegram saying when, not a failure). Past the maximum the row fails for good."""
    attempts = claimed.attempts + (1 if attempt else 0)
    status = RecipientStatus.FAILED if attempts >= max_attempts else RecipientStatus.PENDING
    return Outcome(claimed, status, attempts, not_before=not_before, error=error[:ERROR_LENGTH])


# -- the sender's lease -----------------------------------------------------------------------------------


async def acquire_lease(session: AsyncSession, holder: str, now: datetime, seconds: float) -> bool:
    """Take (or renew) the right to send; False while another live holder has it."""
    lease = table_of(BroadcastLease)
    until = now + timedelta(seconds=seconds)
    connection = await core_connection(session)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    inserted = await connection.execute(
        dialect.insert(lease).values(name=LEASE_NAME, holder=holder, expires_at=until)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    if inserted.rowcount == 1:
        return True
    updated = await connection.execute(
        sa.update(lease)
        .where(lease.c.name == LEASE_NAME, sa.or_(lease.c.holder == holder, lease.c.expires_at < now))
        .values(holder=holder, expires_at=until)
    )
    return updated.rowcount == 1


async def release_lease(session: AsyncSession, holder: str) -> None:
    lease = table_of(BroadcastLease)
    connection = await core_connection(session)
    await connection.execute(sa.delete(lease).where(lease.c.name == LEASE_NAME, lease.c.holder == holder))


async def recover_interrupted(session: AsyncSession) -> int:
    """Rows left `sending` by a sender that stopped mid-send: failed, never resent (Telegram may have
    delivered them). Called by a new lease holder before it sends anything, so no live drain owns those
    rows; if their sender was merely slow, its own outcome still lands (`record` accepts it)."""
    rows = table_of(BroadcastRecipient)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(rows)
        .where(rows.c.status == RecipientStatus.SENDING.value)
        .values(status=RecipientStatus.FAILED.value, error=INTERRUPTED)
    )
    return int(result.rowcount or 0)


# -- claiming and recording -------------------------------------------------------------------------------


async def due_work(session: AsyncSession, now: datetime) -> bool:
    """Whether a broadcast is due (being sent, or finished but not yet reported)."""
    broadcast = table_of(Broadcast)
    connection = await core_connection(session)
    query = sa.select(broadcast.c.id).where(
        sa.or_(sa.and_(broadcast.c.status == BroadcastStatus.ACTIVE.value, broadcast.c.send_at <= now),
               sa.and_(broadcast.c.status == BroadcastStatus.FINISHED.value, broadcast.c.reported_at.is_(None)))
    ).limit(1)
    return (await connection.execute(query)).first() is not None


async def claim(session: AsyncSession, holder: str, now: datetime, limit: int) -> list[Claimed]:
    """Atomically take up to `limit` due rows (oldest broadcast first): `sending`, and ours, once committed."""
    rows, broadcast = table_of(BroadcastRecipient), table_of(Broadcast)
    connection = await core_connection(session)
    due = (
        sa.select(rows.c.id)
        .join(broadcast, broadcast.c.id == rows.c.broadcast_id)
        .where(rows.c.status == RecipientStatus.PENDING.value, rows.c.not_before <= now,
               broadcast.c.status == BroadcastStatus.ACTIVE.value, broadcast.c.send_at <= now)
        .order_by(rows.c.status, rows.c.broadcast_id, rows.c.id)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":  # another process skips the rows we are taking
        due = due.with_for_update(of=rows, skip_locked=True)
    # A materialized CTE runs once: as a plain IN (subquery) PostgreSQL may rescan it, and with SKIP LOCKED
    # each rescan can pick other rows, so one claim would take more than `limit`.
    picked = due.cte("picked").prefix_with("MATERIALIZED")
    taken = await connection.execute(
        sa.update(rows)
        .where(rows.c.id.in_(sa.select(picked.c.id)), rows.c.status == RecipientStatus.PENDING.value)
        .values(status=RecipientStatus.SENDING.value, claimed_by=holder, claimed_at=now)
        .returning(rows.c.id, rows.c.broadcast_id, rows.c.chat_id, rows.c.employee_id, rows.c.attempts)
    )
    claimed = [Claimed(int(r.id), int(r.broadcast_id), int(r.chat_id), r.employee_id, int(r.attempts))
               for r in taken]
    return sorted(claimed, key=lambda c: c.id)


async def release(session: AsyncSession, holder: str, claimed: Sequence[Claimed]) -> None:
    """Claimed rows this sender will not send after all (it is stopping): pending again, untouched."""
    rows = table_of(BroadcastRecipient)
    connection = await core_connection(session)
    await connection.execute(
        sa.update(rows)
        .where(rows.c.id.in_([c.id for c in claimed]), rows.c.claimed_by == holder,
               rows.c.status == RecipientStatus.SENDING.value)
        .values(status=RecipientStatus.PENDING.value, claimed_by=None, claimed_at=None)
    )


async def record(session: AsyncSession, holder: str, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write outcomes (one statement for all rows); a 403 also marks the employee as having blocked the bot."""
    if not outcomes:
        return
    rows, employee = table_of(BroadcastRecipient), table_of(Employee)
    connection = await core_connection(session)
    await connection.execute(
        sa.update(rows)
        .where(rows.c.id == sa.bindparam("row_id"), rows.c.claimed_by == holder,
               sa.or_(rows.c.status == RecipientStatus.SENDING.value,  # not IN: executemany cannot expand lists
                      rows.c.status == RecipientStatus.FAILED.value))
        .values(status=sa.bindparam("new_status"), attempts=sa.bindparam("new_attempts"),
                not_before=sa.func.coalesce(sa.bindparam("new_not_before", type_=rows.c.not_before.type),
                                            rows.c.not_before),
                sent_at=sa.bindparam("new_sent_at", type_=rows.c.sent_at.type),
                message_id=sa.bindparam("new_message_id"), error=sa.bindparam("new_error"),
                claimed_by=sa.bindparam("new_claimed_by")),
        [{"row_id": o.claimed.id, "new_status": o.status.value, "new_attempts": o.attempts,
          "new_not_before": o.not_before, "new_sent_at": o.sent_at, "new_message_id": o.message_id,
          "new_error": o.error, "new_claimed_by": None if o.status is RecipientStatus.PENDING else holder}
         for o in outcomes],
    )
    blocked = [{"employee": o.claimed.employee_id} for o in outcomes
               if o.status is RecipientStatus.UNREACHABLE and o.claimed.employee_id is not None]
    if blocked:
        await connection.execute(
            sa.update(employee)
            .where(employee.c.id == sa.bindparam("employee"), employee.c.telegram_blocked_at.is_(None))
            .values(telegram_blocked_at=now),
            blocked,
        )
