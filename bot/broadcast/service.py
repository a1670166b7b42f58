"""Broadcast use cases: create one (role, scope and markup checked again), follow it to its report, and resend
what is uncertain when the admin asks.

The messages are rows of the one outbox (`bot.delivery`), in the broadcast's batch; the engine sends them and
keeps the batch's counters, which are what the progress message and the report show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast.audience import Audience, audience_select, count, scope_units
from bot.broadcast.markup import check_html
from bot.broadcast.sender import sender_line
from bot.clock import Clock
from bot.delivery import outbox
from bot.storage.audit import audit, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Unit
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.storage.models.delivery import COUNTED, MessageStatus, OutboxBatch, OutboxMessage

KIND = "broadcast"
NOT_DELIVERED = (MessageStatus.FAILED, MessageStatus.UNREACHABLE, MessageStatus.UNCERTAIN)


@dataclass(frozen=True)
class Counts:
    """Where a broadcast stands: `sent + failed + unreachable + uncertain + left == total`."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    uncertain: int = 0
    """Sent, but Telegram's answer never came: the person may or may not have it."""
    cancelled: int = 0
    """Not sent because an HR admin cancelled or stopped the broadcast first."""

    @classmethod
    def of(cls, batch: OutboxBatch) -> Counts:
        # A broadcast never drops or skips a message; were one to, it would show as not delivered.
        return cls(batch.total, batch.sent, batch.failed + batch.dropped + batch.skipped, batch.unreachable,
                   batch.uncertain, batch.cancelled)

    @property
    def left(self) -> int:
        return self.total - self.sent - self.failed - self.unreachable - self.uncertain - self.cancelled

    @property
    def done(self) -> bool:
        return self.left == 0

    def signature(self) -> str:
        """What the progress message shows, to never edit it with the same text ("message is not modified")."""
        return (f"{self.sent}/{self.failed}/{self.unreachable}/{self.uncertain}/{self.cancelled}/{self.total}/"
                f"{int(self.done)}")


@dataclass(frozen=True)
class Failure:
    nip: str | None
    name: str | None
    unit: str | None
    status: MessageStatus
    attempts: int
    error: str | None


# -- composing --------------------------------------------------------------------------------------------


async def count_recipients(session: AsyncSession, admin_id: int, audience: Audience, today: date) -> int:
    """For the preview; raises `AudienceRefused` like `create_broadcast`."""
    return await count(session, admin_id, audience, today)


async def create_broadcast(
    session: AsyncSession,
    *,
    admin_id: int,
    admin_chat_id: int,
    lang: str,
    text: str,
    audience: Audience,
    send_at: datetime | None,
    today: date,
    clock: Clock,
) -> Broadcast:
    """The broadcast and one pending outbox message per recipient, in the caller's transaction (so the
    dialog's confirmation and the outbox commit together). Role, scope and markup are checked again here:
    the dialog's earlier checks may be minutes old. The recipients are chosen and written by the database
    in one INSERT … SELECT, so even 500,000 of them leave the event loop free while it works."""
    now = clock.now()
    html = check_html(text)
    people = await audience_select(session, admin_id, audience, today)
    at = send_at if send_at is not None and send_at > now else now
    batch_id = await outbox.open_batch(session, KIND, now)
    added = await outbox.add_selected(session, batch_id, people, at)
    broadcast = Broadcast(batch_id=batch_id, created_by=admin_id, admin_chat_id=admin_chat_id, lang=lang, text=html,
                          audience=audience.to_json(), recipients=added, send_at=at, created_at=now,
                          sender=await sender_line(session, admin_id))
    if not added:  # nothing to send: finished at once, and reported like any other
        broadcast.status = BroadcastStatus.FINISHED
        broadcast.finished_at = now
    session.add(broadcast)
    await session.flush()
    audit(session, actor=employee_actor(admin_id), action="broadcast.create", at=now,
          details={"broadcast_id": broadcast.id, "audience": audience.to_json(), "recipients": added,
                   "send_at": at.isoformat()})
    return broadcast


# -- progress and the report ------------------------------------------------------------------------------


def _to_tend(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(col(Broadcast.status) == BroadcastStatus.ACTIVE, col(Broadcast.send_at) <= now),
        sa.and_(col(Broadcast.status) == BroadcastStatus.FINISHED, col(Broadcast.reported_at).is_(None)),
    )


async def broadcasts_to_tend(session: AsyncSession, now: datetime) -> list[Broadcast]:
    """Broadcasts due now and not yet reported: the engine starts, follows and finishes them."""
    return list((await session.exec(select(Broadcast).where(_to_tend(now)).order_by(col(Broadcast.id)))).all())


async def any_to_tend(session: AsyncSession, now: datetime) -> bool:
    return (await session.exec(select(Broadcast.id).where(_to_tend(now)).limit(1))).first() is not None


async def counts(session: AsyncSession, broadcast_id: int) -> Counts:
    """From the batch's counters: one row read, however many recipients."""
    broadcast = await session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    return Counts.of(await outbox.get_batch(session, broadcast.batch_id))


async def update_broadcast(session: AsyncSession, broadcast_id: int, **values: Any) -> None:
    broadcast = table_of(Broadcast)
    connection = await core_connection(session)
    await connection.execute(sa.update(broadcast).where(broadcast.c.id == broadcast_id).values(**values))


async def finish(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Active → finished once every message is final; True for the one caller that made the change."""
    broadcast, batch = table_of(Broadcast), table_of(OutboxBatch)
    settled = sa.select(batch.c.id).where(
        batch.c.id == broadcast.c.batch_id,
        batch.c.total == sum((batch.c[name] for name in COUNTED), sa.literal(0)),
    )
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(broadcast)
        .where(broadcast.c.id == broadcast_id, broadcast.c.status == BroadcastStatus.ACTIVE.value, sa.exists(settled))
        .values(status=BroadcastStatus.FINISHED.value, finished_at=now)
    )
    return bool(result.rowcount)


async def failures(session: AsyncSession, broadcast_id: int) -> list[Failure]:
    """Recipients who did not surely get the message, with who they are and why (the CSV of the report):
    failed, unreachable, and uncertain (Telegram may have delivered those)."""
    message, employee, unit, broadcast = (table_of(OutboxMessage), table_of(Employee), table_of(Unit),
                                          table_of(Broadcast))
    query = (
        sa.select(employee.c.nip, employee.c.name, unit.c.code, message.c.status, message.c.attempts,
                  message.c.error)
        .select_from(message.join(broadcast, broadcast.c.batch_id == message.c.batch_id)
                     .outerjoin(employee, employee.c.id == message.c.employee_id)
                     .outerjoin(unit, unit.c.id == employee.c.unit_id))
        .where(broadcast.c.id == broadcast_id, message.c.status.in_([s.value for s in NOT_DELIVERED]))
        .order_by(message.c.id)
    )
    connection = await core_connection(session)
    return [Failure(r.nip, r.name, r.code, MessageStatus(r.status), int(r.attempts), r.error)
            for r in await connection.execute(query)]


async def broadcast_text(session: AsyncSession, broadcast_id: int) -> str:
    broadcast = await session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    return broadcast.text


# -- resending what is uncertain ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Resent:
    broadcast_id: int
    count: int
    """How many uncertain messages were queued again (0: none left, e.g. already resent)."""


async def resend_uncertain(session: AsyncSession, broadcast_id: int, admin_id: int, clock: Clock) -> Resent:
    """The admin chose to send the uncertain messages again (some people may then have it twice): they are
    pending from now, and the broadcast reports again when they are final. Only an HR admin may, and a
    scoped one only for a broadcast they created themselves. Pressing twice resends once."""
    allowed = await scope_units(session, admin_id)  # AudienceRefused("siaran.not_hr") for anyone else
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or (allowed is not None and broadcast.created_by != admin_id):
        raise LookupError(broadcast_id)
    now = clock.now()
    resent = await outbox.resend_uncertain(session, broadcast.batch_id, now)
    if resent:
        await update_broadcast(session, broadcast_id, status=BroadcastStatus.ACTIVE.value, finished_at=None,
                               reported_at=None, progress_message_id=None, progress_shown=None)
        audit(session, actor=employee_actor(admin_id), action="broadcast.resend_uncertain", at=now,
              details={"broadcast_id": broadcast_id, "messages": resent})
    return Resent(broadcast_id, resent)
