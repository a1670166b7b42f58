"""Broadcast use cases: create one (role, scope and markup checked again), and follow it to its report.

The sending itself (claiming rows, recording outcomes, the sender's lease) is in `bot.broadcast.outbox`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast.audience import Audience, recipients
from bot.broadcast.markup import check_html
from bot.clock import Clock
from bot.storage.audit import audit, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Unit
from bot.storage.models.broadcast import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    RecipientStatus,
)

_CHUNK = 5_000


@dataclass(frozen=True)
class Counts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    unreachable: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.sending + self.sent + self.failed + self.unreachable

    @property
    def done(self) -> bool:
        return self.pending == 0 and self.sending == 0

    def signature(self) -> str:
        """What the progress message shows, to never edit it with the same text ("message is not modified")."""
        return f"{self.sent}/{self.failed}/{self.unreachable}/{self.total}/{int(self.done)}"


@dataclass(frozen=True)
class Failure:
    nip: str | None
    name: str | None
    unit: str | None
    status: RecipientStatus
    attempts: int
    error: str | None


# -- composing --------------------------------------------------------------------------------------------


async def count_recipients(session: AsyncSession, admin_id: int, audience: Audience, today: date) -> int:
    """For the preview; raises `AudienceRefused` like `create_broadcast`."""
    return len(await recipients(session, admin_id, audience, today))


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
    """The broadcast and one pending outbox row per recipient, in the caller's transaction. Role, scope and
    markup are checked again here: the dialog's earlier checks may be minutes old."""
    now = clock.now()
    html = check_html(text)
    people = await recipients(session, admin_id, audience, today)
    at = send_at if send_at is not None and send_at > now else now
    broadcast = Broadcast(created_by=admin_id, admin_chat_id=admin_chat_id, lang=lang, text=html,
                          audience=audience.to_json(), recipients=len(people), send_at=at, created_at=now)
    session.add(broadcast)
    await session.flush()
    assert broadcast.id is not None
    rows = [{"broadcast_id": broadcast.id, "employee_id": m.employee_id, "chat_id": m.telegram_user_id,
             "status": RecipientStatus.PENDING.value, "attempts": 0, "not_before": at} for m in people]
    connection = await core_connection(session)
    for start in range(0, len(rows), _CHUNK):
        await connection.execute(sa.insert(table_of(BroadcastRecipient)), rows[start : start + _CHUNK])
    audit(session, actor=employee_actor(admin_id), action="broadcast.create", at=now,
          details={"broadcast_id": broadcast.id, "audience": audience.to_json(), "recipients": len(people),
                   "send_at": at.isoformat()})
    if not people:  # nothing to send: finished at once, and reported like any other
        broadcast.status = BroadcastStatus.FINISHED
        broadcast.finished_at = now
    return broadcast


# -- progress and the report ------------------------------------------------------------------------------


async def broadcasts_to_tend(session: AsyncSession, now: datetime) -> list[Broadcast]:
    """Broadcasts due now and not yet reported: the worker starts, follows and finishes them."""
    query = select(Broadcast).where(
        sa.or_(sa.and_(col(Broadcast.status) == BroadcastStatus.ACTIVE, col(Broadcast.send_at) <= now),
               sa.and_(col(Broadcast.status) == BroadcastStatus.FINISHED, col(Broadcast.reported_at).is_(None)))
    ).order_by(col(Broadcast.id))
    return list((await session.exec(query)).all())


async def counts(session: AsyncSession, broadcast_id: int) -> Counts:
    rows = table_of(BroadcastRecipient)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.select(rows.c.status, sa.func.count(rows.c.id))
        .where(rows.c.broadcast_id == broadcast_id)
        .group_by(rows.c.status)
    )
    return Counts(**{str(row[0]): int(row[1]) for row in result})


async def update_broadcast(session: AsyncSession, broadcast_id: int, **values: Any) -> None:
    broadcast = table_of(Broadcast)
    connection = await core_connection(session)
    await connection.execute(sa.update(broadcast).where(broadcast.c.id == broadcast_id).values(**values))


async def finish(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """Active → finished when no row is pending or sending; True for the one caller that made the change."""
    broadcast, rows = table_of(Broadcast), table_of(BroadcastRecipient)
    open_rows = sa.select(rows.c.id).where(
        rows.c.broadcast_id == broadcast_id,
        rows.c.status.in_([RecipientStatus.PENDING.value, RecipientStatus.SENDING.value]),
    )
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(broadcast)
        .where(broadcast.c.id == broadcast_id, broadcast.c.status == BroadcastStatus.ACTIVE.value,
               ~sa.exists(open_rows))
        .values(status=BroadcastStatus.FINISHED.value, finished_at=now)
    )
    return bool(result.rowcount)


async def failures(session: AsyncSession, broadcast_id: int) -> list[Failure]:
    """Recipients who did not get the message, with who they are and why (the CSV of the report)."""
    rows, employee, unit = table_of(BroadcastRecipient), table_of(Employee), table_of(Unit)
    query = (
        sa.select(employee.c.nip, employee.c.name, unit.c.code, rows.c.status, rows.c.attempts, rows.c.error)
        .select_from(rows.outerjoin(employee, employee.c.id == rows.c.employee_id)
                     .outerjoin(unit, unit.c.id == employee.c.unit_id))
        .where(rows.c.broadcast_id == broadcast_id,
               rows.c.status.in_([RecipientStatus.FAILED.value, RecipientStatus.UNREACHABLE.value]))
        .order_by(rows.c.id)
    )
    connection = await core_connection(session)
    return [Failure(r.nip, r.name, r.code, RecipientStatus(r.status), int(r.attempts), r.error)
            for r in await connection.execute(query)]


async def broadcast_text(session: AsyncSession, broadcast_id: int) -> str:
    broadcast = await session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    return broadcast.text
