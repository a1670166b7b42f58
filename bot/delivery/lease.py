"""The outbox lease: which process may send, for how long, and the epoch that fences a replaced holder.

One row (`outbox_lease`), never deleted. A process takes it when it is free or expired, raising `epoch` by
one; its heartbeat renews it every DELIVERY_HEARTBEAT_SECONDS; if the holder falls silent (killed, frozen,
partitioned) another process takes over once DELIVERY_TAKEOVER_SECONDS have passed since the last renewal.

Fencing, twice:
- In the database: every claim and every record starts with `fence`, an UPDATE of the lease row that only
  matches the holder's own epoch. It takes the row's lock, so a take-over (an UPDATE of the same row) runs
  either before it (and the fence fails) or after its transaction ends. A thawed old holder writes nothing.
- In the process: before each send the holder checks `Held.valid`, the time of its last confirmed renewal
  plus the take-over time, less a heartbeat of margin. A holder frozen past that sends nothing after it
  thaws, even the messages it had already claimed (they are reported uncertain by its successor).

Expiry is wall-clock time (UTC) from the processes themselves, not the business clock tests move; on
PostgreSQL, `idle_in_transaction_session_timeout` (bot.storage.db) must end a frozen holder's transaction,
or its row locks would block the take-over.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models.delivery import OutboxLease

NAME = "outbox"

WallClock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


def holder_id() -> str:
    """Names this process in the lease (unique across restarts and hosts)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Held:
    """This process's hold on the lease: the epoch it took, and when the hold was last confirmed."""

    holder: str
    epoch: int
    confirmed: float
    """`monotonic()` when the last successful renewal (or fence) started."""
    takeover: float
    margin: float
    wall: WallClock = wall_clock
    """The lease's clock: renewals set its expiry to `wall() + takeover`."""

    def valid(self, monotonic: float) -> bool:
        """Whether this process may still send: no other process can have taken the lease over yet."""
        return monotonic < self.confirmed + self.takeover - self.margin


async def acquire(session: AsyncSession, holder: str, now: datetime, takeover: float) -> int | None:
    """Take the lease if it is free or expired (or ours): the new epoch, or None while another holds it."""
    lease = table_of(OutboxLease)
    until = now + timedelta(seconds=takeover)
    connection = await core_connection(session)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    inserted = (await connection.execute(
        dialect.insert(lease).values(name=NAME, holder=holder, epoch=1, expires_at=until)
        .on_conflict_do_nothing(index_elements=["name"]).returning(lease.c.epoch)
    )).scalar_one_or_none()
    if inserted is not None:
        return int(inserted)
    taken = (await connection.execute(
        sa.update(lease)
        .where(lease.c.name == NAME, sa.or_(lease.c.expires_at < now, lease.c.holder == holder))
        .values(holder=holder, epoch=lease.c.epoch + 1, expires_at=until)
        .returning(lease.c.epoch)
    )).scalar_one_or_none()
    return None if taken is None else int(taken)


async def fence(session: AsyncSession, held: Held) -> bool:
    """Renew the lease for this epoch and lock its row until the transaction ends; False when another
    process has taken it over (then nothing else may be written in this transaction)."""
    lease = table_of(OutboxLease)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(lease)
        .where(lease.c.name == NAME, lease.c.holder == held.holder, lease.c.epoch == held.epoch)
        .values(expires_at=held.wall() + timedelta(seconds=held.takeover))
    )
    return result.rowcount == 1


async def release(session: AsyncSession, held: Held) -> None:
    """Let another process take the lease at once (the row stays: epochs are never reused)."""
    lease = table_of(OutboxLease)
    connection = await core_connection(session)
    await connection.execute(
        sa.update(lease)
        .where(lease.c.name == NAME, lease.c.holder == held.holder, lease.c.epoch == held.epoch)
        .values(expires_at=held.wall() - timedelta(seconds=1))
    )


class LeaseLost(Exception):
    """Another process took the lease over: this one must stop sending and writing."""
