"""Broadcasts HR can manage (/siaran daftar): list the scheduled and running ones with their progress, cancel a
scheduled one, stop a running one. And who sent a broadcast: its sender line (the sender's unit and agency).

Stopping goes through the outbox like everything else: the messages not yet claimed become `cancelled` in one
UPDATE (`outbox.close_batch`), the ones on the wire finish as they will, so what was sent stays sent and the
report's counts stay exact (sent + failed + unreachable + uncertain + cancelled = recipients). Only an HR admin
may; an admin limited to a unit only for the broadcasts they created (the rule of the resend button). Pressing
twice stops once: the second press is told when it was stopped and by whom (the database decides the winner).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast.audience import scope_units
from bot.broadcast.service import Counts
from bot.clock import Clock
from bot.delivery import outbox
from bot.storage.audit import audit, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.storage.models.delivery import MessageStatus

LISTED = 10
"""Broadcasts in one /siaran daftar, the newest first."""


@dataclass(frozen=True)
class Listed:
    broadcast: Broadcast
    counts: Counts
    scheduled: bool
    """Not started yet (its time has not come): cancelling it sends nothing at all."""
    sender_name: str | None


async def _allowed(session: AsyncSession, admin_id: int) -> sa.ColumnElement[bool]:
    """Which broadcasts the admin may see and stop; `AudienceRefused("siaran.not_hr")` for anyone else."""
    units = await scope_units(session, admin_id)
    return sa.true() if units is None else col(Broadcast.created_by) == admin_id


async def open_broadcasts(session: AsyncSession, admin_id: int, now: datetime) -> list[Listed]:
    """The admin's scheduled and running broadcasts (not finished, not stopped), newest first."""
    allowed = await _allowed(session, admin_id)
    rows = (await session.exec(
        select(Broadcast).where(col(Broadcast.status) == BroadcastStatus.ACTIVE, col(Broadcast.cancelled_at).is_(None),
                                allowed)
        .order_by(col(Broadcast.id).desc()).limit(LISTED)
    )).all()
    listed = []
    for broadcast in rows:
        counts = Counts.of(await outbox.get_batch(session, broadcast.batch_id))
        creator = await session.get(Employee, broadcast.created_by) if broadcast.created_by else None
        listed.append(Listed(broadcast, counts, broadcast.send_at > now and counts.sent == 0,
                             creator.name if creator else None))
    return listed


@dataclass(frozen=True)
class Stopped:
    broadcast_id: int
    cancelled: int
    """Messages that will not be sent (0 when this press was not the one that stopped it)."""
    scheduled: bool
    already: datetime | None = None
    """When it had been stopped before (a second press), else None."""
    finished: bool = False
    """It had finished before anyone stopped it: nothing to stop."""
    nothing_sent: bool = False
    """Every message was cancelled: it never started (no progress, no report)."""


async def stop_broadcast(session: AsyncSession, broadcast_id: int, admin_id: int, clock: Clock) -> Stopped:
    """Cancel a scheduled broadcast or stop a running one. `LookupError` when the admin may not (or it does
    not exist); `AudienceRefused` when they are no longer an HR admin."""
    allowed = await _allowed(session, admin_id)
    broadcast = (await session.exec(select(Broadcast).where(col(Broadcast.id) == broadcast_id, allowed))).first()
    if broadcast is None:
        raise LookupError(broadcast_id)
    now = clock.now()
    scheduled = broadcast.send_at > now
    if broadcast.cancelled_at is not None:
        return Stopped(broadcast_id, 0, scheduled, already=broadcast.cancelled_at)
    table = table_of(Broadcast)
    connection = await core_connection(session)
    won = await connection.execute(
        sa.update(table).where(table.c.id == broadcast_id, table.c.cancelled_at.is_(None),
                               table.c.status == BroadcastStatus.ACTIVE.value)
        .values(cancelled_at=now, cancelled_by=admin_id)
    )
    if not won.rowcount:
        await session.refresh(broadcast)
        if broadcast.cancelled_at is not None:
            return Stopped(broadcast_id, 0, scheduled, already=broadcast.cancelled_at)
        return Stopped(broadcast_id, 0, scheduled, finished=True)
    cancelled = await outbox.close_batch(session, broadcast.batch_id, now, status=MessageStatus.CANCELLED)
    nothing_sent = cancelled == broadcast.recipients
    if nothing_sent:  # nothing went out: no progress message, no report to wait for
        await connection.execute(sa.update(table).where(table.c.id == broadcast_id).values(
            status=BroadcastStatus.CANCELLED.value, finished_at=now, reported_at=now))
    audit(session, actor=employee_actor(admin_id), action="broadcast.stop", at=now,
          details={"broadcast_id": broadcast_id, "cancelled": cancelled, "scheduled": scheduled})
    return Stopped(broadcast_id, cancelled, scheduled, nothing_sent=nothing_sent)
