"""The outbox as features and the engine see it: batches in, claims and outcomes, counters kept exact.

Features write: `open_batch`, then `add_messages` (rows they computed) or `add_selected` (an INSERT … SELECT
the database runs, for audiences of hundreds of thousands), `close_batch` (what is still pending will not be
sent), `resend_uncertain`. The engine, under the lease: `claim`, `record`, `recover`.

At most once, by construction: a message goes `pending` → `sending` in one UPDATE that only one sender can
win (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite runs one writer at a time), committed before it is
sent, and carrying the claim's lease epoch. A message found `sending` under an older epoch belonged to a
sender that stopped or was replaced: it becomes `uncertain`, never sent again by the engine.

Counters: each change of a message to a final status adds one to its batch's counter of that status in the
same transaction, so `OutboxBatch` answers "how far" without counting rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.delivery.lease import Held, LeaseLost, fence
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee
from bot.storage.models.delivery import COUNTED, MessageStatus, OutboxBatch, OutboxMessage

INSERT_CHUNK = 5_000
ANALYZE_AFTER = 20_000
"""PostgreSQL: refresh the outbox's statistics after adding this many rows at once, so no plan is made
for a table it believes small (the claim's partial index does not depend on it; other queries might)."""
INTERRUPTED = "interrupted: the sender stopped mid-send, delivery unknown"
RESENT = "resent on request after an uncertain outcome"
_PENDING: sa.ColumnElement[str] = sa.literal_column("'pending'")
_SENDING: sa.ColumnElement[str] = sa.literal_column("'sending'")
_UNCERTAIN: sa.ColumnElement[str] = sa.literal_column("'uncertain'")
"""Literals, not parameters: a partial index (`WHERE status = 'pending'`) serves only a query that spells it."""


@dataclass(frozen=True)
class Claimed:
    id: int
    batch_id: int
    employee_id: int | None
    chat_id: int | None
    attempts: int
    epoch: int


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed message; written with others in `record`."""

    claimed: Claimed
    status: MessageStatus
    attempts: int
    not_before: datetime | None = None
    sent_at: datetime | None = None
    message_id: int | None = None
    error: str | None = None
    blocked: bool = False
    """Telegram said 403: the employee is marked as blocking the bot (reminders and broadcasts skip them)."""


def sent(claimed: Claimed, at: datetime, message_id: int) -> Outcome:
    return Outcome(claimed, MessageStatus.SENT, claimed.attempts, sent_at=at, message_id=message_id)


def final(claimed: Claimed, status: MessageStatus, error: str | None, *, blocked: bool = False) -> Outcome:
    return Outcome(claimed, status, claimed.attempts, error=error, blocked=blocked)


def pending(claimed: Claimed, not_before: datetime | None = None) -> Outcome:
    """Pending again, as it was (given back unsent) or from `not_before` (deferred by its kind); no attempt."""
    return Outcome(claimed, MessageStatus.PENDING, claimed.attempts, not_before=not_before)


def again(claimed: Claimed, not_before: datetime, error: str | None, *, attempt: bool, max_attempts: int) -> Outcome:
    """Pending again from `not_before`; `attempt` counts toward `max_attempts` (a 429 or a deferral does not:
    that is Telegram or the feature saying when, not a failure). Past the maximum the message fails."""
    attempts = claimed.attempts + (1 if attempt else 0)
    status = MessageStatus.FAILED if attempts >= max_attempts else MessageStatus.PENDING
    return Outcome(claimed, status, attempts, not_before=not_before, error=error)


# -- features: batches in ---------------------------------------------------------------------------------


async def open_batch(session: AsyncSession, kind: str, now: datetime) -> int:
    batch = table_of(OutboxBatch)
    connection = await core_connection(session)
    return int((await connection.execute(
        sa.insert(batch).values(kind=kind, created_at=now, total=0, **dict.fromkeys(COUNTED, 0)).returning(batch.c.id)
    )).scalar_one())


async def add_messages(session: AsyncSession, batch_id: int, people: Iterable[tuple[int | None, int | None]],
                       not_before: datetime) -> int:
    """One pending message per (employee_id, chat_id), in chunks; returns how many were added."""
    rows = [{"batch_id": batch_id, "employee_id": employee_id, "chat_id": chat_id, "status": "pending",
             "attempts": 0, "not_before": not_before} for employee_id, chat_id in people]
    connection = await core_connection(session)
    for start in range(0, len(rows), INSERT_CHUNK):
        await connection.execute(sa.insert(table_of(OutboxMessage)), rows[start : start + INSERT_CHUNK])
    await _grown(session, batch_id, len(rows))
    return len(rows)


async def add_selected(session: AsyncSession, batch_id: int, people: sa.Select[Any], not_before: datetime) -> int:
    """One pending message per row of `people` (employee_id, chat_id), written by the database itself in one
    INSERT … SELECT: nothing passes through Python, so half a million rows never stall the event loop."""
    message = table_of(OutboxMessage)
    chosen = people.subquery("chosen")
    connection = await core_connection(session)
    result = await connection.execute(
        sa.insert(message).from_select(
            ["batch_id", "employee_id", "chat_id", "status", "attempts", "not_before"],
            sa.select(sa.literal(batch_id), chosen.c[0], chosen.c[1], sa.literal("pending"), sa.literal(0),
                      sa.literal(not_before, type_=message.c.not_before.type)),
        )
    )
    added = int(result.rowcount)
    await _grown(session, batch_id, added)
    return added


async def _grown(session: AsyncSession, batch_id: int, added: int) -> None:
    batch = table_of(OutboxBatch)
    connection = await core_connection(session)
    await connection.execute(sa.update(batch).where(batch.c.id == batch_id).values(total=batch.c.total + added))
    if added >= ANALYZE_AFTER and connection.dialect.name == "postgresql":
        await connection.execute(sa.text("ANALYZE outbox_message"))


async def close_batch(session: AsyncSession, batch_id: int, now: datetime,
                      status: MessageStatus = MessageStatus.SKIPPED) -> int:
    """What is still pending will not be sent (`skipped`, or `cancelled` when a person stopped it); returns how
    many. Messages on the wire finish, and what was sent stays sent."""
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(message).where(message.c.batch_id == batch_id, message.c.status == _PENDING)
        .values(status=status.value)
    )
    closed = int(result.rowcount)
    await _count(session, {batch_id: Counter({status.value: closed})})
    return closed


async def resend_uncertain(session: AsyncSession, batch_id: int, now: datetime) -> int:
    """A person decided to send the uncertain messages of a batch again: pending from now; how many."""
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(message).where(message.c.batch_id == batch_id, message.c.status == _UNCERTAIN)
        .values(status=MessageStatus.PENDING.value, not_before=now, epoch=None, claimed_at=None, error=RESENT)
    )
    resent = int(result.rowcount)
    await _count(session, {batch_id: Counter({MessageStatus.UNCERTAIN.value: -resent})})
    return resent


async def forget_chat(session: AsyncSession, employee_id: int) -> None:
    """The person deleted their data: no message of theirs keeps their Telegram id. What is still pending is
    then answered "unreachable" by the engine instead of being sent."""
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    await connection.execute(sa.update(message).where(message.c.employee_id == employee_id).values(chat_id=None))


async def get_batch(session: AsyncSession, batch_id: int) -> OutboxBatch:
    batch = table_of(OutboxBatch)
    connection = await core_connection(session)
    row = (await connection.execute(sa.select(batch).where(batch.c.id == batch_id))).one()
    return OutboxBatch.model_validate(row._asdict())


async def _count(session: AsyncSession, changes: dict[int, Counter[str]]) -> None:
    """Add to batches' counters: {batch_id: {status: how many more}}."""
    batch = table_of(OutboxBatch)
    rows = [{"batch": batch_id, **{f"add_{name}": counts.get(name, 0) for name in COUNTED}}
            for batch_id, counts in changes.items() if any(counts.values())]
    if not rows:
        return
    connection = await core_connection(session)
    await connection.execute(
        sa.update(batch).where(batch.c.id == sa.bindparam("batch"))
        .values({name: batch.c[name] + sa.bindparam(f"add_{name}") for name in COUNTED}),
        rows,
    )


# -- the engine: claims and outcomes, under the lease -----------------------------------------------------


async def due(session: AsyncSession, now: datetime) -> bool:
    """Whether the engine has work: a message due now, or one left on the wire (by a sender that may have
    stopped: the lease holder will know). Two index probes."""
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    pending = sa.select(message.c.id).where(message.c.status == _PENDING, message.c.not_before <= now).limit(1)
    if (await connection.execute(pending)).first() is not None:
        return True
    sending = sa.select(message.c.id).where(message.c.status == _SENDING).limit(1)
    return (await connection.execute(sending)).first() is not None


async def claim(session: AsyncSession, held: Held, now: datetime, limit: int) -> list[Claimed]:
    """Atomically take up to `limit` due messages, earliest due first: `sending` under this epoch."""
    if not await fence(session, held):
        raise LeaseLost
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    due_rows = (
        sa.select(message.c.id)
        .where(message.c.status == _PENDING, message.c.not_before <= now)
        .order_by(message.c.not_before, message.c.id)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":  # another process skips the rows we are taking
        due_rows = due_rows.with_for_update(skip_locked=True)
    # A materialized CTE runs once: as a plain IN (subquery) PostgreSQL may rescan it, and with SKIP LOCKED
    # each rescan can pick other rows, so one claim would take more than `limit`.
    picked = due_rows.cte("picked").prefix_with("MATERIALIZED")
    taken = await connection.execute(
        sa.update(message)
        .where(message.c.id.in_(sa.select(picked.c.id)), message.c.status == _PENDING)
        .values(status=MessageStatus.SENDING.value, epoch=held.epoch, claimed_at=now)
        .returning(message.c.id, message.c.batch_id, message.c.employee_id, message.c.chat_id, message.c.attempts)
    )
    claimed = [Claimed(int(r.id), int(r.batch_id), r.employee_id, r.chat_id, int(r.attempts), held.epoch)
               for r in taken]
    return sorted(claimed, key=lambda c: c.id)


async def record(session: AsyncSession, held: Held, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write outcomes of this epoch's claims (one statement for all), their batches' counters, and the
    blocked marks. Raises `LeaseLost` (writing nothing) when another process holds the lease now."""
    outcomes = [o for o in outcomes if o.claimed.epoch == held.epoch]
    if not outcomes:
        return
    if not await fence(session, held):
        raise LeaseLost
    message, employee = table_of(OutboxMessage), table_of(Employee)
    connection = await core_connection(session)
    # Every row is `sending` under our epoch and no one else changes such rows (the fence holds), so every
    # outcome matches exactly one row and the counters below are exact.
    await connection.execute(
        sa.update(message)
        .where(message.c.id == sa.bindparam("row_id"), message.c.status == _SENDING,
               message.c.epoch == held.epoch)
        .values(status=sa.bindparam("new_status"), attempts=sa.bindparam("new_attempts"),
                not_before=sa.func.coalesce(sa.bindparam("new_not_before", type_=message.c.not_before.type),
                                            message.c.not_before),
                sent_at=sa.bindparam("new_sent_at", type_=message.c.sent_at.type),
                message_id=sa.bindparam("new_message_id"), error=sa.bindparam("new_error")),
        [{"row_id": o.claimed.id, "new_status": o.status.value, "new_attempts": o.attempts,
          "new_not_before": o.not_before, "new_sent_at": o.sent_at, "new_message_id": o.message_id,
          "new_error": o.error} for o in outcomes],
    )
    changes: dict[int, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        if o.status is not MessageStatus.PENDING:
            changes[o.claimed.batch_id][o.status.value] += 1
    await _count(session, changes)
    blocked = [{"employee": o.claimed.employee_id} for o in outcomes if o.blocked and o.claimed.employee_id]
    if blocked:
        await connection.execute(
            sa.update(employee)
            .where(employee.c.id == sa.bindparam("employee"), employee.c.telegram_blocked_at.is_(None))
            .values(telegram_blocked_at=now),
            blocked,
        )


async def recover(session: AsyncSession, held: Held, now: datetime) -> int:
    """Messages left `sending` by earlier epochs (a sender that died, froze or lost the lease): uncertain,
    never resent. Called by a new holder before it sends anything; returns how many."""
    if not await fence(session, held):
        raise LeaseLost
    message = table_of(OutboxMessage)
    connection = await core_connection(session)
    result = await connection.execute(
        sa.update(message).where(message.c.status == _SENDING, message.c.epoch < held.epoch)
        .values(status=MessageStatus.UNCERTAIN.value, error=INTERRUPTED)
        .returning(message.c.batch_id)
    )
    changes: dict[int, Counter[str]] = defaultdict(Counter)
    for (batch_id,) in result:
        changes[int(batch_id)][MessageStatus.UNCERTAIN.value] += 1
    await _count(session, changes)
    return sum(sum(c.values()) for c in changes.values())


async def kinds_of(session: AsyncSession, batch_ids: Iterable[int]) -> dict[int, str]:
    batch = table_of(OutboxBatch)
    connection = await core_connection(session)
    rows = await connection.execute(sa.select(batch.c.id, batch.c.kind).where(batch.c.id.in_(sorted(set(batch_ids)))))
    return {int(row.id): str(row.kind) for row in rows}
