"""The outbox on SQLite and PostgreSQL: claims no two senders share, the lease and its epochs fencing a replaced
holder, counters that stay exact, and a claim that stays an index walk whatever the table's size."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.delivery import lease, outbox
from bot.delivery.lease import Held, LeaseLost
from bot.storage.db import session_scope
from bot.storage.models import Employee
from bot.storage.models.delivery import MessageStatus, OutboxMessage
from bot.storage.samples import MakeEmployee
from tests.delivery.fakes import FakeTime

TAKEOVER = 5.0


async def holding(session: AsyncSession, holder: str, time: FakeTime) -> Held:
    epoch = await lease.acquire(session, holder, time.wall(), TAKEOVER)
    assert epoch is not None, f"{holder} could not take the lease"
    await session.commit()
    return Held(holder, epoch, time.monotonic(), TAKEOVER, margin=1.0, wall=time.wall)


async def batch_of(session: AsyncSession, clock: FakeClock, chats: range, kind: str = "note") -> int:
    batch = await outbox.open_batch(session, kind, clock.now())
    await outbox.add_messages(session, batch, [(None, chat) for chat in chats], clock.now())
    await session.commit()
    return batch


async def statuses(session: AsyncSession) -> dict[int, MessageStatus]:
    rows = (await session.exec(select(OutboxMessage.chat_id, OutboxMessage.status))).all()
    return {int(chat or 0): status for chat, status in rows}


async def test_two_senders_claiming_at_once_never_share_a_message(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    for start in (0, 100, 200):
        await batch_of(session, clock, range(start, start + 15))
    time = FakeTime()
    held = await holding(session, "one", time)

    async def take() -> list[int]:  # two tasks of one holder racing, as two processes would without the lease
        taken: list[int] = []
        while True:
            async with session_scope(sessionmaker) as own:
                claimed = await outbox.claim(own, held, clock.now(), 3)
            if not claimed:
                return taken
            taken += [c.id for c in claimed]

    first, second = await asyncio.gather(take(), take())
    assert not set(first) & set(second) and len(first) + len(second) == 45


async def test_what_is_scheduled_is_not_due_before_its_time(session: AsyncSession, clock: FakeClock) -> None:
    batch = await outbox.open_batch(session, "note", clock.now())
    await outbox.add_messages(session, batch, [(None, 1), (None, 2)], clock.now() + timedelta(hours=1))
    await session.commit()
    held = await holding(session, "one", FakeTime())
    assert not await outbox.due(session, clock.now())
    assert await outbox.claim(session, held, clock.now(), 10) == []
    later = clock.now() + timedelta(hours=1)
    assert await outbox.due(session, later) and len(await outbox.claim(session, held, later, 10)) == 2


async def test_the_lease_passes_on_only_when_its_holder_falls_silent(session: AsyncSession) -> None:
    time = FakeTime()
    first = await holding(session, "first", time)
    assert await lease.acquire(session, "second", time.wall(), TAKEOVER) is None
    time.now += 4  # a heartbeat keeps it
    assert await lease.fence(session, first)
    await session.commit()
    time.now += 4.5
    assert await lease.acquire(session, "second", time.wall(), TAKEOVER) is None
    time.now += 1  # silent for 5.5 s: replaced, with the next epoch
    second = await holding(session, "second", time)
    assert second.epoch == first.epoch + 1
    assert not await lease.fence(session, first)  # the old holder can no longer renew
    await lease.release(session, second)
    await session.commit()
    third = await holding(session, "third", time)  # released: taken at once
    assert third.epoch == second.epoch + 1


async def test_a_replaced_holder_can_neither_claim_nor_record_and_its_messages_become_uncertain(
    session: AsyncSession, clock: FakeClock, make_employee: MakeEmployee
) -> None:
    blocker = await make_employee(telegram_user_id=77)
    await session.commit()
    batch = await outbox.open_batch(session, "note", clock.now())
    await outbox.add_messages(session, batch, [(blocker.id, 77), *((None, chat) for chat in range(1, 10))],
                              clock.now())
    await session.commit()
    time = FakeTime()
    old = await holding(session, "old", time)
    on_the_wire = await outbox.claim(session, old, clock.now(), 4)
    await session.commit()
    time.now += 10  # the old holder froze; its lease ran out
    new = await holding(session, "new", time)
    assert await outbox.recover(session, new, clock.now()) == 4
    mine = await outbox.claim(session, new, clock.now(), 3)
    await outbox.record(session, new, [
        outbox.sent(mine[0], clock.now(), 501),
        outbox.final(mine[1], MessageStatus.FAILED, "Bad Request: chat not found"),
        outbox.again(mine[2], clock.now() + timedelta(seconds=2), "Bad Gateway", attempt=True, max_attempts=5),
    ], clock.now())
    await session.commit()
    # the old holder thaws: it may not claim, and what it would record about its messages is not written
    with pytest.raises(LeaseLost):
        await outbox.claim(session, old, clock.now(), 3)
    await session.rollback()
    with pytest.raises(LeaseLost):
        await outbox.record(session, old, [outbox.sent(c, clock.now(), 9) for c in on_the_wire], clock.now())
    await session.rollback()
    found = await statuses(session)
    assert [found[c.chat_id or 0] for c in on_the_wire] == [MessageStatus.UNCERTAIN] * 4
    assert (found[mine[0].chat_id or 0], found[mine[1].chat_id or 0], found[mine[2].chat_id or 0]) == (
        MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.PENDING)
    counted = await outbox.get_batch(session, batch)
    assert (counted.total, counted.sent, counted.failed, counted.uncertain, counted.left) == (10, 1, 1, 4, 4)


async def test_outcomes_mark_blocked_people_and_keep_the_counters_exact(
    session: AsyncSession, clock: FakeClock, make_employee: MakeEmployee
) -> None:
    people = [await make_employee(telegram_user_id=900 + k) for k in range(3)]
    await session.commit()
    batch = await outbox.open_batch(session, "note", clock.now())
    await outbox.add_messages(session, batch, [(p.id, p.telegram_user_id) for p in people], clock.now())
    await session.commit()
    held = await holding(session, "one", FakeTime())
    claimed = await outbox.claim(session, held, clock.now(), 3)
    await outbox.record(session, held, [
        outbox.final(claimed[0], MessageStatus.UNREACHABLE, "Forbidden: bot was blocked by the user", blocked=True),
        outbox.final(claimed[1], MessageStatus.UNCERTAIN, "Timed out (may have been delivered)"),
        outbox.final(claimed[2], MessageStatus.DROPPED, "no longer due"),
    ], clock.now())
    await session.commit()
    blocked = (await session.exec(select(Employee.id).where(col(Employee.telegram_blocked_at).is_not(None)))).all()
    assert list(blocked) == [people[0].id]
    counted = await outbox.get_batch(session, batch)
    assert (counted.unreachable, counted.uncertain, counted.dropped, counted.left) == (1, 1, 1, 0)
    # a person resends the uncertain one deliberately: pending again, counted out of `uncertain`
    assert await outbox.resend_uncertain(session, batch, clock.now()) == 1
    assert await outbox.resend_uncertain(session, batch, clock.now()) == 0
    await session.commit()
    counted = await outbox.get_batch(session, batch)
    assert (counted.uncertain, counted.left) == (0, 1)
    assert len(await outbox.claim(session, held, clock.now(), 3)) == 1


async def test_closing_a_batch_skips_what_is_pending_and_leaves_what_is_on_the_wire(
    session: AsyncSession, clock: FakeClock
) -> None:
    batch = await batch_of(session, clock, range(1, 6))
    held = await holding(session, "one", FakeTime())
    [wire] = await outbox.claim(session, held, clock.now(), 1)
    assert await outbox.close_batch(session, batch, clock.now()) == 4
    await outbox.record(session, held, [outbox.sent(wire, clock.now(), 1)], clock.now())
    await session.commit()
    counted = await outbox.get_batch(session, batch)
    assert (counted.sent, counted.skipped, counted.left) == (1, 4, 0)


async def test_the_person_s_telegram_id_can_be_forgotten_and_is_then_unreachable(
    session: AsyncSession, clock: FakeClock, make_employee: MakeEmployee
) -> None:
    person = await make_employee(telegram_user_id=4242)
    await session.commit()
    batch = await outbox.open_batch(session, "note", clock.now())
    await outbox.add_messages(session, batch, [(person.id, 4242)], clock.now())
    assert person.id is not None
    await outbox.forget_chat(session, person.id)
    await session.commit()
    held = await holding(session, "one", FakeTime())
    [claimed] = await outbox.claim(session, held, clock.now(), 1)
    assert claimed.chat_id is None and claimed.employee_id == person.id


async def test_the_claim_walks_the_partial_index_without_fresh_statistics(
    session: AsyncSession, clock: FakeClock
) -> None:
    """Issue 17: right after a large outbox is written the planner's statistics are stale; the claim must not
    sort the outbox. Its plan is an index walk on `ix_outbox_message_due`, on both databases."""
    for start in range(0, 30_000, 10_000):
        await batch_of(session, clock, range(start, start + 10_000))  # below ANALYZE_AFTER each time
    held = await holding(session, "one", FakeTime())
    connection = await session.connection()
    message = OutboxMessage.__table__  # type: ignore[attr-defined]
    query = (sa.select(message.c.id).where(message.c.status == sa.literal_column("'pending'"),
                                           message.c.not_before <= clock.now())
             .order_by(message.c.not_before, message.c.id).limit(3))
    compiled = query.compile(connection.sync_connection, compile_kwargs={"literal_binds": True})  # type: ignore[union-attr]
    explain = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    plan = "\n".join(str(row[-1]) for row in await connection.execute(sa.text(explain + str(compiled))))
    assert "ix_outbox_message_due" in plan and "sort" not in plan.lower(), plan
    assert len(await outbox.claim(session, held, clock.now(), 3)) == 3
