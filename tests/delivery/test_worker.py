"""The delivery engine with a fake Telegram and fake time: the pace, what each Telegram answer leads to, kinds
that drop or defer, stops and restarts, a process dying mid-send, a frozen holder replaced and fenced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery import outbox
from bot.delivery.kinds import Composed, Defer, Drop, Message, Quiet
from bot.delivery.outbox import Claimed
from bot.delivery.worker import DeliveryWorker
from bot.services import Services
from bot.storage.models import Employee
from bot.storage.models.delivery import MessageStatus, OutboxMessage
from bot.storage.samples import MakeEmployee
from tests.delivery.fakes import Crash, FakeBot, FakeTime, lost_answer, make_worker, mortal
from tests.delivery.test_pacing import window_max


class Notes(Quiet):
    """A kind for tests: "Catatan <chat>", except the chats it is told to drop or defer."""

    name = "note"

    def __init__(self, clock: FakeClock, drop: Sequence[int] = (), defer: Sequence[int] = ()) -> None:
        self.clock = clock
        self.drop, self.defer = set(drop), set(defer)

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        answers: list[Composed] = []
        for message in claimed:
            if message.chat_id in self.drop:
                answers.append(Drop("not any more"))
            elif message.chat_id in self.defer:
                answers.append(Defer(self.clock.now() + timedelta(hours=1)))
            else:
                answers.append(Message(f"Catatan {message.chat_id}"))
        return answers


def services(engine_: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock,
             database_url: str, **settings: Any) -> Services:
    values: dict[str, Any] = {"TELEGRAM_BOT_TOKEN": "1:test", "DATABASE_URL": database_url, "BROADCAST_RATE": 50,
                              **settings}
    return Services(engine_, sessionmaker, clock, Settings(**values))


async def queue(svc: Services, people: Sequence[tuple[int | None, int]]) -> int:
    async with svc.session() as session:
        batch = await outbox.open_batch(session, "note", svc.clock.now())
        await outbox.add_messages(session, batch, people, svc.clock.now())
    return batch


async def by_chat(svc: Services) -> dict[int, OutboxMessage]:
    async with svc.session() as session:
        return {int(m.chat_id or 0): m for m in (await session.exec(select(OutboxMessage))).all()}


async def test_each_telegram_answer_leads_to_its_outcome_at_the_pace(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
    make_employee: MakeEmployee, session: AsyncSession,
) -> None:
    blocker = await make_employee(telegram_user_id=3)
    await session.commit()
    svc = services(engine, sessionmaker, clock, database_url)
    batch = await queue(svc, [(blocker.id if chat == 3 else None, chat) for chat in range(1, 121)])
    time = FakeTime()
    sent_at: list[float] = []
    bot = FakeBot(failures={1: [RetryAfter(timedelta(seconds=3))], 2: [NetworkError("Bad Gateway")],
                            3: [Forbidden("Forbidden: bot was blocked by the user")],
                            4: [BadRequest("Bad Request: chat not found")]},
                  delivered_then={5: [lost_answer()]}, on_send=lambda _: sent_at.append(time.now))
    worker = engine_of(svc, bot, time)
    await worker.drain(lambda: True)
    assert window_max(sent_at) <= 50
    rows = await by_chat(svc)
    assert [rows[c].status for c in (1, 2, 3, 4, 5)] == [
        MessageStatus.PENDING, MessageStatus.PENDING, MessageStatus.UNREACHABLE, MessageStatus.FAILED,
        MessageStatus.UNCERTAIN]
    assert rows[2].attempts == 1 and rows[1].attempts == 0  # a 429 is Telegram saying when, not a failure
    assert "may have been delivered" in (rows[5].error or "")
    async with svc.session() as s:
        assert (await s.get(Employee, blocker.id)).telegram_blocked_at is not None  # type: ignore[union-attr]
    clock.advance(timedelta(seconds=5))  # past the 429's 3 s and the first back-off's 2 s
    await worker.drain(lambda: True)
    assert bot.to(1) == ["Catatan 1"] and bot.to(2) == ["Catatan 2"]
    assert bot.to(5) == ["Catatan 5"]  # delivered once, its lost answer never made it go twice
    assert bot.to(3) == bot.to(4) == []
    assert sorted(bot.chats) == sorted(c for c in range(1, 121) if c not in (3, 4))
    async with svc.session() as s:
        counted = await outbox.get_batch(s, batch)
    assert (counted.sent, counted.unreachable, counted.failed, counted.uncertain, counted.left) == (117, 1, 1, 1, 0)


def engine_of(svc: Services, bot: FakeBot, time: FakeTime, holder: str = "w1", **kind: Any) -> DeliveryWorker:
    assert isinstance(svc.clock, FakeClock)
    return make_worker(svc, bot, time, [Notes(svc.clock, **kind)], holder)


async def test_the_kind_drops_what_is_no_longer_meant_and_defers_what_must_wait(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url)
    await queue(svc, [(None, chat) for chat in (1, 2, 3)])
    bot, time = FakeBot(), FakeTime()
    await engine_of(svc, bot, time, drop=[2], defer=[3]).drain(lambda: True)
    rows = await by_chat(svc)
    assert bot.chats == [1] and rows[2].status is MessageStatus.DROPPED and rows[3].status is MessageStatus.PENDING
    clock.advance(timedelta(hours=1))
    await engine_of(svc, bot, time).drain(lambda: True)
    assert bot.chats == [1, 3]


async def test_a_stop_mid_way_gives_back_what_was_not_sent_and_a_restart_finishes(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url, BROADCAST_RATE=100)
    await queue(svc, [(None, chat) for chat in range(1, 31)])
    bot, time = FakeBot(), FakeTime()
    await engine_of(svc, bot, time, "first").drain(lambda: len(bot.messages) < 6)
    rows = await by_chat(svc)
    assert {r.status for r in rows.values()} == {MessageStatus.SENT, MessageStatus.PENDING}
    await engine_of(svc, bot, time, "second").drain(lambda: True)  # the lease was released: no wait
    assert sorted(bot.chats) == list(range(1, 31))


async def test_a_process_dying_mid_send_leaves_uncertain_messages_and_is_replaced_after_the_takeover_time(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url)
    batch = await queue(svc, [(None, chat) for chat in range(1, 41)])
    dying = mortal(svc)
    bot, time = FakeBot(), FakeTime()

    def die_after_the_seventh(_: int) -> None:
        if len(bot.messages) == 7:
            dying.dead = True

    bot.on_send = die_after_the_seventh
    with pytest.raises(Crash):
        await engine_of(dying, bot, time, "dies").drain(lambda: True)
    delivered = list(bot.chats)
    assert 7 <= len(delivered) < 40
    bot.on_send = None
    successor = engine_of(svc, bot, time, "successor")
    await successor.drain(lambda: True)
    assert bot.chats == delivered  # the dead process's lease still holds
    time.now += svc.settings.DELIVERY_TAKEOVER_SECONDS + 0.1
    await successor.drain(lambda: True)
    assert len(bot.chats) == len(set(bot.chats))  # nobody twice
    rows = await by_chat(svc)
    uncertain = {c for c, r in rows.items() if r.status is MessageStatus.UNCERTAIN}
    assert uncertain and set(rows) == set(bot.chats) | uncertain
    assert all(rows[c].status in (MessageStatus.SENT, MessageStatus.UNCERTAIN) for c in bot.chats)
    async with svc.session() as s:
        counted = await outbox.get_batch(s, batch)
    assert counted.sent + counted.uncertain == 40 and counted.uncertain == len(uncertain)


class Freezable(Services):
    """Services of a process that can be frozen: every database session waits for the thaw."""

    thawed: asyncio.Event
    stuck: int = 0

    async def wait_for_thaw(self) -> None:
        if not self.thawed.is_set():
            self.stuck += 1
            await self.thawed.wait()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        await self.wait_for_thaw()
        async with super().session() as session:
            yield session


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for a condition that other tasks make true (they run while this one waits)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_a_frozen_holder_is_replaced_and_after_its_thaw_sends_and_writes_nothing(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url, BROADCAST_RATE=10)
    await queue(svc, [(None, chat) for chat in range(1, 61)])
    frozen = Freezable(svc.engine, svc.sessionmaker, svc.clock, svc.settings)
    frozen.thawed = asyncio.Event()
    frozen.thawed.set()
    bot, time = FakeBot(), FakeTime()
    old = engine_of(frozen, bot, time, "old")
    sleep = old.raw_sleep

    async def freezing_sleep(seconds: float) -> None:  # time stands still for the frozen process
        await frozen.wait_for_thaw()
        await sleep(seconds)

    old.raw_sleep = freezing_sleep

    def freeze_after_the_tenth(_: int) -> None:
        if len(bot.messages) == 10:
            frozen.thawed.clear()

    bot.on_send = freeze_after_the_tenth
    stuck = asyncio.create_task(old.drain(lambda: True))
    await until(lambda: frozen.stuck > 0)  # frozen at its next database session or sleep
    before_thaw = len(bot.messages)
    assert before_thaw >= 10 and not stuck.done()
    bot.on_send = None
    time.now += svc.settings.DELIVERY_TAKEOVER_SECONDS + 0.1
    await engine_of(svc, bot, time, "new").drain(lambda: True)
    replaced = len(bot.messages)
    assert replaced > before_thaw
    frozen.thawed.set()
    await asyncio.wait_for(stuck, 5)
    assert len(bot.messages) == replaced  # the thawed holder sent nothing more
    assert len(bot.chats) == len(set(bot.chats))
    rows = await by_chat(svc)
    assert {r.status for r in rows.values()} <= {MessageStatus.SENT, MessageStatus.UNCERTAIN}
    assert all(rows[c].status is MessageStatus.SENT for c in bot.chats[before_thaw:])


async def test_two_processes_on_one_database_send_each_message_once(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url)
    await queue(svc, [(None, chat) for chat in range(1, 51)])
    bot, time = FakeBot(), FakeTime()
    await asyncio.gather(engine_of(svc, bot, time, "a").drain(lambda: True),
                         engine_of(svc, bot, time, "b").drain(lambda: True))
    await engine_of(svc, bot, time, "c").drain(lambda: True)
    assert sorted(bot.chats) == list(range(1, 51))


async def test_5xx_and_unreached_servers_give_up_after_the_last_attempt(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    svc = services(engine, sessionmaker, clock, database_url, BROADCAST_MAX_ATTEMPTS=3)
    await queue(svc, [(None, 1)])
    bot = FakeBot(failures={1: [NetworkError("Bad Gateway")] * 3})
    time = FakeTime()
    for _ in range(4):
        await engine_of(svc, bot, time).drain(lambda: True)
        clock.advance(timedelta(minutes=1))
    row = (await by_chat(svc))[1]
    assert (row.status, row.attempts, row.error) == (MessageStatus.FAILED, 3, "Bad Gateway")
    assert bot.to(1) == []


async def test_a_long_flood_pause_keeps_the_lease(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, database_url: str,
) -> None:
    """Three 429s in a second pause every send for 30 s: the holder renews its lease while it waits."""
    svc = services(engine, sessionmaker, clock, database_url)
    await queue(svc, [(None, chat) for chat in range(1, 21)])
    flood = [RetryAfter(timedelta(seconds=30))]
    bot, time = FakeBot(failures={1: list(flood), 2: list(flood), 3: list(flood)}), FakeTime()
    worker = engine_of(svc, bot, time)
    await worker.drain(lambda: True)
    clock.advance(timedelta(seconds=31))
    await worker.drain(lambda: True)
    assert sorted(bot.chats) == list(range(1, 21)) and max(time.slept) <= 1.0  # slept in steps, renewing
    async with svc.session() as s:
        assert (await s.exec(select(OutboxMessage).where(col(OutboxMessage.status) != MessageStatus.SENT))).all() == []
